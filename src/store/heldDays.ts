// The SQL of ops/heldDays.ts: a chat's archived identities one local day at a time, and what the chat's
// last import found held exactly (held_days, derived data: never audited, rewritten by each import of
// the chat, ignored once anything else changed the chat).
import type { Database } from 'better-sqlite3';
import type { Archive } from './open.js';

/**
 * The chat's identities of one local day ('YYYYMMDD', the start of every identity): a range of the
 * identity index. On the archive's own connection, inside the import's transaction: what it started from.
 */
export function identitiesOfDay(archive: Archive, chatId: number, day: string): string[] {
  // Identities are ASCII, and every character after the day sorts before '~'.
  return archive.db.prepare("SELECT ident FROM messages WHERE chat_id = ? AND ident >= ? AND ident < ? || '~'").pluck().all(chatId, day, day) as string[];
}

/**
 * The records digest per local day that the chat's last import saved, if the chat is still as that import
 * left it: its latest import, with as many messages (a purge removes some; every import that writes rows
 * saves anew), by this version (whose identities the digests stand for). null otherwise.
 */
export function savedHeldDays(archive: Archive, chatId: number, toolVersion: string): Map<string, string> | null {
  const { db } = archive;
  const state = db.prepare('SELECT import_id AS importId, messages, tool_version AS toolVersion FROM held_days_state WHERE chat_id = ?').get(chatId) as
    | { importId: number; messages: number; toolVersion: string }
    | undefined;
  if (state === undefined || state.toolVersion !== toolVersion) return null;
  if (db.prepare('SELECT max(id) FROM imports WHERE chat_id = ?').pluck().get(chatId) !== state.importId) return null;
  if (db.prepare('SELECT count(*) FROM messages WHERE chat_id = ?').pluck().get(chatId) !== state.messages) return null;
  const rows = db.prepare('SELECT day, records FROM held_days WHERE chat_id = ?').raw().all(chatId) as Array<[string, string]>;
  return new Map(rows);
}

/** Replaces the chat's held days with this import's (on the import's writer, last in its transaction). */
export function saveHeldDays(db: Database, chatId: number, importId: number, toolVersion: string, days: Array<[string, string]>): void {
  db.prepare('DELETE FROM held_days WHERE chat_id = ?').run(chatId);
  const insert = db.prepare('INSERT INTO held_days (chat_id, day, records) VALUES (?, ?, ?)');
  for (const [day, records] of days) insert.run(chatId, day, records);
  const messages = db.prepare('SELECT count(*) FROM messages WHERE chat_id = ?').pluck().get(chatId) as number;
  db.prepare('INSERT OR REPLACE INTO held_days_state (chat_id, import_id, messages, tool_version) VALUES (?, ?, ?, ?)').run(chatId, importId, messages, toolVersion);
}
