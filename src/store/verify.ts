import type Database from 'better-sqlite3';
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

/** Checks the full-text index against the messages it must index exactly; inside inSnapshot. */
export function checkSearchIndex(archive: Archive): IndexCheck {
  const { db } = archive;
  return {
    error: indexIntegrity(db),
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

/**
 * FTS5's own integrity-check of the index against the messages, on the snapshot of the read transaction.
 * The check is a write command on the table it checks: it would take the write lock, and fails on a
 * snapshot older than the newest commit. So it runs on a copy in the temp schema: an FTS5 table with the
 * index's shadow tables copied in, and the messages (through a temp view) as its content. Copying into
 * shadow tables needs SQLite's defensive mode off: for this connection, and only while copying.
 */
function indexIntegrity(db: Database.Database): string | null {
  const sql = db.prepare("SELECT sql FROM main.sqlite_schema WHERE name = 'messages_fts'").pluck().get() as string;
  const copy = sql
    .replace(/^CREATE VIRTUAL TABLE messages_fts\b/i, 'CREATE VIRTUAL TABLE temp.verify_fts')
    .replace("content='messages'", "content='verify_fts_content'");
  if (!copy.includes('temp.verify_fts') || !copy.includes('verify_fts_content')) throw new Error(`unexpected definition of the search index: ${sql}`);
  db.exec(`CREATE TEMP VIEW verify_fts_content AS SELECT id, text FROM main.messages; ${copy}`);
  try {
    db.unsafeMode(true);
    try {
      for (const shadow of ['data', 'idx', 'docsize', 'config']) {
        db.exec(`DELETE FROM temp.verify_fts_${shadow}; INSERT INTO temp.verify_fts_${shadow} SELECT * FROM main.messages_fts_${shadow}`);
      }
    } finally {
      db.unsafeMode(false);
    }
    try {
      db.prepare("INSERT INTO temp.verify_fts (verify_fts, rank) VALUES ('integrity-check', 1)").run();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  } finally {
    db.exec('DROP TABLE temp.verify_fts; DROP VIEW temp.verify_fts_content');
  }
}

/**
 * Whether a media file's row, or a message's reference to it, is still in the archive as it is now (read
 * outside any snapshot): a file missing from an older snapshot's view whose row is gone since was purged.
 */
export function mediaStillRecorded(archive: Archive, sha256: string): boolean {
  return (
    archive.db
      .prepare('SELECT EXISTS (SELECT 1 FROM media_files WHERE sha256 = @sha256) OR EXISTS (SELECT 1 FROM message_media WHERE sha256 = @sha256)')
      .pluck()
      .get({ sha256 }) === 1
  );
}

/**
 * Whether search's derived data (store/vocabulary.ts), when not fresh, only lags behind messages added
 * since it was built: an import commits its messages first and refreshes it at the end of its run. It
 * then lacks new words but names none of a deleted message. False when it was built before a deletion.
 */
export function searchDataOnlyBehind(archive: Archive): boolean {
  const state = archive.db.prepare('SELECT max_id AS maxId, messages FROM search_state WHERE id = 1').get() as { maxId: number; messages: number } | undefined;
  if (state === undefined) return false;
  const counts = archive.db
    .prepare('SELECT count(*) AS total, count(*) FILTER (WHERE id > ?) AS added FROM messages')
    .get(state.maxId) as { total: number; added: number };
  return state.messages + counts.added === counts.total;
}
