import { SetDigest, subtractDigest, type HashedMessage } from '../integrity/digest.js';
import type { AuditRecord, ImportDetails } from '../integrity/auditEntry.js';
import { recordAudit } from './audit.js';
import type { Archive } from './open.js';
import { mapBusy } from './errors.js';
import type { Alias } from './aliases.js';
import type { Candidates, RemainderRule } from './renames.js';
import { ArchiveWriter } from './writer.js';

/** A message to store: the fields its content hash covers, with the size of each attachment, and the hash. */
export interface NewMessage extends HashedMessage {
  media: NewMediaRef[];
  /** The content hash (integrity/digest.ts messageHash). */
  hash: string;
}

/** name null: exported without media; sha256 null with a name: the file was not in the export. */
export interface NewMediaRef {
  name: string | null;
  sha256: string | null;
  size: number | null;
}

/** An import as its audit entry names it (the same fields: integrity/auditEntry.ts), and when it ran. */
export type ImportRecord = Pick<ImportDetails, 'chat' | 'source' | 'sha256' | 'platform' | 'tz' | 'dateOrder' | 'toolVersion' | 'records'> & {
  importedAt: number;
};

export interface SavedImport {
  added: number;
  duplicates: number;
  /** Author aliases this import found (store/renames.ts). */
  aliases: Alias[];
  /** The chat's oldest and newest message times before this import, or null for a new or empty chat. */
  previousOldest: number | null;
  previousNewest: number | null;
}

/**
 * Messages of the export that were not handed to the writer because the chat holds them already
 * (ops/heldDays.ts): duplicates, and part of the export (its authors, how far it reaches). Read after
 * the messages are written.
 */
export interface HeldMessages {
  count: number;
  authors: ReadonlySet<string | null>;
  newest: number;
}

/** What an import does besides writing its messages; all but `onProgress` inside its transaction. */
export interface ImportSteps {
  onProgress?(written: number): void;
  /** Each message, in order, as it is handed to the writer. */
  queued?(m: NewMessage): void;
  /** The content hash of each message skipped as already in the chat (saveImport's own count aside). */
  skipped?(hash: string): void;
  /** Once the messages are handed to the writer, while its thread writes the last of them: work that can run beside it. */
  handedOver?(): void;
  held?: HeldMessages;
  /**
   * After the messages are written: may write more (`write`, counted like them), and returns what the
   * import's audit entry records besides, and entries to append after it. `matched`: how many of the
   * export's messages the chat held already (skipped by the writer, renamed, or of days held whole).
   */
  finish?(tx: ImportTransaction, matched: number): ImportFinish;
  /** Last in the transaction, with how many messages the import added in all. */
  added?(tx: ImportTransaction, added: number): void;
}

export interface ImportTransaction {
  writer: ArchiveWriter;
  chatId: number;
  importId: number;
  write(messages: Iterable<NewMessage>): void;
}

export interface ImportFinish {
  details: Pick<ImportDetails, 'expired' | 'deletedLater' | 'missingFromExport' | 'ambiguousDeletions' | 'mediaAttached'>;
  entries: AuditRecord[];
}

/** Rows between progress reports while writing. */
const PROGRESS_EVERY = 10_000;

/** What an import's audit entry records: where the messages came from and a digest of those it added. */
function importDetails(
  record: ImportRecord,
  outcome: Pick<ImportDetails, 'importId' | 'added' | 'duplicates' | 'digest'>,
  more: Pick<ImportDetails, 'sameFile' | 'aliases'> & ImportFinish['details'] = {},
): ImportDetails {
  const { chat, source, sha256, platform, tz, dateOrder, toolVersion, records } = record;
  return { ...outcome, chat, source, sha256, platform, tz, dateOrder, toolVersion, records, ...more };
}

/**
 * Records an import that writes no rows (a file this archive already holds, `sameFile`, or one with no
 * messages): nothing is written but the audit entry.
 */
export function recordImportWithoutRows(archive: Archive, record: ImportRecord, sameFile: boolean): void {
  const details = importDetails(record, { importId: null, added: 0, duplicates: record.records, digest: null }, sameFile ? { sameFile } : {});
  recordAudit(archive, record.importedAt, { operation: 'import', details });
}

/** The time zone the chat's latest import that wrote rows read its times in, or null for a chat without one. */
export function chatZone(archive: Archive, chatId: number): string | null {
  return (archive.db.prepare('SELECT tz FROM imports WHERE chat_id = ? ORDER BY id DESC LIMIT 1').pluck().get(chatId) as string | undefined) ?? null;
}

/**
 * The earlier import of this very file into this chat by this version that kept all of it (none of its
 * messages was past retention then), if any, and no purge removed messages of the chat since: importing it
 * again cannot add anything, so the caller may skip reading it. (After a lengthened period, the file
 * stores again what it has that was not kept or was purged.)
 */
export function findSameImport(
  archive: Archive,
  chat: string,
  sha256: string,
  toolVersion: string,
): { records: number; platform: string; dateOrder: string } | undefined {
  return archive.db
    .prepare(
      `SELECT i.records, i.platform, i.date_order AS dateOrder FROM imports i JOIN chats c ON c.id = i.chat_id
        JOIN audit_log a ON a.operation = 'import' AND json_extract(a.details, '$.importId') = i.id
        WHERE c.name = @chat AND i.sha256 = @sha256 AND i.tool_version = @toolVersion
          AND json_extract(a.details, '$.expired') = 0
          AND NOT EXISTS (
            SELECT 1 FROM audit_log p, json_each(p.details, '$.chats') pc
             WHERE p.operation = 'purge' AND json_extract(pc.value, '$.chat') = @chat AND json_extract(pc.value, '$.messages') > 0
               AND p.seq > a.seq)
        ORDER BY i.id DESC LIMIT 1`,
    )
    .get({ chat, sha256, toolVersion }) as { records: number; platform: string; dateOrder: string } | undefined;
}

