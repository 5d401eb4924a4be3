// The SQL of search: counting and finding the messages a search plan selects.
//
// What it costs is shaped by FTS5: reading a term's matches from either end of the index is cheap,
// reaching the middle of a very common term's list is not, and bm25 costs a few microseconds per match.
// So newest-first reads matches from the newest end and stops as soon as the time blocks prove no older
// id can hold a newer message; relevance over a very common term ranks only the newest matches.
import type { RowCondition } from '../search/match.js';
import type { LocalRange } from './messages.js';
import type { Archive } from './open.js';
import type { Probe } from './searchProbe.js';
import type { TimeRun } from './searchRuns.js';
import type { TimeBlocks } from './searchTime.js';
import { BLOCK_BITS } from './vocabulary.js';

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

/** How many messages the index holds and how many tokens they have, from FTS5's own record of them (what bm25 reads). */
export function indexTotals(archive: Archive): { rows: number; tokens: number } {
  // FTS5's "averages" record (row 1 of its data): varints, the number of rows, then the tokens of each column.
  const record = archive.db.prepare('SELECT block FROM messages_fts_data WHERE id = 1').pluck().get() as Buffer | undefined;
  if (record === undefined) return { rows: 0, tokens: 0 };
  const [rows, at] = varint(record, 0);
  return { rows, tokens: varint(record, at)[0] };
}

/** The messages outside the chat with the most, from the derived per-chat counts (store/chatCounts.ts; fresh). */
export function messagesOutsideLargestChat(archive: Archive): number {
  const sql = 'SELECT coalesce(sum(n) - max(n), 0) FROM (SELECT sum(messages) AS n FROM chat_counts GROUP BY chat_id)';
  return archive.db.prepare(sql).pluck().get() as number;
}

/** An SQLite varint (big-endian groups of 7 bits, the high bit set on all but the last) at `at`: its value and where the next begins. */
export function varint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  for (let i = at; i < bytes.length; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if ((bytes[i]! & 0x80) === 0) return [value, i + 1];
  }
  return [value, bytes.length];
}

/**
 * Messages' times read from the index of (id, ts) (schema 9): ~1,100 to a page, against ~100 message rows,
 * so the newest 1,000 matches of a common word touch a few pages instead of a thousand. SQLite looks a
 * rowid up in the table itself unless told; only for a read that needs nothing else of the messages.
 */
export const TIMES_BY_ID = 'INDEXED BY messages_id_ts';

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
    parts.push(`${column} BETWEEN @first AND @last`);
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
      params[`c${i}a${k}`] = JSON.stringify(archive.db.prepare(ATTACHMENT_NAMED).pluck().all({ name: `%${name.replace(/[\\%_]/g, '\\$&')}%` }));
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

/** Messages with an attachment whose file name is LIKE @name (its own, or the one a later export brought). */
const ATTACHMENT_NAMED = "SELECT message_id FROM message_media WHERE name LIKE @name ESCAPE '\\' UNION ALL SELECT message_id FROM media_late WHERE name LIKE @name ESCAPE '\\'";

function withMatch(params: Record<string, unknown>, match: string | null): Record<string, unknown> {
  return match === null ? params : { ...params, match };
}

