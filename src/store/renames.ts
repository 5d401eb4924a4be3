import type { Database } from 'better-sqlite3';
import { identityText } from '../integrity/identityText.js';
import { saveAlias, type Alias } from './aliases.js';

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

/** Per added message that may repeat earlier ones (another spelling of its author, or an event), those earlier ones; in id order. */
export type Candidates = Map<MinuteRow, MinuteRow[]>;

/**
 * What decides which added messages are duplicates after all (ops/renames.ts), from plain data: the
 * candidates among each part of the added messages (`remainderRows`), then the decision over all of them.
 */
export interface RemainderRule {
  /** `added`: added messages in id order; `earlier`: the chat's earlier messages of their minutes, in id order. */
  candidates(added: readonly MinuteRow[], earlier: readonly MinuteRow[]): Candidates;
  decide(input: RemainderInput): RemainderDecision;
}

export interface RemainderInput {
  /** The candidates of all the added messages, in id order. */
  candidates: Candidates;
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

/**
 * A part of the added messages that may have been in the archive already, and the earlier messages of
 * their minutes, only those with the same words as a message of the other side (`sameWords`); `last`: the
 * id of the part's last added message, where the next part starts.
 */
export interface RemainderRows {
  added: MinuteRow[];
  earlier: MinuteRow[];
  last: number;
}

/** What an added message and an earlier one it may repeat share: minute, kind and identity text (integrity/identityText.ts). */
export function sameWords(r: MinuteRow): string {
  return `${r.minute}\u0000${r.kind}\u0000${identityText(r.kind, r.text)}`;
}

/**
 * Added messages read at a time: an export of another chat of the same name (refused after this) can have
 * a million of them, which read at once with their minutes' earlier messages took ~0.7 GB.
 */
const REMAINDER_PART = 10_000;

/**
 * After an import has written its messages (in its transaction): the next REMAINDER_PART added ones, from
 * id `after` on, that may have been in the archive already, under another author spelling or event
 * wording, with the earlier messages of their minutes; null when there are no more. Reads only the added
 * messages inside the chat's earlier span of minutes, and the earlier messages of their minutes (the
 * identity index's order starts with the minute).
 */
export function remainderRows(db: Database, before: ChatBefore, after: number): RemainderRows | null {
  if (before.firstMinute === null || before.lastMinute === null) return null;
  // The added rows are those after lastId (the import's transaction is the only writer): a range of ids. The
  // unary + keeps SQLite from reading all of the chat's rows by its index instead (130 against 12 ms on a
  // 1M-message chat with 10,000 added).
  // Only added messages with an earlier one of the same minute and kind that could be them under another
  // author spelling (an index probe each): an export that fills a gap inside the chat's span is read no further.
  const added = db
    .prepare(
      `SELECT n.id, n.hash, n.author, n.kind, n.text, substr(n.ident, 1, ${IDENT_MINUTE}) AS minute FROM messages n
        WHERE n.id > @after AND +n.chat_id = @chatId AND substr(n.ident, 1, ${IDENT_MINUTE}) BETWEEN @firstMinute AND @lastMinute
          AND EXISTS (SELECT 1 FROM messages o WHERE ${SAME_MINUTE_EARLIER} AND o.kind = n.kind AND (n.kind = 'system' OR o.author IS NOT n.author))
        ORDER BY n.id LIMIT ${REMAINDER_PART}`,
    )
    .all({ ...before, after }) as MinuteRow[];
  if (added.length === 0) return null;
  const earlier = db
    .prepare(
      `SELECT o.id, o.hash, o.author, o.kind, o.text, substr(o.ident, 1, ${IDENT_MINUTE}) AS minute
         FROM (SELECT DISTINCT value AS ident FROM json_each(@minutes)) n JOIN messages o ON ${SAME_MINUTE_EARLIER} ORDER BY o.id`,
    )
    .all({ chatId: before.chatId, lastId: before.lastId, minutes: JSON.stringify(added.map((r) => r.minute)) }) as MinuteRow[];
  // Only messages with the same words on both sides can be one message twice. An export of another chat of
  // the same name shares few words with the chat, and its million added messages with their minutes' earlier
  // ones, handed over whole, held ~0.3 GB until the caller's next garbage collection.
  const [addedKeys, earlierKeys] = [added.map(sameWords), earlier.map(sameWords)];
  const [inAdded, inEarlier] = [new Set(addedKeys), new Set(earlierKeys)];
  return {
    added: added.filter((_, i) => inEarlier.has(addedKeys[i]!)),
    earlier: earlier.filter((_, i) => inAdded.has(earlierKeys[i]!)),
    last: added.at(-1)!.id,
  };
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
