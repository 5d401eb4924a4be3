// The chats: looking one up by name, and the one per-chat summary (count, first and last message, authors).
import type { Archive } from './open.js';
import { searchDataIsFresh } from './vocabulary.js';

export interface ChatRef {
  id: number;
  name: string;
}

/** The chat of that exact name, else the only one that matches ignoring case. */
export function findChat(archive: Archive, name: string): ChatRef | undefined {
  const exact = archive.db.prepare('SELECT id, name FROM chats WHERE name = ?').get(name) as ChatRef | undefined;
  if (exact !== undefined) return exact;
  const loose = archive.db.prepare('SELECT id, name FROM chats WHERE name = ? COLLATE NOCASE').all(name) as ChatRef[];
  return loose.length === 1 ? loose[0] : undefined;
}

/** Every chat, by name. */
export function allChats(archive: Archive): ChatRef[] {
  return archive.db.prepare('SELECT id, name FROM chats ORDER BY name').all() as ChatRef[];
}

/** A message's place in time: the export's wall-clock text and UTC milliseconds. */
export interface MessageTime {
  local: string;
  ts: number;
}

export interface ChatSummary extends ChatRef {
  messages: number;
  first: MessageTime | null;
  last: MessageTime | null;
  /** Author spellings, most messages first; only when asked for (without fresh derived counts it reads every message of the chat). */
  authors?: string[];
}

/** A chat's number of messages: from the derived per-chat counts when fresh (store/chatCounts.ts), else counted. */
export function chatMessages(archive: Archive, chatId: number, counted = searchDataIsFresh(archive)): number {
  const sql = counted ? 'SELECT coalesce(sum(messages), 0) FROM chat_counts WHERE chat_id = ?' : 'SELECT count(*) FROM messages WHERE chat_id = ?';
  return archive.db.prepare(sql).pluck().get(chatId) as number;
}

/**
 * Each chat, by name, with its message count and its first and last message (by the chat-time index),
 * and with `authors` its author spellings too. Counts come from the derived per-chat counts when they are
 * fresh (store/chatCounts.ts), else from the messages.
 */
export function chatSummaries(archive: Archive, options: { authors: boolean }): ChatSummary[] {
  const { db } = archive;
  const counted = searchDataIsFresh(archive);
  const edge = (order: 'ASC' | 'DESC') =>
    db.prepare(`SELECT local, ts FROM messages WHERE chat_id = ? ORDER BY ts ${order}, id ${order} LIMIT 1`);
  const first = edge('ASC');
  const last = edge('DESC');
  const authors = db
    .prepare(
      counted
        ? 'SELECT author FROM chat_counts WHERE chat_id = ? AND author IS NOT NULL GROUP BY author ORDER BY sum(messages) DESC, author'
        : 'SELECT author FROM messages WHERE chat_id = ? AND author IS NOT NULL GROUP BY author ORDER BY count(*) DESC, author',
    )
    .pluck();
  return allChats(archive).map((c) => ({
    ...c,
    messages: chatMessages(archive, c.id, counted),
    first: (first.get(c.id) as MessageTime | undefined) ?? null,
    last: (last.get(c.id) as MessageTime | undefined) ?? null,
    ...(options.authors ? { authors: authors.all(c.id) as string[] } : {}),
  }));
}

/** Every chat's name, in name order. */
export function chatNames(archive: Archive): string[] {
  return allChats(archive).map((c) => c.name);
}

/** The chats with a message from `from` to `to` (UTC ms): one probe of the (chat_id, ts) index per chat. */
export function chatsWithMessagesBetween(archive: Archive, from: number, to: number): ChatRef[] {
  return archive.db
    .prepare('SELECT id, name FROM chats c WHERE EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id AND m.ts BETWEEN ? AND ?) ORDER BY id')
    .all(from, to) as ChatRef[];
}

/** The time of the archive's oldest message (of any chat), or null when it has none; a look-up per chat. */
export function oldestMessageTime(archive: Archive): number | null {
  return archive.db.prepare('SELECT min(ts) FROM (SELECT (SELECT min(ts) FROM messages m WHERE m.chat_id = c.id) AS ts FROM chats c)').pluck().get() as number | null;
}
