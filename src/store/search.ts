// The SQL of search: counting and finding the messages a search plan selects.
//
// What it costs is shaped by FTS5: reading a term's matches from either end of the index is cheap,
// reaching the middle of a very common term's list is not, and bm25 costs a few microseconds per match.
// So newest-first reads matches from the newest end and stops as soon as the time blocks prove no older
// id can hold a newer message; relevance over a very common term ranks only the newest matches.
import type { RowCondition } from '../search/match.js';
import type { LocalRange } from './messages.js';
import type { Archive } from './open.js';
import type { TimeBlocks, TimeRun } from './searchTime.js';

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
 * Makes this connection read the archive through memory-mapped I/O: a search reads scattered pages
 * (each match's size for bm25, each hit's time), and measured on 1M messages mapped reads take about
 * half the time of SQLite's own reads (which copy every page).
 */
export function readForSearch(archive: Archive): void {
  archive.db.pragma(`mmap_size = ${2 ** 30}`);
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
      params[`c${i}a${k}`] = `%${name.replace(/[\\%_]/g, '\\$&')}%`;
      any.push(`m.id IN (${ATTACHMENT_NAMED.replaceAll('@name', `@c${i}a${k}`)})`);
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
 * The `limit` newest (or oldest) hits, newest first (or oldest first); `limit` 0 = all. Reads the hits
 * run by run (the time blocks' runs of one chat's ids), the runs with the newest (oldest) messages first,
 * each from its newest (oldest) end; stops as soon as the bounds show that nothing further can be newer
 * (older) than the last hit kept. An FTS5 list is cheap to read from an end, so each run is read from
 * its end with one bound in the SQL, the other checked here.
 */
export function hitsByTime(archive: Archive, f: HitFilter, newest: boolean, limit: number, blocks: TimeBlocks): TimeOrdered {
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
  const runs = (blocks.runs() ?? [UNKNOWN_RUN])
    .filter((r) => r.last >= low && r.first <= high)
    .sort(newest ? (a, b) => b.maxTs - a.maxTs : (a, b) => a.minTs - b.minTs);
  let seen = 0;
  let exhausted = true;
  guard(() => {
    const statement = archive.db.prepare(sql).raw();
    for (const run of runs) {
      const worst = kept.full ? kept.worst : undefined;
      // Runs come newest (oldest) first: when this one cannot beat the worst kept, no later one can.
      if (worst !== undefined && (newest ? run.maxTs < worst.ts : run.minTs > worst.ts)) {
        exhausted = false;
        break;
      }
      const edge = newest ? Math.min(run.last, high) : Math.max(run.first, low);
      const stop = newest ? Math.max(run.first, low) : Math.min(run.last, high);
      for (const [id, ts] of statement.iterate(withMatch({ ...params, edge }, f.match)) as IterableIterator<[number, number]>) {
        if (newest ? id < stop : id > stop) break;
        seen++;
        kept.add({ id, ts, rank: null });
        const least = kept.full ? kept.worst : undefined;
        // The rest of this run has ids below (above) this one: done with it when none can be as new (old).
        if (least !== undefined && (newest ? run.newestBefore(id) < least.ts : run.oldestAfter(id) > least.ts)) {
          exhausted = false;
          break;
        }
      }
    }
  });
  return { hits: kept.sorted(), exhausted, seen };
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
