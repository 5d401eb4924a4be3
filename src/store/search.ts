// The SQL of search: counting and finding the messages a search plan selects.
//
// What it costs is shaped by FTS5: reading a term's matches from either end of the index is cheap,
// reaching the middle of a very common term's list is not, and bm25 costs a few microseconds per match.
// So newest-first reads matches from the newest end and stops as soon as the time blocks prove no older
// id can hold a newer message; relevance over a very common term ranks only the newest matches.
import type { RowCondition } from '../search/match.js';
import { messagesWithAttachmentNamed } from './mediaNames.js';
import { searchDataIsFresh } from './vocabulary.js';
import type { LocalRange } from './messages.js';
import type { Archive } from './open.js';

/** Which messages a search selects. */
export interface HitFilter {
  /** FTS5 expression every hit matches, or null (then the conditions and filters alone decide). */
  match: string | null;
  conditions: readonly RowCondition[];
  /** Only ids in this range (what a chat filter is, where the time blocks know its chats' ids), or null. */
  span: IdSpan | null;
  /** Only these chats (checked on each message), or null for all. */
  chatIds: readonly number[] | null;
  /** Only messages whose author (a spelling in that chat) passes (from:), or null for any author. */
  author: ((author: string, chatId: number) => boolean) | null;
  range: LocalRange;
}

export interface IdSpan {
  first: number;
  last: number;
}

export interface Hit {
  id: number;
  ts: number;
  /** bm25 (lower is better), when ranked. */
  rank: number | null;
}

/**
 * Settings of this connection for a search: the probe's temporary tables (store/searchProbe.ts) in memory.
 * A search reads scattered pages (each match's size for bm25, each hit's time) with SQLite's own reads,
 * which copy each page into the connection's 1 MiB cache (store/open.ts). Memory-mapped reads took about
 * half their time while that cache was 16 MB of memory never touched before; with 1 MiB, whose memory is
 * reused, a mapped page's first touch costs more than a copy (measured on the 1M-message benchmark, fresh
 * processes alternated: a phrase 179 → 162 ms, `--chat` 172 → 161 ms, a prefix 180 → 169 ms, none slower).
 */
export function readForSearch(archive: Archive): void {
  archive.db.pragma('temp_store = memory');
}

/** The messages outside the chat with the most, from the derived per-chat counts (store/chatCounts.ts; fresh). */
export function messagesOutsideLargestChat(archive: Archive): number {
  const sql = 'SELECT coalesce(sum(n) - max(n), 0) FROM (SELECT sum(messages) AS n FROM chat_counts GROUP BY chat_id)';
  return archive.db.prepare(sql).pluck().get() as number;
}

/**
 * Messages' times read from the index of (id, ts) (schema 9): ~1,100 to a page, against ~100 message rows,
 * so the newest 1,000 matches of a common word touch a few pages instead of a thousand. SQLite looks a
 * rowid up in the table itself unless told; only for a read that needs nothing else of the messages.
 */
export const TIMES_BY_ID = 'INDEXED BY messages_id_ts';

/**
 * A named parameter as an SQL integer, for a bound on messages_fts's rowid. better-sqlite3 binds every JS
 * number as a REAL, and FTS5 narrows its read to a rowid range only for INTEGER bounds: with a REAL, it
 * reads the expression's whole list and SQLite checks the bound on each match (at 10M messages, the newest
 * 100 matches of a phrase in each of ten chats took 40 ms that way, 3.5 ms as integers).
 */
export function INTEGER(name: string): string {
  return `CAST(@${name} AS INTEGER)`;
}

/** Whether anything but the MATCH expression and the id span narrows the hits (then totals need each message read). */
export function hasRowFilters(f: HitFilter): boolean {
  return f.chatIds !== null || f.author !== null || f.range.from !== undefined || f.range.to !== undefined || f.conditions.length > 0;
}

interface Sql {
  where: string;
  params: Record<string, unknown>;
}

/**
 * The filters as SQL (named parameters): the id span on `column` (the index's rowid, or the message id
 * when there is no MATCH), the rest on `messages m`.
 */
