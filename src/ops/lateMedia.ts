import type { NewMediaRef, NewMessage } from '../store/imports.js';
import { attachLateFile, attachmentsWithoutFile, messageIdByIdent, type LateFile } from '../store/laterExports.js';
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
  private readonly archived: Array<{ ident: string; media: NewMediaRef[] }> = [];

  /** Each message handed to the writer. */
  note(m: NewMessage): void {
    if (m.media.some((ref) => ref.sha256 !== null)) this.withFiles.set(m.hash, { ident: m.ident, media: m.media });
  }

  /** Each message the writer skipped as already archived. */
  skipped(hash: string): void {
    const m = this.withFiles.get(hash);
    if (m !== undefined) this.archived.push(m);
  }

  /** Links the files the archived messages lack; returns the links made. */
  attach(writer: ArchiveWriter, chatId: number, importId: number): LateFile[] {
    const attached: LateFile[] = [];
    for (const m of this.archived) {
      const messageId = messageIdByIdent(writer, chatId, m.ident)!;
      for (const { position } of attachmentsWithoutFile(writer, messageId)) {
        const ref = m.media[position];
        if (ref?.sha256 == null) continue;
        const file = { messageId, position, name: ref.name, sha256: ref.sha256, size: ref.size! };
        attachLateFile(writer, file, importId);
        attached.push(file);
      }
    }
    return attached;
  }
}

/** The audit entry of the files attached: which file went to which attachment (never message content). */
export function mediaAttachedEntry(chat: string, importId: number, files: readonly LateFile[]) {
  return {
    operation: 'media-attached' as const,
    details: { chat, importId, files: files.map(({ messageId, position, sha256, size }) => ({ messageId, position, sha256, size })) },
  };
}
