import type { Archive } from './open.js';

export interface ImportInfo {
  id: number;
  chat: string;
  source: string;
}

export function importInfos(archive: Archive): Map<number, ImportInfo> {
  const rows = archive.db
    .prepare('SELECT i.id, c.name AS chat, i.source FROM imports i JOIN chats c ON c.id = i.chat_id')
    .all() as ImportInfo[];
  return new Map(rows.map((r) => [r.id, r]));
}

export interface StoredMediaFile {
  sha256: string;
  size: number;
  /** How many message references point at it. */
  refs: number;
}

export function storedMediaFiles(archive: Archive): IterableIterator<StoredMediaFile> {
  return archive.db
    .prepare(
      `SELECT f.sha256, f.size, (SELECT count(*) FROM message_media mm WHERE mm.sha256 = f.sha256)
              + (SELECT count(*) FROM media_late ml WHERE ml.sha256 = f.sha256) AS refs
         FROM media_files f ORDER BY f.sha256`,
    )
    .iterate() as IterableIterator<StoredMediaFile>;
}

/** References to files the archive does not record (possible only with foreign keys switched off). */
export function danglingMediaRefs(archive: Archive): Array<{ messageId: number; chat: string; sha256: string }> {
  return archive.db
    .prepare(
      `SELECT mm.message_id AS messageId, c.name AS chat, mm.sha256 FROM message_media mm
         JOIN messages m ON m.id = mm.message_id JOIN chats c ON c.id = m.chat_id
        WHERE mm.sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM media_files f WHERE f.sha256 = mm.sha256)`,
    )
    .all() as Array<{ messageId: number; chat: string; sha256: string }>;
}

export interface IndexCheck {
  /** FTS5's own integrity-check against the messages, or the error it raised. */
  error: string | null;
  messages: number;
  indexed: number;
  /** Up to `limit` messages the index lacks, and index entries without a message. */
  unindexed: Array<{ id: number; chat: string }>;
  stray: number[];
}

const LIST_LIMIT = 20;

/** Checks the full-text index against the messages it must index exactly. */
export function checkSearchIndex(archive: Archive): IndexCheck {
  const { db } = archive;
  let error: string | null = null;
  try {
    db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)").run();
  } catch (e) {
    error = (e as Error).message;
  }
  return {
    error,
    messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number,
    indexed: db.prepare('SELECT count(*) FROM messages_fts_docsize').pluck().get() as number,
    unindexed: db
      .prepare(
        `SELECT m.id, c.name AS chat FROM messages m JOIN chats c ON c.id = m.chat_id
          WHERE NOT EXISTS (SELECT 1 FROM messages_fts_docsize d WHERE d.id = m.id) ORDER BY m.id LIMIT ${LIST_LIMIT}`,
      )
      .all() as Array<{ id: number; chat: string }>,
    stray: db
      .prepare(`SELECT d.id FROM messages_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = d.id) ORDER BY d.id LIMIT ${LIST_LIMIT}`)
      .pluck()
      .all() as number[],
  };
}

/** The files later exports attached to archived messages (media_late), with the chat. */
export function lateMediaLinks(archive: Archive): Array<{ messageId: number; position: number; sha256: string; chat: string }> {
  return archive.db
    .prepare(
      `SELECT ml.message_id AS messageId, ml.position, ml.sha256, c.name AS chat FROM media_late ml
         JOIN messages m ON m.id = ml.message_id JOIN chats c ON c.id = m.chat_id ORDER BY ml.message_id, ml.position`,
    )
    .all() as Array<{ messageId: number; position: number; sha256: string; chat: string }>;
}

/** The messages marked as deleted on the phone (deleted_later), with the import that marked them. */
export function deletedLaterMarks(archive: Archive): Array<{ messageId: number; importId: number }> {
  return archive.db.prepare('SELECT message_id AS messageId, import_id AS importId FROM deleted_later ORDER BY message_id').all() as Array<{
    messageId: number;
    importId: number;
  }>;
}
