import { chatHasMessages } from '../store/export.js';
import type { ImportFinish, ImportTransaction, NewMessage } from '../store/imports.js';
import type { Archive } from '../store/open.js';
import { chatPolicies, defaultPolicy } from '../store/retention.js';
import { cutoff } from '../retention/period.js';
import { identitiesOfDay, savedHeldDays, type ChatNow } from '../store/heldDays.js';
import { ExportOverlap, type OverlapFindings } from './deletedLater.js';
import { HeldDays, type Draft, type Identifying } from './heldDays.js';
import type { KnownStart } from './knownStart.js';
import { LateMedia, mediaAttachedEntry } from './lateMedia.js';
import { policyTampering } from './policyCheck.js';

/**
 * Messages before this instant are past the chat's retention at import time, and not stored: purge's
 * cutoff for the chat's period (or the default). null: everything is kept (no period, or a hold, or a
 * policy that differs from what the audit log set: like purge, an import never deletes on a tampered
 * policy's word; verify reports it).
 */
export function retentionCutoff(archive: Archive, chat: string, now: Date): number | null {
  if (policyTampering(archive).length > 0) return null;
  const inForce = chatPolicies(archive).find((c) => c.chat === chat);
  if (inForce?.hold) return null;
  const policy = inForce === undefined ? defaultPolicy(archive) : inForce.policy;
  return policy === null ? null : cutoff(policy, now);
}

const NO_FINDINGS: OverlapFindings = { deletedLater: [], missingFromExport: [], ambiguous: 0, matched: 0, toStore: [] };

/** What an export tells about the messages the archive already has of its chat (ops/deletedLater.ts, ops/lateMedia.ts). */
export class LaterExport {
  readonly lateMedia = new LateMedia();
  findings = NO_FINDINGS;
  mediaAttached = 0;
  /** Only a chat with archived messages has an overlap to follow, and days it may hold already. */
  private readonly overlap: ExportOverlap | undefined;
  readonly held: HeldDays | undefined;

  constructor(
    archive: Archive,
    private readonly chat: string,
    /** The chat's id, if the archive has it under exactly this name (ops/import.ts). */
    chatId: number | undefined,
    expected: number,
    toolVersion: string,
    /** The chat as it is before the import (store/heldDays.ts). */
    now: () => ChatNow,
  ) {
    if (chatId === undefined || !chatHasMessages(archive, chatId, {})) return;
    const overlap = new ExportOverlap(expected);
    this.overlap = overlap;
    const archived = { identities: (day: string) => identitiesOfDay(archive, chatId, day), saved: () => savedHeldDays(archive, chatId, toolVersion, now()) };
    this.held = new HeldDays(archived, (m) => overlap.held(m.ts));
  }

  /** The export's known start, not read: all of it held (ops/knownStart.ts). */
  holdStart(start: KnownStart): void {
    if (this.held === undefined || this.overlap === undefined) throw new Error('a known start of a chat without messages');
    this.held.holdStart(start);
    this.overlap.heldStart(start.utcDays, start.oldest, start.newest);
  }

  /** The export's messages, identified, but for the days the archive holds exactly as the export has them (ops/heldDays.ts). */
  unheld(drafts: Iterable<Draft>, identifying: Identifying): Iterable<NewMessage> {
    return this.held?.unheld(drafts, identifying) ?? identifying.identified(drafts);
  }

  /** Whether to keep a deletion placeholder from the writer until `finish`. */
  holdBack(m: NewMessage): boolean {
    return this.overlap?.holdBack(m) ?? false;
  }

  /** Each message handed to the writer (a chat without archived messages has nothing to compare). */
  queued(m: NewMessage): void {
    if (this.overlap === undefined) return;
    this.overlap.sent(m);
    this.lateMedia.note(m);
  }

  finish(tx: ImportTransaction, expired: number): ImportFinish {
    this.findings = this.overlap?.reconcile(tx.writer, tx.chatId, tx.importId, (ident) => this.held!.isHeld(ident)) ?? NO_FINDINGS;
    tx.write(this.findings.toStore);
    const attached = this.lateMedia.attach(tx.writer, tx.chatId, tx.importId);
    this.mediaAttached = attached.length;
    const { deletedLater, missingFromExport, ambiguous } = this.findings;
    return {
      details: { expired, deletedLater, missingFromExport: missingFromExport.length, ambiguousDeletions: ambiguous, mediaAttached: attached.length },
      entries: attached.length > 0 ? [mediaAttachedEntry(this.chat, tx.importId, attached)] : [],
    };
  }
}
