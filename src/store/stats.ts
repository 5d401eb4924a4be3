import { statSync } from 'node:fs';
import { MEDIA_SUFFIX } from './chatCounts.js';
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

/**
 * Attachment references of the chats given (or all), counted per file-name suffix (store/chatCounts.ts
 * MEDIA_SUFFIX: all their type depends on) and whether the file is stored (its own, or one a later export
 * brought): from the derived counts when fresh, else from the references themselves. A suffix may come
 * more than once; callers add the rows up.
 */
export function mediaCounts(archive: Archive, chatIds: readonly number[] | null): { suffix: string | null; stored: number; attachments: number }[] {
  const chats = 'IN (SELECT value FROM json_each(?))';
  const sql = searchDataIsFresh(archive)
    ? `SELECT suffix, stored, sum(attachments) AS attachments FROM chat_media ${chatIds === null ? '' : `WHERE chat_id ${chats}`} GROUP BY suffix, stored`
    : `SELECT ${MEDIA_SUFFIX} AS suffix, mm.sha256 IS NOT NULL AS stored, count(*) AS attachments FROM message_media mm
        ${chatIds === null ? '' : `JOIN messages m ON m.id = mm.message_id WHERE m.chat_id ${chats}`} GROUP BY suffix, stored`;
  // A file a later export brought (media_late) makes a missing or not-exported attachment a stored one, of
  // the type its file name says: the counts above see the reference as it was written, so move those.
  const late = archive.db.prepare(
    `SELECT ${MEDIA_SUFFIX} AS suffix, ${MEDIA_SUFFIX.replaceAll('mm.name', 'ml.name')} AS lateSuffix, count(*) AS attachments FROM media_late ml
       JOIN message_media mm ON mm.message_id = ml.message_id AND mm.position = ml.position AND mm.sha256 IS NULL
       ${chatIds === null ? '' : `JOIN messages m ON m.id = ml.message_id WHERE m.chat_id ${chats}`} GROUP BY suffix, lateSuffix`,
  );
  const args = chatIds === null ? [] : [JSON.stringify(chatIds)];
  const moved = (late.all(...args) as { suffix: string | null; lateSuffix: string | null; attachments: number }[]).flatMap((l) => [
    { suffix: l.suffix, stored: 0, attachments: -l.attachments },
    { suffix: l.lateSuffix, stored: 1, attachments: l.attachments },
  ]);
  const counted = archive.db.prepare(sql).all(...args) as { suffix: string | null; stored: number; attachments: number }[];
  return [...counted, ...moved];
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
