import { statSync } from 'node:fs';
import type { Archive } from './open.js';
import { databasePath } from './paths.js';
import { searchDataIsFresh } from './vocabulary.js';

/**
 * Messages per (local month, chat, author) of the chats given (or all): from the derived per-chat counts
 * when fresh (store/chatCounts.ts), else one pass over the messages.
 */
export function messagesByMonthAndAuthor(
  archive: Archive,
  chatIds: readonly number[] | null,
): { month: string; chatId: number; author: string | null; messages: number }[] {
  const where = chatIds === null ? '' : 'WHERE chat_id IN (SELECT value FROM json_each(?))';
  const sql = searchDataIsFresh(archive)
    ? `SELECT month, chat_id AS chatId, author, sum(messages) AS messages FROM chat_counts ${where} GROUP BY month, chat_id, author`
    : `SELECT substr(local, 1, 7) AS month, chat_id AS chatId, author, count(*) AS messages FROM messages ${where} GROUP BY month, chat_id, author`;
  const statement = archive.db.prepare(sql);
  return (chatIds === null ? statement.all() : statement.all(JSON.stringify(chatIds))) as { month: string; chatId: number; author: string | null; messages: number }[];
}

/** Every attachment reference: its file name (null: exported without media) and whether the file is stored. */
export function mediaReferences(archive: Archive, chatIds: readonly number[] | null): { name: string | null; stored: number }[] {
  const sql =
    chatIds === null
      ? 'SELECT name, sha256 IS NOT NULL AS stored FROM message_media'
      : `SELECT mm.name, mm.sha256 IS NOT NULL AS stored FROM message_media mm JOIN messages m ON m.id = mm.message_id
          WHERE m.chat_id IN (SELECT value FROM json_each(?))`;
  const statement = archive.db.prepare(sql);
  return (chatIds === null ? statement.all() : statement.all(JSON.stringify(chatIds))) as { name: string | null; stored: number }[];
}

export interface ArchiveTotals {
  chats: number;
  messages: number;
  /** Bytes on disk: archive.db with SQLite's -wal and -shm files, and the stored attachment files. */
  bytes: number;
}

/** Counts and size of the whole archive, without reading the messages themselves (but counting them when the derived counts are stale). */
export function archiveTotals(archive: Archive): ArchiveTotals {
  const { db } = archive;
  const one = (sql: string) => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  const file = databasePath(archive.dir);
  const database = [file, `${file}-wal`, `${file}-shm`].reduce((n, f) => n + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
  return {
    chats: one('SELECT count(*) FROM chats'),
    messages: one(searchDataIsFresh(archive) ? 'SELECT sum(messages) FROM chat_counts' : 'SELECT count(*) FROM messages'),
    bytes: database + one('SELECT sum(size) FROM media_files'),
  };
}