/** Matches of the expression (within the span) alone: cheap, FTS5 counts its lists without reading messages. */
export function countMatches(archive: Archive, match: string, span: IdSpan | null = null): number {
  const sql = `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH @match${span === null ? '' : ' AND rowid BETWEEN @first AND @last'}`;
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


export interface TimeOrdered {
  hits: Hit[];
  /** Every hit was read (so hits.length is the total when no limit cut it). */
  exhausted: boolean;
  /** How many hits were read in all. */
  seen: number;
}

/**
 * The `limit` newest (or oldest) hits, newest first (or oldest first); `limit` 0 = all. Reads the runs
 * of ids (the time blocks' runs of one chat's ids) side by side, each from its newest (oldest) end, always
 * from the run whose unread part may hold the newest (oldest) message; stops as soon as the bounds show
 * that no unread message can be newer (older) than the last hit kept. A run's matches are read from the
 * index (an FTS5 list is cheap to read from an end: one bound in the SQL, the other checked here) or, with
 * a probe, by a scan of its messages.
 */
export function hitsByTime(archive: Archive, f: HitFilter, newest: boolean, limit: number, blocks: TimeBlocks, probe: Probe | null = null): TimeOrdered {
  if (probe !== null && hasRowFilters(f)) throw new Error('a scan reads the matches of an expression without filters');
  const { where, params } = rowFilters(archive, { ...f, span: null });
  const column = f.match === null ? 'm.id' : 'f.rowid';
  const messages = hasRowFilters(f) ? 'messages m' : `messages m ${TIMES_BY_ID}`;
  const from = f.match === null ? messages : `messages_fts f JOIN ${messages} ON m.id = f.rowid`;
  const sql =
    `SELECT ${column}, m.ts FROM ${from} WHERE ${f.match === null ? '' : 'messages_fts MATCH @match AND '}` +
    `${column} ${newest ? '<=' : '>='} @edge AND ${where} ORDER BY ${column} ${newest ? 'DESC' : 'ASC'}`;
  const better = newest
    ? (a: Hit, b: Hit) => a.ts > b.ts || (a.ts === b.ts && a.id > b.id)
    : (a: Hit, b: Hit) => a.ts < b.ts || (a.ts === b.ts && a.id < b.id);
  const kept = new TopK(limit === 0 ? Infinity : limit, better);
  const low = f.span?.first ?? -Number.MAX_SAFE_INTEGER;
  const high = f.span?.last ?? Number.MAX_SAFE_INTEGER;
  // Without time blocks there are no runs to read from their ends: the index reads every match.
  const scan = blocks.runs() === null ? null : probe;
  // The bound of a run's unread messages: an upper bound of their times reading newest first, else a lower
  // one negated, so that the run to read next is always the one with the highest.
  const sign = newest ? 1 : -1;
  const cursors: Cursor[] = (blocks.runs() ?? [UNKNOWN_RUN])
    .filter((r) => r.last >= low && r.first <= high)
    .map((run) => ({ run, rows: null, bound: newest ? run.maxTs : -run.minTs }))
    .sort((a, b) => b.bound - a.bound);
  let seen = 0;
  let exhausted = true;
  guard(() => {
    try {
      while (cursors.length > 0) {
        const c = cursors[0]!;
        const worst = kept.full ? kept.worst : undefined;
        if (worst !== undefined && c.bound < sign * worst.ts) {
          exhausted = false;
          break;
        }
        const { run } = c;
        const edge = newest ? Math.min(run.last, high) : Math.max(run.first, low);
        const stop = newest ? Math.max(run.first, low) : Math.min(run.last, high);
        c.rows ??= scan !== null ? scan.read(edge, stop) : (archive.db.prepare(sql).raw().iterate(withMatch({ ...params, edge }, f.match)) as Iterator<[number, number | null]>);
        const next = c.rows.next();
        if (next.done === true || (newest ? next.value[0] < stop : next.value[0] > stop)) {
          c.rows.return?.();
          cursors.shift();
          continue;
        }
        const [id, ts] = next.value;
        if (ts === null) {
          // The probe read every message from the run's end to id: the times of the rest are bounded exactly.
          c.bound = sign * (newest ? newestBelow(archive, run, id) : oldestAbove(archive, run, id));
        } else {
          seen++;
          kept.add({ id, ts, rank: null });
          // The rest of this run has ids below (above) this one.
          c.bound = newest ? run.newestBefore(id) : -run.oldestAfter(id);
        }
        // Back in its place among the cursors (its bound only went down).
        for (let i = 0; i + 1 < cursors.length && cursors[i + 1]!.bound > cursors[i]!.bound; i++) [cursors[i], cursors[i + 1]] = [cursors[i + 1]!, cursors[i]!];
      }
    } finally {
      for (const c of cursors) c.rows?.return?.();
    }
  });
  return { hits: kept.sorted(), exhausted, seen };
}

/**
 * The `limit` newest (or oldest) matches of the expression (within the span), as hitsByTime finds them,
 * from two passes down the expression's whole list of matches inside SQLite, which cost ~0.1 µs a match
 * where a read from the middle of the list costs as much as the matches before it (for each run of ids:
 * ten at 10M): the first counts the matches of each time block and keeps the blocks that can hold one
 * of the `limit` newest (oldest), by the blocks' bounds; the second reads the times of those blocks'
 * matches. Null when the time blocks are unknown (stale derived data).
 */
export function hitsByBlocks(archive: Archive, f: HitFilter & { match: string }, newest: boolean, limit: number, blocks: TimeBlocks): TimeOrdered | null {
  if (!blocks.known || hasRowFilters(f) || limit === 0) return null;
  const span = f.span === null ? '' : ' AND rowid BETWEEN @first AND @last';
  // A block's lower bound (upper, reading oldest first) holds for each of its matches: the `limit`-th best of
  // these is a time that many matches reach, so a block whose upper (lower) bound falls short of it holds
  // none of the `limit` best.
  const [near, far, order] = newest ? ['lo', 'hi', 'DESC'] : ['-hi', '-lo', 'DESC'];
  const sql = `
    WITH counted AS (
      SELECT rowid >> ${BLOCK_BITS} AS block, count(*) AS n FROM messages_fts WHERE messages_fts MATCH @match${span} GROUP BY 1),
    bounded AS (
      SELECT c.block, c.n, min(t.min_ts) AS lo, max(t.max_ts) AS hi FROM counted c JOIN search_time_blocks t ON t.block = c.block GROUP BY c.block),
    reaching AS (
      SELECT ${near} AS near, sum(n) OVER (ORDER BY ${near} ${order} ROWS UNBOUNDED PRECEDING) AS upto FROM bounded),
    cut AS (SELECT max(near) AS near FROM reaching WHERE upto >= @limit)
    SELECT json_group_array(block), (SELECT sum(n) FROM counted) FROM bounded WHERE ${far} >= coalesce((SELECT near FROM cut), -9e18)`;
  const [chosen, total] = guard(() => archive.db.prepare(sql).raw().get({ match: f.match, ...f.span, limit }) as [string, number | null]);
  const read = `SELECT f.rowid, m.ts FROM messages_fts f JOIN messages m ${TIMES_BY_ID} ON m.id = f.rowid
    WHERE messages_fts MATCH @match${span.replaceAll('rowid', 'f.rowid')} AND (f.rowid >> ${BLOCK_BITS}) IN (SELECT value FROM json_each(@chosen))`;
  const better = newest
    ? (a: Hit, b: Hit) => a.ts > b.ts || (a.ts === b.ts && a.id > b.id)
    : (a: Hit, b: Hit) => a.ts < b.ts || (a.ts === b.ts && a.id < b.id);
  const kept = new TopK(limit, better);
  guard(() => {
    for (const [id, ts] of archive.db.prepare(read).raw().iterate({ match: f.match, ...f.span, chosen }) as IterableIterator<[number, number]>) kept.add({ id, ts, rank: null });
  });
  const all = total ?? 0;
  return { hits: kept.sorted(), exhausted: all <= limit, seen: all };
}

/** One run being read: its rows (null until first read) and the bound of the times of what is left of it. */
interface Cursor {
  run: TimeRun;
  rows: Iterator<[number, number | null]> | null;
  bound: number;
}

/** Upper bound of the time of the run's messages with an id below `id`: the time blocks' below its block, exact within it. */
function newestBelow(archive: Archive, run: TimeRun, id: number): number {
  const start = Math.max(run.first, (id >> BLOCK_BITS) << BLOCK_BITS);
  const inBlock = archive.db.prepare(`SELECT max(ts) FROM messages ${TIMES_BY_ID} WHERE id >= ? AND id < ?`).pluck().get(start, id) as number | null;
  return Math.max(run.newestBefore(start), inBlock ?? -Infinity);
}

/** Lower bound of the time of the run's messages with an id above `id`: exact within its block, the time blocks' above it. */
function oldestAbove(archive: Archive, run: TimeRun, id: number): number {
  const end = Math.min(run.last, (((id >> BLOCK_BITS) + 1) << BLOCK_BITS) - 1);
  const inBlock = archive.db.prepare(`SELECT min(ts) FROM messages ${TIMES_BY_ID} WHERE id > ? AND id <= ?`).pluck().get(id, end) as number | null;
  return Math.min(run.oldestAfter(end), inBlock ?? Infinity);
}

/** Without time blocks: all ids, no bounds (every hit is read). */
const UNKNOWN_RUN: TimeRun = {
  first: -Number.MAX_SAFE_INTEGER,
  last: Number.MAX_SAFE_INTEGER,
  minTs: -Infinity,
  maxTs: Infinity,
  newestBefore: () => Infinity,
  oldestAfter: () => -Infinity,
};

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

/** The k best items seen so far (a binary heap with the worst on top). */
class TopK<T> {
  private readonly heap: T[] = [];
  constructor(
    private readonly k: number,
    private readonly better: (a: T, b: T) => boolean,
  ) {}

  get full(): boolean {
    return this.heap.length >= this.k;
  }

  get worst(): T | undefined {
    return this.heap[0];
  }

  add(item: T): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(item);
      let i = h.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.better(h[parent]!, h[i]!)) break;
        [h[parent], h[i]] = [h[i]!, h[parent]!];
        i = parent;
      }
    } else if (this.better(item, h[0]!)) {
      h[0] = item;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < h.length && this.better(h[worst]!, h[l]!)) worst = l;
        if (r < h.length && this.better(h[worst]!, h[r]!)) worst = r;
        if (worst === i) break;
        [h[worst], h[i]] = [h[i]!, h[worst]!];
        i = worst;
      }
    }
  }

  /** Best first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => (this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0));
  }
}
