import { SetDigest, type HashedMessage } from '../integrity/digest.js';
import { appendAudit, recordAudit } from './audit.js';
import type { Archive } from './open.js';
import { mapBusy } from './errors.js';

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

export interface ImportRecord {
  chat: string;
  source: string;
  sha256: string;
  platform: string;
  tz: string;
  dateOrder: string;
  importedAt: number;
  /** The wa-archive version that parsed it: a newer parser may read more of the same file. */
  toolVersion: string;
  /** How many records the export has. */
  records: number;
}

export interface SavedImport {
  added: number;
  duplicates: number;
  /** The chat's newest message time before this import, or null for a new or empty chat. */
  previousNewest: number | null;
}

/** Rows between progress reports while writing. */
const PROGRESS_EVERY = 10_000;

/** What an import's audit entry records: where the messages came from and a digest of those it added. */
function importDetails(record: ImportRecord, outcome: { importId: number | null; added: number; duplicates: number; digest: string | null }) {
  const { chat, source, sha256, platform, tz, dateOrder, toolVersion, records } = record;
  return { ...outcome, chat, source, sha256, platform, tz, dateOrder, toolVersion, records };
}

/**
 * Records an import that writes no rows (a file this archive already holds, `sameFile`, or one with no
 * messages): nothing is written but the audit entry.
 */
export function recordImportWithoutRows(archive: Archive, record: ImportRecord, sameFile: boolean): void {
  const details = importDetails(record, { importId: null, added: 0, duplicates: record.records, digest: null });
  recordAudit(archive, record.importedAt, 'import', sameFile ? { ...details, sameFile } : details);
}

/**
 * The earlier import of this very file into this chat by this version, if any: importing it again
 * cannot add anything, so the caller may skip reading it.
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
        WHERE c.name = ? AND i.sha256 = ? AND i.tool_version = ? LIMIT 1`,
    )
    .get(chat, sha256, toolVersion) as { records: number; platform: string; dateOrder: string } | undefined;
}

/**
 * Writes one export in one IMMEDIATE transaction: all of it or nothing, whatever happens (the messages
 * are produced while the transaction is open, so nothing is held in memory). Messages already in the
 * chat (same identity) are skipped; the full-text index gets exactly the new rows.
 */
export function saveImport(
  archive: Archive,
  record: ImportRecord,
  messages: Iterable<NewMessage>,
  onProgress: (written: number) => void = () => {},
): SavedImport {
  const { db } = archive;
  const s = {
    findChat: db.prepare('SELECT id FROM chats WHERE name = ?').pluck(),
    addChat: db.prepare('INSERT INTO chats (name, created_at) VALUES (?, ?)'),
    newest: db.prepare('SELECT max(ts) FROM messages WHERE chat_id = ?').pluck(),
    anyMessage: db.prepare('SELECT 1 FROM messages LIMIT 1').pluck(),
    addImport: db.prepare(
      `INSERT INTO imports (chat_id, source, sha256, platform, tz, date_order, imported_at, tool_version, records, added)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ),
    setAdded: db.prepare('UPDATE imports SET added = ? WHERE id = ?'),
    addMessage: db.prepare(
      `INSERT INTO messages (chat_id, import_id, ident, ts, local, author, kind, text, edited, original, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, ident) DO NOTHING`,
    ),
    index: db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)'),
    addFile: db.prepare('INSERT INTO media_files (sha256, size) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    addRef: db.prepare('INSERT INTO message_media (message_id, position, name, sha256) VALUES (?, ?, ?, ?)'),
  };

  const write = db.transaction((): SavedImport => {
    // An empty archive gets its index in one rebuild at the end: measured far faster than row inserts.
    const rebuildIndex = s.anyMessage.get() === undefined;
    let chatId = s.findChat.get(record.chat) as number | undefined;
    if (chatId === undefined) chatId = Number(s.addChat.run(record.chat, record.importedAt).lastInsertRowid);
    const previousNewest = (s.newest.get(chatId) as number | null) ?? null;
    const importId = Number(
      s.addImport.run(
        chatId, record.source, record.sha256, record.platform, record.tz, record.dateOrder, record.importedAt, record.toolVersion, record.records,
      ).lastInsertRowid,
    );
    const digest = new SetDigest();
    let written = 0;
    for (const m of messages) {
      const result = s.addMessage.run(chatId, importId, m.ident, m.ts, m.local, m.author, m.kind, m.text, m.edited ? 1 : 0, m.original, m.hash);
      if (result.changes === 1) {
        const id = result.lastInsertRowid;
        if (!rebuildIndex) s.index.run(id, m.text);
        m.media.forEach((ref, position) => {
          if (ref.sha256 !== null) s.addFile.run(ref.sha256, ref.size);
          s.addRef.run(id, position, ref.name, ref.sha256);
        });
        digest.add(m.hash);
      }
      if (++written % PROGRESS_EVERY === 0) onProgress(written);
    }
    const added = digest.count;
    if (rebuildIndex && added > 0) db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')").run();
    s.setAdded.run(added, importId);
    appendAudit(db, record.importedAt, 'import', importDetails(record, { importId, added, duplicates: written - added, digest: digest.toHex() }));
    onProgress(written);
    return { added, duplicates: written - added, previousNewest };
  });

  // 32 MiB of page cache. Measured on the 1M-message benchmark import (content hashes included): 64 MiB
  // (architecture.md's first figure) took 14.1 s at 404 MB peak RSS, 32 MiB 13.9 s at 368 MB.
  db.pragma('cache_size = -32768');
  return mapBusy(() => write.immediate());
}