/**
 * The writer thread's connection settings for imports. Page cache: measured on the 1M-message benchmark
 * import (content hashes included), 64 MiB (the original design's figure) took 14.1 s at 404 MB peak
 * RSS, 32 MiB 13.9 s at 368 MB; later 8 MiB took the same time as 32 (alternated: 8.93–10.46 s against
 * 8.87–11.28 s) at 281–289 MB against 313–314, and ten different 1M-message chats in one run peaked at
 * 366 MB against 395–400. No checkpoint at commit: the import (ops/import.ts) starts one that runs while
 * the caller goes on.
 */
const IMPORT_PRAGMAS = ['cache_size = -8192', 'wal_autocheckpoint = 0'];

/** The writer (a connection on a thread of its own, store/writer.ts) for a run of saveImport calls. Close it. */
export function importWriter(archive: Archive): ArchiveWriter {
  return new ArchiveWriter(archive, IMPORT_PRAGMAS);
}

/**
 * Writes one export in one IMMEDIATE transaction: all of it or nothing, whatever happens (the messages
 * are produced while the transaction is open, so nothing is held in memory). The writer's thread writes
 * the messages while the next ones are parsed. Messages already in the chat (same identity) are skipped;
 * the full-text index gets exactly the new rows. Then `remainder` decides (here, on the caller's thread)
 * which of the added rows were already there under another author spelling or event wording
 * (store/renames.ts); they are removed again and count as duplicates. After the commit, the new pages move into the database file while the caller
 * goes on (to the next export, or the search data refresh).
 */
export function saveImport(
  writer: ArchiveWriter,
  record: ImportRecord,
  messages: Iterable<NewMessage>,
  remainder: RemainderRule,
  steps: ImportSteps = {},
): SavedImport {
  const saved = mapBusy(() =>
    writer.transaction((): SavedImport => {
      const { chatId, importId, previousOldest, previousNewest, before } = writer.call('openImport', record);
      // The digest of the added messages: of all written, less those skipped as already in the chat.
      const queued = new SetDigest();
      const skipped = new SetDigest();
      const onProgress = steps.onProgress ?? (() => {});
      const authors = new Set<string | null>();
      let newest = -Infinity;
      const events = {
        queued: (m: NewMessage) => {
          queued.add(m.hash);
          authors.add(m.author);
          if (m.ts > newest) newest = m.ts;
          steps.queued?.(m);
          if (queued.count % PROGRESS_EVERY === 0) onProgress(queued.count);
        },
        skipped: (hash: string) => {
          skipped.add(hash);
          steps.skipped?.(hash);
        },
        handedOver: () => steps.handedOver?.(),
      };
      let written = writer.writeMessages(chatId, importId, messages, events);
      const held = steps.held ?? { count: 0, authors: new Set(), newest: -Infinity };
      onProgress(written + held.count);
      for (const author of held.authors) authors.add(author);
      newest = Math.max(newest, held.newest);
      const write = (more: Iterable<NewMessage>) => void (written += writer.writeMessages(chatId, importId, more, events));
      // Renames first: the copies they remove are no messages the archive lacks or the export misses.
      const candidates: Candidates = new Map();
      for (let rows = writer.call('remainderRows', before, before.lastId); rows !== null; rows = writer.call('remainderRows', before, rows.last)) {
        for (const [added, earlier] of remainder.candidates(rows.added, rows.earlier)) candidates.set(added, earlier);
      }
      const settled = candidates.size === 0 ? { duplicates: [], aliases: [] } : remainder.decide({
        candidates,
        aliases: writer.call('chatAliases', chatId),
        exportAuthors: authors,
        archivedAuthor: (author) => writer.call('hasAuthor', chatId, author, before.lastId),
        newer: previousNewest === null || newest >= previousNewest,
      });
      writer.call('settleRemainder', chatId, importId, record.importedAt, settled);
      for (const d of settled.duplicates) skipped.add(d.hash);
      const finish = steps.finish?.({ writer, chatId, importId, write }, skipped.count + held.count) ?? { details: {}, entries: [] };
      const added = written - skipped.count;
      steps.added?.({ writer, chatId, importId, write }, added);
      const digest = subtractDigest(queued.toHex(), skipped.toHex());
      const duplicates = written + held.count - added;
      const outcome = { importId, added, duplicates, digest };
      // alias → author, so that the log's one-line view shows them too.
      const aliases = settled.aliases.length === 0 ? {} : { aliases: Object.fromEntries(settled.aliases.map((a) => [a.alias, a.author])) };
      const entry: AuditRecord = { operation: 'import', details: importDetails(record, outcome, { ...finish.details, ...aliases }) };
      writer.call('closeImport', importId, added, record.importedAt, [entry, ...finish.entries]);
      return { added, duplicates, aliases: settled.aliases, previousOldest, previousNewest };
    }),
  );
  return saved;
}
