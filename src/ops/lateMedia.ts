import type { AuditRecord } from '../integrity/auditEntry.js';
import type { NewMediaRef, NewMessage } from '../store/imports.js';
import type { LateFile } from '../store/laterExports.js';
import type { ArchiveWriter } from '../store/writer.js';

/**
 * Files a later export (a zip with media) has for messages the archive holds without them: the message was
 * archived from a text-only export, or its file was missing from an earlier zip. The file is stored and
 * linked to the archived message (store/laterExports.ts media_late); the message's row and content hash
 * stay as archived, and a 'media-attached' audit entry records each link (verify checks both).
 */
export class LateMedia {
  /** Messages of this export with at least one file, by content hash, until the writer says whether they were new. */
  private readonly withFiles = new Map<string, { ident: string; media: NewMediaRef[] }>();
  /** Those skipped as already archived: their files may be new to the archive's rows. */
  private readonly archived = new Map<string, NewMediaRef[]>();

  /** Each message handed to the writer. */
  note(m: NewMessage): void {
    if (m.media.length > 0 && m.media.some((ref) => ref.sha256 !== null)) this.withFiles.set(m.hash, { ident: m.ident, media: m.media });
  }

  /** Each message the writer skipped as already archived. */
  skipped(hash: string): void {
    const m = this.withFiles.get(hash);
    if (m !== undefined) this.archived.set(m.ident, m.media);
  }

  /** Links the files the archived messages lack; returns the links made. */
  attach(writer: ArchiveWriter, chatId: number, importId: number): LateFile[] {
    const attached: LateFile[] = [];
    const idents = [...this.archived.keys()];
    for (let i = 0; i < idents.length; i += LOOKUP_BATCH) {
      for (const { messageId, ident, position } of writer.call('attachmentsWithoutFile', chatId, idents.slice(i, i + LOOKUP_BATCH))) {
        const ref = this.archived.get(ident)![position];
        if (ref?.sha256 == null) continue;
        const file = { messageId, position, name: ref.name, sha256: ref.sha256, size: ref.size! };
        writer.call('attachLateFile', file, importId);
        attached.push(file);
      }
    }
    return attached.sort((a, b) => a.messageId - b.messageId || a.position - b.position);
  }
}

/** Identities looked up per query. */
const LOOKUP_BATCH = 5000;

/** The audit entry of the files attached: which file went to which attachment (never message content). */
export function mediaAttachedEntry(chat: string, importId: number, files: readonly LateFile[]): AuditRecord {
  return {
    operation: 'media-attached' as const,
    details: { chat, importId, files: files.map(({ messageId, position, sha256, size }) => ({ messageId, position, sha256, size })) },
  };
}
