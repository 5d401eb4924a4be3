import type { Database } from 'better-sqlite3';
import { chatAliases, saveAlias, type Alias } from './aliases.js';

/**
 * A message of the chat, read where renamed authors and events worded differently show up after the
 * ordinary deduplication by identity: the messages this import added inside the minutes the chat already
 * had, and the earlier messages of those minutes.
 */
export interface MinuteRow {
  id: number;
  hash: string;
  author: string | null;
  kind: string;
  text: string;
  /** The identity's minute, 'YYYYMMDDHHMM'. */
  minute: string;
}

/** What the chat held when the import began: its last message id and its first and last identity minutes. */
export interface ChatBefore {
  chatId: number;
  lastId: number;
  firstMinute: string | null;
  lastMinute: string | null;
}

/** What decides which added messages are duplicates after all (ops/renames.ts), from plain data. */
export type RemainderRule = (input: RemainderInput) => RemainderDecision;

export interface RemainderInput {
  /** Added messages inside the chat's earlier span of minutes, in id order. */
  added: MinuteRow[];
  /** The chat's earlier messages of those minutes, in id order. */
  earlier: MinuteRow[];
  /** The chat's aliases: alias → author. */
  aliases: Map<string, string>;
  /** Every author of the export (also of the messages it shares with the archive). */
  exportAuthors: ReadonlySet<string | null>;
  /** Whether the chat had messages by this author before the import. */
  archivedAuthor(author: string): boolean;
  /** Whether the export reaches later than the archive did: its spelling is the newer one. */
  newer: boolean;
}

export interface RemainderDecision {
  /** Added messages that were already in the archive under another author spelling or event wording. */
  duplicates: Array<{ id: number; hash: string }>;
  /** New aliases (the author already resolved, never an alias itself). */
  aliases: Alias[];
}

const IDENT_MINUTE = 12;
/** `o` is an earlier message of the chat in the minute `n.ident` starts with: a range of the identity index. */
const SAME_MINUTE_EARLIER =
  `o.chat_id = @chatId AND o.ident >= substr(n.ident, 1, ${IDENT_MINUTE}) AND o.ident < substr(n.ident, 1, ${IDENT_MINUTE}) || '~' AND o.id <= @lastId`;

export function chatBefore(db: Database, chatId: number): ChatBefore {
  const span = db
    // Two subqueries: each is one probe of the identity index; min and max in one query read all of the chat's entries.
    .prepare(
      `SELECT (SELECT substr(min(ident), 1, ${IDENT_MINUTE}) FROM messages WHERE chat_id = @chatId) AS firstMinute,
              (SELECT substr(max(ident), 1, ${IDENT_MINUTE}) FROM messages WHERE chat_id = @chatId) AS lastMinute`,
    )
    .get({ chatId }) as { firstMinute: string | null; lastMinute: string | null };
  const lastId = (db.prepare('SELECT max(id) AS id FROM messages').get() as { id: number | null }).id ?? 0;
  return { chatId, lastId, ...span };
}

/** What the rule reads that the thread's connection has: the candidates among the added messages, the earlier ones, the aliases. */
export type RemainderRows = Pick<RemainderInput, 'added' | 'earlier' | 'aliases'>;

/**
 * After an import has written its messages (in its transaction): the added ones that may have been in the
 * archive already, under another author spelling or event wording, with what the rule needs to decide;
 * null when there are none. Reads only the added messages inside the chat's earlier span of minutes, and
 * the earlier messages of their minutes (the identity index's order starts with the minute).
 */
export function remainderRows(db: Database, before: ChatBefore): RemainderRows | null {
  if (before.firstMinute === null || before.lastMinute === null) return null;
  // The added rows are those after lastId (the import's transaction is the only writer): a range of ids. The
  // unary + keeps SQLite from reading all of the chat's rows by its index instead (130 against 12 ms on a
  // 1M-message chat with 10,000 added).
  // Only added messages with an earlier one of the same minute and kind that could be them under another
  // author spelling (an index probe each): an export that fills a gap inside the chat's span is read no further.
  const added = db
    .prepare(
      `SELECT n.id, n.hash, n.author, n.kind, n.text, substr(n.ident, 1, ${IDENT_MINUTE}) AS minute FROM messages n
        WHERE n.id > @lastId AND +n.chat_id = @chatId AND substr(n.ident, 1, ${IDENT_MINUTE}) BETWEEN @firstMinute AND @lastMinute
          AND EXISTS (SELECT 1 FROM messages o WHERE ${SAME_MINUTE_EARLIER} AND o.kind = n.kind AND (n.kind = 'system' OR o.author IS NOT n.author))
        ORDER BY n.id`,
    )
    .all(before) as MinuteRow[];
  if (added.length === 0) return null;
  const earlier = db
    .prepare(
      `SELECT o.id, o.hash, o.author, o.kind, o.text, substr(o.ident, 1, ${IDENT_MINUTE}) AS minute
         FROM (SELECT DISTINCT value AS ident FROM json_each(@minutes)) n JOIN messages o ON ${SAME_MINUTE_EARLIER} ORDER BY o.id`,
    )
    .all({ chatId: before.chatId, lastId: before.lastId, minutes: JSON.stringify(added.map((r) => r.minute)) }) as MinuteRow[];
  return { added, earlier, aliases: chatAliases(db, before.chatId) };
}

/** Carries out the rule's decision: removes the duplicates again (row, attachments' references, search entry), saves the aliases. */
export function settleRemainder(db: Database, chatId: number, importId: number, at: number, decision: RemainderDecision): void {
  if (decision.duplicates.length > 0) {
    const ids = JSON.stringify(decision.duplicates.map((d) => d.id));
    const these = 'IN (SELECT value FROM json_each(?))';
    db.prepare(`INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', id, text FROM messages WHERE id ${these}`).run(ids);
    db.prepare(`DELETE FROM message_media WHERE message_id ${these}`).run(ids);
    db.prepare(`DELETE FROM messages WHERE id ${these}`).run(ids);
  }
  for (const alias of decision.aliases) saveAlias(db, chatId, alias, importId, at);
}