export function rowFilters(archive: Archive, f: HitFilter, column = f.match === null ? 'm.id' : 'f.rowid'): Sql {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.span !== null) {
    parts.push(`${column} BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`);
    params.first = f.span.first;
    params.last = f.span.last;
  }
  if (f.chatIds !== null) {
    parts.push('m.chat_id IN (SELECT value FROM json_each(@chatIds))');
    params.chatIds = JSON.stringify(f.chatIds);
  }
  if (f.author !== null) {
    const accept = f.author;
    const seen = new Map<string, number>();
    // A function, not a list of names: from: matches names case- and accent-insensitively at word starts.
    archive.db.function('wa_author_ok', { deterministic: true }, (chatId: unknown, author: unknown) => {
      if (typeof author !== 'string') return 0;
      const key = `${chatId as number}\u0000${author}`;
      let ok = seen.get(key);
      if (ok === undefined) seen.set(key, (ok = accept(author, chatId as number) ? 1 : 0));
      return ok;
    });
    parts.push('wa_author_ok(m.chat_id, m.author)');
  }
  if (f.range.from !== undefined) {
    parts.push('m.local >= @from');
    params.from = f.range.from;
  }
  if (f.range.to !== undefined) {
    parts.push('m.local < @to');
    params.to = f.range.to;
  }
  f.conditions.forEach((c, i) => {
    const any = c.contains.map((text, k) => {
      params[`c${i}s${k}`] = text;
      return `instr(m.text, @c${i}s${k}) > 0`;
    });
    c.attachments.forEach((name, k) => {
      // Looked up here, once, rather than in the SQL: a time-ordered read runs its statement once for each
      // run of ids it reads, and each would read every attachment's name again (at 10M messages, ten times ~40 ms).
      params[`c${i}a${k}`] = JSON.stringify(messagesWithAttachmentNamed(archive, name, searchDataIsFresh(archive)));
      any.push(`m.id IN (SELECT value FROM json_each(@c${i}a${k}))`);
    });
    if (c.match !== null) {
      params[`c${i}m`] = c.match;
      any.push(`m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @c${i}m)`);
    }
    const either = any.length === 0 ? '0' : `(${any.join(' OR ')})`;
    parts.push(c.required ? either : `NOT ${either}`);
  });
  return { where: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

export function withMatch(params: Record<string, unknown>, match: string | null): Record<string, unknown> {
  return match === null ? params : { ...params, match };
}

/** Matches of the expression (within the span) alone: cheap, FTS5 counts its lists without reading messages. */
export function countMatches(archive: Archive, match: string, span: IdSpan | null = null): number {
  const sql = `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH @match${span === null ? '' : ` AND rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`}`;
  return guard(() => archive.db.prepare(sql).pluck().get({ match, ...span }) as number);
}

/** The exact number of hits. */
export function countHits(archive: Archive, f: HitFilter): number {
  if (f.match !== null && !hasRowFilters(f)) return countMatches(archive, f.match, f.span);
  const { where, params } = rowFilters(archive, f);
  const sql =
    f.match === null
      ? `SELECT count(*) FROM messages m WHERE ${where}`
      : `SELECT count(*) FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH @match AND ${where}`;
  return guard(() => archive.db.prepare(sql).pluck().get(withMatch(params, f.match)) as number);
}


/** Distinct authors (per chat) of the messages a filter's chats select: read only to explain a from: that matched nobody. */
export function authorNames(archive: Archive, f: Pick<HitFilter, 'span' | 'chatIds'>): Array<{ author: string; chatId: number }> {
  const parts = ['author IS NOT NULL'];
  if (f.span !== null) parts.push('id BETWEEN @first AND @last');
  if (f.chatIds !== null) parts.push('chat_id IN (SELECT value FROM json_each(@chatIds))');
  return archive.db
    .prepare(`SELECT DISTINCT author, chat_id AS chatId FROM messages WHERE ${parts.join(' AND ')}`)
    .all({ ...f.span, ...(f.chatIds === null ? {} : { chatIds: JSON.stringify(f.chatIds) }) }) as Array<{ author: string; chatId: number }>;
}

/** SQLite refused a search expression (should never happen: see guard). */
export class SearchExpressionError extends Error {
  constructor(readonly detail: string) {
    super(`the search could not be run: ${detail}`);
    this.name = 'SearchExpressionError';
  }
}

/**
 * Runs a query, turning an SQLite error about the search expression into a SearchExpressionError (the
 * search op reports it as a usage error). Expressions are built only from quoted words (search/match.ts),
 * so this is a safety net.
 */
export function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = (error as Error).message ?? '';
    if ((error as { code?: string }).code === 'SQLITE_ERROR' && /fts5|MATCH/i.test(message)) {
      throw new SearchExpressionError(message.replace(/^fts5: /, ''));
    }
    throw error;
  }
}
