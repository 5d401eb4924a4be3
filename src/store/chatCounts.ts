// The per-chat summaries kept as derived data (table chat_counts, schema migration 7): messages per chat,
// local month and author spelling. Brought up to date with search's derived data (store/vocabulary.ts
// refreshSearchData, in the same transaction) and trusted only when that is fresh (searchDataIsFresh);
// otherwise readers count the messages themselves.
import type Database from 'better-sqlite3';

/** The messages with ids past `afterId`, counted per chat, local month and author. */
const COUNTS = `SELECT chat_id, substr(local, 1, 7) AS month, author, count(*) AS messages FROM messages WHERE id > ? GROUP BY chat_id, month, author`;

/** Rebuilds the counts from every message. */
export function rebuildChatCounts(db: Database.Database): void {
  db.prepare('DELETE FROM chat_counts').run();
  db.prepare(`INSERT INTO chat_counts (chat_id, month, author, messages) ${COUNTS}`).run(0);
}

/** Adds the messages with ids past `afterId` (no other message changed since the counts were made). */
export function addToChatCounts(db: Database.Database, afterId: number): void {
  const same = 'c.chat_id = n.chat_id AND c.month = n.month AND c.author IS n.author';
  db.prepare(`WITH n AS (${COUNTS}) UPDATE chat_counts AS c SET messages = c.messages + n.messages FROM n WHERE ${same}`).run(afterId);
  db.prepare(
    `WITH n AS (${COUNTS}) INSERT INTO chat_counts (chat_id, month, author, messages)
       SELECT chat_id, month, author, messages FROM n WHERE NOT EXISTS (SELECT 1 FROM chat_counts c WHERE ${same})`,
  ).run(afterId);
}
