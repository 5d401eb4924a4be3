import { isoTime } from './messages.js';
import type { Archive } from './open.js';

/** One spelling of an author in one chat, with its messages. */
export interface AuthorSpelling {
  chatId: number;
  chat: string;
  author: string;
  messages: number;
  /** The first and last message's time (store/messages.ts isoTime) and UTC milliseconds. */
  first: string;
  firstTs: number;
  last: string;
  lastTs: number;
}

/** Every author spelling of the chats given (or of all) that has messages: two passes over the messages. */
export function authorSpellings(archive: Archive, chatIds: readonly number[] | null): AuthorSpelling[] {
  const edge = (fn: 'min' | 'max') =>
    archive.db
      .prepare(
        `SELECT m.chat_id AS chatId, c.name AS chat, m.author, count(*) AS messages, ${fn}(m.ts) AS ts, m.local
           FROM messages m JOIN chats c ON c.id = m.chat_id
          WHERE m.author IS NOT NULL AND (@chats IS NULL OR m.chat_id IN (SELECT value FROM json_each(@chats)))
          GROUP BY m.chat_id, m.author ORDER BY c.name, m.author`,
      )
      .all({ chats: chatIds === null ? null : JSON.stringify(chatIds) }) as Array<{ chatId: number; chat: string; author: string; messages: number; ts: number; local: string }>;
  // With one min() or max() in a query, SQLite takes the other columns from that row: the local time.
  const lasts = edge('max');
  return edge('min').map((f, i) => {
    const l = lasts[i]!;
    return { chatId: f.chatId, chat: f.chat, author: f.author, messages: f.messages, first: isoTime(f.local, f.ts), firstTs: f.ts, last: isoTime(l.local, l.ts), lastTs: l.ts };
  });
}
