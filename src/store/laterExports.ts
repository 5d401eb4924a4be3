// The SQL of what a later export of a chat tells about messages already archived: files for attachments
// they lacked (media_late) and deletions on the phone (deleted_later). Run on the import's writer, inside
// its transaction (they are commands of its table, store/writerCommands.ts); neither changes a message's
// row or hash.
import type { Database } from 'better-sqlite3';

const DAY_MS = 86_400_000;

/** The UTC day of a time, as messagesPerDay counts them (ts / DAY_MS rounded down, as SQLite does for ts ≥ 0). */
export function dayOf(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

/** When a UTC day (dayOf) starts. */
export function dayStart(day: number): number {
  return day * DAY_MS;
}

/**
 * An archived message of a day: id and identity; its local time and author only where a deletion
 * placeholder may stand for it (not itself a placeholder, and in one of the minutes asked for), else null.
 */
export type ArchivedRow = [id: number, ident: string, local: string | null, author: string | null];

/**
 * The chat's message count per UTC day (dayOf) with ts in [from, to], days without messages left out: one
 * walk of the (chat, time) index, a day's range at a time (a GROUP BY on the day would sort every row).
 */
export function messagesPerDay(db: Database, chatId: number, from: number, to: number): Map<number, number> {
  const rows = db
    .prepare(
      `WITH RECURSIVE days(day) AS (SELECT @first UNION ALL SELECT day + 1 FROM days WHERE day < @last)
       SELECT day, n FROM (
         SELECT day, (SELECT count(*) FROM messages WHERE chat_id = @chatId
                         AND ts BETWEEN max(@from, day * ${DAY_MS}) AND min(@to, day * ${DAY_MS} + ${DAY_MS - 1})) AS n
           FROM days)
        WHERE n > 0`,
    )
    .all({ chatId, from, to, first: dayOf(from), last: dayOf(to) }) as Array<{ day: number; n: number }>;
  return new Map(rows.map((r) => [r.day, r.n]));
}

/**
 * The chat's messages of one UTC day, within [from, to], that another import than `importId` wrote; with
 * local time and author where they are no placeholder and in one of `minutes` (local 'YYYY-MM-DD HH:MM').
 * Rows, not objects, and only what is asked for: a day of another chat's export lacks every message of the
 * chat, and the caller holds each reply until its next garbage collection.
 */
export function archivedOnDay(db: Database, chatId: number, importId: number, day: number, from: number, to: number, minutes: readonly string[]): ArchivedRow[] {
  const at = "kind <> 'deleted' AND substr(local, 1, 16) IN (SELECT value FROM json_each(@minutes))";
  return db
    .prepare(
      `SELECT id, ident, CASE WHEN ${at} THEN local END, CASE WHEN ${at} THEN author END FROM messages
        WHERE chat_id = @chatId AND ts BETWEEN @from AND @to AND import_id <> @importId ORDER BY ts, id`,
    )
    .raw()
    .all({ chatId, importId, from: Math.max(from, day * DAY_MS), to: Math.min(to, (day + 1) * DAY_MS - 1), minutes: JSON.stringify(minutes) }) as ArchivedRow[];
}

/** Which of these identities the chat has. */
export function archivedIdents(db: Database, chatId: number, idents: readonly string[]): Set<string> {
  const rows = db.prepare('SELECT ident FROM messages WHERE chat_id = ? AND ident IN (SELECT value FROM json_each(?))').all(chatId, JSON.stringify(idents));
  return new Set((rows as Array<{ ident: string }>).map((r) => r.ident));
}

/** Which of these messages are already marked as deleted on the phone. */
export function markedDeleted(db: Database, ids: readonly number[]): Set<number> {
  const rows = db.prepare('SELECT message_id AS id FROM deleted_later WHERE message_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids));
  return new Set((rows as Array<{ id: number }>).map((r) => r.id));
}

export function markDeletedLater(db: Database, ids: readonly number[], importId: number): void {
  db.prepare('INSERT INTO deleted_later (message_id, import_id) SELECT value, ? FROM json_each(?)').run(importId, JSON.stringify(ids));
}

/**
 * The attachments without a file (neither from their own import nor from a later one) of the chat's
 * messages with these identities.
 */
export function attachmentsWithoutFile(db: Database, chatId: number, idents: readonly string[]): Array<{ messageId: number; ident: string; position: number }> {
  return db
    .prepare(
      `SELECT m.id AS messageId, m.ident, mm.position FROM messages m JOIN message_media mm ON mm.message_id = m.id
        WHERE m.chat_id = ? AND m.ident IN (SELECT value FROM json_each(?)) AND mm.sha256 IS NULL
          AND NOT EXISTS (SELECT 1 FROM media_late ml WHERE ml.message_id = mm.message_id AND ml.position = mm.position)`,
    )
    .all(chatId, JSON.stringify(idents)) as Array<{ messageId: number; ident: string; position: number }>;
}

export interface LateFile {
  messageId: number;
  position: number;
  name: string | null;
  sha256: string;
  size: number;
}

/** Links a file that a later export has to an attachment of an archived message. */
export function attachLateFile(db: Database, file: LateFile, importId: number): void {
  db.prepare('INSERT INTO media_files (sha256, size) VALUES (?, ?) ON CONFLICT DO NOTHING').run(file.sha256, file.size);
  db.prepare('INSERT INTO media_late (message_id, position, name, sha256, import_id) VALUES (?, ?, ?, ?, ?)').run(
    file.messageId, file.position, file.name, file.sha256, importId,
  );
}
