// The SQL export needs beyond the message stream (store/messages.ts chatMessages).
import type { LocalRange } from './messages.js';
import type { Archive } from './open.js';

/** Whether the chat has a message in the range. */
export function chatHasMessages(archive: Archive, chatId: number, range: LocalRange): boolean {
  const sql = `SELECT EXISTS (SELECT 1 FROM messages WHERE chat_id = @chatId AND (@from IS NULL OR local >= @from) AND (@to IS NULL OR local < @to))`;
  return archive.db.prepare(sql).pluck().get({ chatId, from: range.from ?? null, to: range.to ?? null }) === 1;
}

/** The time zones (IANA names) the named chats' imports were read in, sorted. */
export function importZones(archive: Archive, chats: readonly string[]): string[] {
  const sql = `SELECT DISTINCT i.tz FROM imports i JOIN chats c ON c.id = i.chat_id
                WHERE c.name IN (SELECT value FROM json_each(?)) ORDER BY i.tz`;
  return archive.db.prepare(sql).pluck().all(JSON.stringify(chats)) as string[];
}
