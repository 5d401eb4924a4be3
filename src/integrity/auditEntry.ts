// Every kind of audit entry, with the details it records: parameters and counts, never message content.
// An entry is stored (and hashed, integrity/chain.ts) as its operation and the JSON text of its details,
// keys in the order the writer gives them: entries already written must keep verifying, so a field is
// only ever added (older entries lack it: optional here), never renamed, reordered or removed.
import type { Policy } from '../retention/period.js';
import type { BundleSelection } from './manifest.js';

/** An import's messages, or those a purge removed from it: how many and their set digest (integrity/digest.ts). */
export interface ImportDigest {
  importId: number;
  messages: number;
  digest: string;
}

/** What an import read, and what it added (store/imports.ts). */
export interface ImportDetails {
  /** null: the import wrote no rows (the same file again, `sameFile`, or an export without messages). */
  importId: number | null;
  added: number;
  duplicates: number;
  /** The set digest of the messages added; null with importId null. */
  digest: string | null;
  chat: string;
  source: string;
  sha256: string;
  platform: string;
  tz: string;
  dateOrder: string;
  /** The wa-archive version that parsed it: a newer parser may read more of the same file. */
  toolVersion: string;
  /** How many records the export has. */
  records: number;
  sameFile?: true;
  // What the export told about messages already archived (ops/laterExport.ts); from schema 4 on.
  expired?: number;
  /** Ids of archived messages the export shows as deleted on the phone. */
  deletedLater?: number[];
  missingFromExport?: number;
  ambiguousDeletions?: number;
  mediaAttached?: number;
  /** Author aliases the import found, alias → author (store/renames.ts); only when it found any. */
  aliases?: Record<string, string>;
}

/** What an export wrote; a bundle's also the SHA-256 of its manifest (ops/verifyBundle.ts looks for it). */
export type ExportDetails = ExportCounts &
  (
    | { format: 'txt' | 'json' | 'csv' | 'html'; selection: { chats?: string[]; since?: string; until?: string; query?: string }; out: string; bytes: number }
    | { format: 'bundle'; selection: BundleSelection; out: string; manifest: string }
  );
interface ExportCounts {
  counts: { chats: number; messages: number; media: number };
}

/** A purge (or its dry run): the chats it deleted from and what each import lost (ops/purge.ts). */
export interface PurgeDetails {
  now: string;
  dryRun: boolean;
  total: number;
  chats: Array<{ chat: string; period: string; presets: string[]; cutoff: string; messages: number; media: number }>;
  held: Array<{ chat: string; reason: string; wouldPurge: number }>;
  /** Empty in a dry run. */
  removed: ImportDigest[];
}

/** A retention period set or cleared, for the default or one chat (store/retention.ts). */
export interface RetentionDetails {
  scope: 'default' | 'chat';
  /** null for the default. */
  chat: string | null;
  action: 'set' | 'clear';
  old: Policy | null;
  new: Policy | null;
  inForceBefore: Policy | null;
  inForceAfter: Policy | null;
  force: boolean;
  shortened: boolean;
  /** The chats with messages the change lets expire. */
  eligible: Array<{ chat: string; messages: number; held: boolean }>;
}

/** A hold placed or its reason changed, or a hold lifted (store/retention.ts). */
export type HoldDetails =
  | { chat: string; action: 'add' | 'update'; reason: string; previousReason: string | null }
  | { chat: string; action: 'remove'; reason: string; placedAt: number };

/** Content hashes given to the messages of an archive made before they existed (schema 3, store/adopt.ts). */
export interface UpgradeDetails {
  reason: string;
  imports: ImportDigest[];
}

/** Files a later export had for archived messages that lacked them (ops/lateMedia.ts). */
export interface MediaAttachedDetails {
  chat: string;
  importId: number;
  files: Array<{ messageId: number; position: number; sha256: string; size: number }>;
}

/** An author alias set or removed by hand (store/aliases.ts). */
export interface AliasDetails {
  chat: string;
  change: 'added' | 'removed';
  alias: string;
  author: string;
}

/** An audit entry's content: its operation and the details that go with it. */
export type AuditRecord =
  | { operation: 'import'; details: ImportDetails }
  | { operation: 'export'; details: ExportDetails }
  | { operation: 'purge'; details: PurgeDetails }
  | { operation: 'retention'; details: RetentionDetails }
  | { operation: 'hold'; details: HoldDetails }
  | { operation: 'upgrade'; details: UpgradeDetails }
  | { operation: 'media-attached'; details: MediaAttachedDetails }
  | { operation: 'alias'; details: AliasDetails };

export type AuditOperation = AuditRecord['operation'];
