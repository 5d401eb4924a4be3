import type { Database } from 'better-sqlite3';
import { appendAudit } from './audit.js';
import { mapBusy } from './errors.js';
import type { Archive } from './open.js';

/** In a chat, `alias` is another spelling of `author` (the spelling that names the person). */
export interface Alias {
  alias: string;
  author: string;
}

export interface StoredAlias extends Alias {
  chatId: number;
  chat: string;
  /** The import that detected it; null when set by hand. */
  importId: number | null;
  createdAt: number;
}

/** The aliases of one chat: alias → author. */
export function chatAliases(db: Database, chatId: number): Map<string, string> {
  const rows = db.prepare('SELECT alias, author FROM author_aliases WHERE chat_id = ?').all(chatId) as Alias[];
  return new Map(rows.map((r) => [r.alias, r.author]));
}

/** Every alias of the chats given (or of all), by chat and alias. */
export function listAliases(archive: Archive, chatIds: readonly number[] | null = null): StoredAlias[] {
  return archive.db
    .prepare(
      `SELECT a.chat_id AS chatId, c.name AS chat, a.alias, a.author, a.import_id AS importId, a.created_at AS createdAt
         FROM author_aliases a JOIN chats c ON c.id = a.chat_id
        WHERE @chats IS NULL OR a.chat_id IN (SELECT value FROM json_each(@chats))
        ORDER BY c.name, a.author, a.alias`,
    )
    .all({ chats: chatIds === null ? null : JSON.stringify(chatIds) }) as StoredAlias[];
}

/**
 * Makes `alias` a spelling of `author` (which must not be an alias itself) in the chat. The spellings that
 * were aliases of `alias` become aliases of `author` too, so that no alias points at another alias.
 */
export function saveAlias(db: Database, chatId: number, alias: Alias, importId: number | null, at: number): void {
  db.prepare('UPDATE author_aliases SET author = ? WHERE chat_id = ? AND author = ?').run(alias.author, chatId, alias.alias);
  db.prepare(
    `INSERT INTO author_aliases (chat_id, alias, author, import_id, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (chat_id, alias) DO UPDATE SET author = excluded.author, import_id = excluded.import_id, created_at = excluded.created_at`,
  ).run(chatId, alias.alias, alias.author, importId, at);
}

/** Sets an alias by hand, with its audit entry, in one transaction. */
export function recordAlias(archive: Archive, chat: { id: number; name: string }, alias: Alias, at: number): void {
  const { db } = archive;
  mapBusy(() =>
    db.transaction(() => {
      saveAlias(db, chat.id, alias, null, at);
      appendAudit(db, at, { operation: 'alias', details: { chat: chat.name, change: 'added', alias: alias.alias, author: alias.author } });
    }).immediate(),
  );
}

/** Removes an alias by hand (the caller checked it exists), with its audit entry, in one transaction. */
export function dropAlias(archive: Archive, chat: { id: number; name: string }, alias: Alias, at: number): void {
  const { db } = archive;
  mapBusy(() =>
    db.transaction(() => {
      db.prepare('DELETE FROM author_aliases WHERE chat_id = ? AND alias = ?').run(chat.id, alias.alias);
      appendAudit(db, at, { operation: 'alias', details: { chat: chat.name, change: 'removed', alias: alias.alias, author: alias.author } });
    }).immediate(),
  );
}

/** Whether `author` wrote any message of the chat up to message id `upTo`. */
export function hasAuthor(db: Database, chatId: number, author: string, upTo: number): boolean {
  return db.prepare('SELECT 1 FROM messages WHERE chat_id = ? AND author = ? AND id <= ? LIMIT 1').get(chatId, author, upTo) !== undefined;
}
