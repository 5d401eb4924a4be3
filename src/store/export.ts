// The SQL of export: each chat's selected messages in time order, streamed with their media.
import { DELETED_LATER, MEDIA_NAME, MEDIA_SHA256, messageView, type ChatRef, type LocalRange, type MessageRow, type MessageView } from './messages.js';
import type { Archive } from './open.js';

/** Every chat, by name. */
export function allChats(archive: Archive): ChatRef[] {
  return archive.db.prepare('SELECT id, name FROM chats ORDER BY name').all() as ChatRef[];
}

/** Whether the chat has a message in the range. */
export function chatHasMessages(archive: Archive, chatId: number, range: LocalRange): boolean {
  const sql = `SELECT EXISTS (SELECT 1 FROM messages WHERE chat_id = @chatId AND (@from IS NULL OR local >= @from) AND (@to IS NULL OR local < @to))`;
  return archive.db.prepare(sql).pluck().get({ chatId, from: range.from ?? null, to: range.to ?? null }) === 1;
}

/** Which of a chat's messages: those in a range, or exactly these ids. */
export type MessageFilter = { range: LocalRange } | { ids: readonly number[] };

interface ExportRow extends MessageRow {
  /** null: the message has no media (the row of the outer join). */
  position: number | null;
  mediaName: string | null;
  sha256: string | null;
  size: number | null;
}

/**
 * A chat's messages in time order, streamed. Media come from a join (one row per attachment, grouped
 * back into their message here) rather than a subquery per message, so that the rows come straight off
 * the (chat_id, ts) index: a million messages stream at the speed of one index walk.
 */
export function* exportMessages(archive: Archive, chat: ChatRef, filter: MessageFilter): Generator<MessageView> {
  const where =
    'ids' in filter
      ? 'm.id IN (SELECT value FROM json_each(@ids))'
      : '(@from IS NULL OR m.local >= @from) AND (@to IS NULL OR m.local < @to)';
  const params =
    'ids' in filter ? { ids: JSON.stringify(filter.ids) } : { from: filter.range.from ?? null, to: filter.range.to ?? null };
  const rows = archive.db
    .prepare(
      `SELECT m.id, @chat AS chat, m.ts, m.local, m.author, m.text, m.kind, m.edited, ${DELETED_LATER} AS deletedLater,
              mm.position, ${MEDIA_NAME} AS mediaName, ${MEDIA_SHA256} AS sha256, mf.size
         FROM messages m
         LEFT JOIN message_media mm ON mm.message_id = m.id
         LEFT JOIN media_late ml ON ml.message_id = mm.message_id AND ml.position = mm.position
         LEFT JOIN media_files mf ON mf.sha256 = ${MEDIA_SHA256}
        WHERE m.chat_id = @chatId AND ${where}
        ORDER BY m.ts, m.id, mm.position`,
    )
    .iterate({ ...params, chat: chat.name, chatId: chat.id }) as IterableIterator<ExportRow>;
  let current: MessageView | undefined;
  for (const row of rows) {
    if (current !== undefined && current.id !== row.id) {
      yield current;
      current = undefined;
    }
    current ??= messageView(row, []);
    if (row.position !== null) current.media.push({ name: row.mediaName, sha256: row.sha256, size: row.size });
  }
  if (current !== undefined) yield current;
}

/** The time zones (IANA names) the named chats' imports were read in, sorted. */
export function importZones(archive: Archive, chats: readonly string[]): string[] {
  const sql = `SELECT DISTINCT i.tz FROM imports i JOIN chats c ON c.id = i.chat_id
                WHERE c.name IN (SELECT value FROM json_each(?)) ORDER BY i.tz`;
  return archive.db.prepare(sql).pluck().all(JSON.stringify(chats)) as string[];
}
