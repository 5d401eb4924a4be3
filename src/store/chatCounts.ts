// The per-chat summaries kept as derived data (schema migration 7): messages per chat, local month and author
// spelling (chat_counts), and attachment references per chat, file-name suffix and whether stored (chat_media).
// Brought up to date with search's derived data (store/vocabulary.ts refreshSearchData, in the same
// transaction) and trusted only when that is fresh (searchDataIsFresh); otherwise readers count the
// messages themselves.
import type Database from 'better-sqlite3';
import type { AddedRows } from './writerAdded.js';

/**
 * An attachment's file name from its last dot ('.jpg'; '' without a dot; NULL: exported without media): all
 * that its type depends on (ops/stats.ts mediaType). SQL over message_media as `mm`.
 */
export const MEDIA_SUFFIX = `CASE WHEN mm.name IS NULL THEN NULL WHEN instr(mm.name, '.') = 0 THEN ''
  ELSE substr(mm.name, length(rtrim(mm.name, replace(mm.name, '.', '')))) END`;

/** Each table, its key columns and the counts of the messages with ids past `?`. */
const TABLES = [
  {
    table: 'chat_counts',
    keys: ['chat_id', 'month', 'author'],
    count: 'messages',
    select: `SELECT chat_id, substr(local, 1, 7) AS month, author, count(*) AS messages FROM messages WHERE id > ?
      GROUP BY chat_id, month, author`,
  },
  {
    table: 'chat_media',
    keys: ['chat_id', 'suffix', 'stored'],
    count: 'attachments',
    select: `SELECT m.chat_id, ${MEDIA_SUFFIX} AS suffix, mm.sha256 IS NOT NULL AS stored, count(*) AS attachments
      FROM message_media mm JOIN messages m ON m.id = mm.message_id WHERE mm.message_id > ? GROUP BY m.chat_id, suffix, stored`,
  },
];

/**
 * Rebuilds the counts from every message. With a 2 MiB page cache for the while: the whole-table scan and
 * its sort gain nothing from a larger one, and measured on the 1M-message benchmark import the driver's
 * default 16 MB cache added 46 MB to the import's peak RSS (0.98 s for the messages' GROUP BY, 0.81 s with 2 MiB).
 */
export function rebuildChatCounts(db: Database.Database): void {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -2048');
  try {
    for (const { table, keys, count, select } of TABLES) {
      db.prepare(`DELETE FROM ${table}`).run();
      db.prepare(`INSERT INTO ${table} (${keys.join(', ')}, ${count}) ${select}`).run(0);
    }
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

/**
 * Stores counts summed by the import writer's thread (store/writerAdded.ts) when they are every message
 * of the archive, in the order a rebuild's GROUP BY writes them.
 */
export function storeChatCounts(db: Database.Database, added: Pick<AddedRows, 'counts' | 'media'>): void {
  db.prepare('DELETE FROM chat_counts').run();
  db.prepare(
    `INSERT INTO chat_counts (chat_id, month, author, messages)
     SELECT value ->> 0 AS chat_id, value ->> 1 AS month, value ->> 2 AS author, value ->> 3 FROM json_each(?) ORDER BY chat_id, month, author`,
  ).run(JSON.stringify(added.counts));
  db.prepare('DELETE FROM chat_media').run();
  db.prepare(
    `INSERT INTO chat_media (chat_id, suffix, stored, attachments)
     SELECT value ->> 0 AS chat_id, value ->> 1 AS suffix, value ->> 2 AS stored, value ->> 3 FROM json_each(?) ORDER BY chat_id, suffix, stored`,
  ).run(JSON.stringify(added.media));
}

/**
 * Adds the messages with ids past `afterId` (no other message changed since the counts were made). The new
 * keys are found by a join, for which SQLite indexes the table's rows once: a NOT EXISTS read every row of
 * it for each new key (a new chat of 20,000 messages into an archive of 10M: ~0.2 s, against ~0.01 s).
 */
export function addToChatCounts(db: Database.Database, afterId: number): void {
  for (const { table, keys, count, select } of TABLES) {
    const same = keys.map((k) => `c.${k} IS n.${k}`).join(' AND ');
    db.prepare(`WITH n AS (${select}) UPDATE ${table} AS c SET ${count} = c.${count} + n.${count} FROM n WHERE ${same}`).run(afterId);
    db.prepare(
      `WITH n AS (${select}) INSERT INTO ${table} (${keys.join(', ')}, ${count})
         SELECT ${keys.map((k) => `n.${k}`).join(', ')}, n.${count} FROM n LEFT JOIN ${table} c ON ${same} WHERE c.rowid IS NULL`,
    ).run(afterId);
  }
}
