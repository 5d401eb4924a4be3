// Time-ordered reads of search: the `limit` newest (or oldest) hits of a filter, by walking the runs of
// ids from their newest (oldest) ends (hitsByTime), or by the time blocks that can hold them (hitsByBlocks).
import type { Probe } from './searchProbe.js';
import type { IdRange, RunBounds, TimeRun } from './searchRuns.js';
import type { TimeBlocks } from './searchTime.js';
import { guard, hasRowFilters, INTEGER, rowFilters, TIMES_BY_ID, withMatch, type Hit, type HitFilter } from './search.js';
import type { Archive } from './open.js';
import { BLOCK_BITS } from './vocabulary.js';
import { mayHavePrefix } from '../search/match.js';

export interface TimeOrdered {
  /** Newest first (oldest first): by time, then by id. */
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
    `${column} ${newest ? '<=' : '>='} ${INTEGER('edge')} AND ${where} ORDER BY ${column} ${newest ? 'DESC' : 'ASC'}`;
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
 * from the time blocks that can hold them. First a guess (guessedCut): if the `matches` lie about evenly
 * in time, the newest (oldest) `limit` are among the messages newer (older) than a time the runs' bounds
 * give, and the ids of the matches of the runs' parts that can hold such messages are read, a range of
 * ids each (FTS5 reads a range of its list from where it starts); the blocks' bounds then tell which of
 * them can be among the `limit` best, and only those messages' times are read (guessedHits). Else (the
 * matches lie mostly at the other end) two passes down the expression's whole list inside SQLite: the
 * first counts the matches of each time block and keeps the blocks that can hold one of the `limit`
 * newest (oldest), by the blocks' bounds; the second reads the times of those blocks' matches.
 * `matches`: how many the expression has within the span. Null when the time blocks are unknown (stale
 * derived data).
 */
export function hitsByBlocks(archive: Archive, f: HitFilter & { match: string }, newest: boolean, limit: number, blocks: TimeBlocks, matches: number): TimeOrdered | null {
  if (!blocks.known || hasRowFilters(f) || limit === 0) return null;
  const guess = guessedCut(blocks.runs(), f, newest, limit, matches);
  // A guess is made only of more matches than the limit (guessedCut): never all of them.
  const guessed = guess === null ? null : guessedHits(archive, f.match, newest, limit, guess);
  if (guessed !== null) return { hits: guessed, exhausted: false, seen: matches };
  const span = f.span === null ? '' : ` AND rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`;
  const { ctes, far } = reachedTime(newest);
  const sql = `
    WITH counted AS (
      SELECT rowid >> ${BLOCK_BITS} AS block, count(*) AS n FROM messages_fts WHERE messages_fts MATCH @match${span} GROUP BY 1),
    ${ctes}
    SELECT json_group_array(b.block), (SELECT sum(n) FROM counted) FROM bounded b WHERE ${far('b.')} >= coalesce((SELECT near FROM reached), -9e18)`;
  const [chosen, total] = guard(() => archive.db.prepare(sql).raw().get({ match: f.match, ...f.span, limit }) as [string, number | null]);
  const all = total ?? 0;
  return { hits: blockHits(archive, f, newest, limit, chosen), exhausted: all <= limit, seen: all };
}

/**
 * SQL common table expressions over `counted` (block, n: the matches read of each time block): `bounded`,
 * each block with its bounds lo and hi (over every chat's messages in it), and `reached`, one row: `near`,
 * the furthest time (as `far` orders times: newest first, else negated) that `limit` of the matches surely
 * reach by their blocks' lower (upper) bounds, or null when fewer were read. A block whose `far` bound
 * falls short of it holds none of the `limit` best.
 */
function reachedTime(newest: boolean): { ctes: string; far: (block: string) => string } {
  const near = newest ? 'lo' : '-hi';
  return {
    ctes: `bounded AS (
      SELECT c.block, c.n, min(t.min_ts) AS lo, max(t.max_ts) AS hi FROM counted c JOIN search_time_blocks t ON t.block = c.block GROUP BY c.block),
    reaching AS (SELECT ${near} AS near, sum(n) OVER (ORDER BY ${near} DESC ROWS UNBOUNDED PRECEDING) AS upto FROM bounded),
    reached AS (SELECT max(near) AS near FROM reaching WHERE upto >= @limit)`,
    far: (block) => (newest ? `${block}hi` : `-${block}lo`),
  };
}

/** A guessed cut takes this many times the messages that hold `limit` matches at the matches' share of all (it varies in time). */
const GUESS_MARGIN = 2;
/** How many halvings of the span of times find a guessed cut (each costs a binary search in every run). */
const GUESS_STEPS = 12;

/** A guessed cut: a time, and the ids (of the span) outside of which no message reaches it. */
interface Guess {
  cut: number;
  ranges: IdRange[];
}

/**
 * A time that at least GUESS_MARGIN × limit / share messages of the span surely reach (are newer, or
 * older, than), by the runs' bounds, and the parts of the runs that can hold a message reaching it; null
 * when no guess can save the count (the matches are few, or the guess would read every block).
 */
function guessedCut(runs: TimeRun[] | null, f: HitFilter, newest: boolean, limit: number, matches: number): Guess | null {
  if (runs === null || matches <= limit) return null;
  const low = f.span?.first ?? -Number.MAX_SAFE_INTEGER;
  const high = f.span?.last ?? Number.MAX_SAFE_INTEGER;
  const within = runs.filter((r) => r.last >= low && r.first <= high);
  // Loops and indexes, not reduce and destructuring: this code runs once, unoptimized, where each of those
  // makes garbage (store/searchRank.ts, on comparisons).
  const ids = (first: number, last: number): number => Math.max(0, Math.min(last, high) - Math.max(first, low) + 1);
  let size = 0;
  for (let i = 0; i < within.length; i++) size += ids(within[i]!.first, within[i]!.last);
  const need = (GUESS_MARGIN * limit * size) / matches;
  if (need >= size) return null;
  // sure(t) only falls as t goes further newest (oldest): a time that still reaches `need`, by bisection to
  // within GUESS_STEPS of the span of times (a cut short of the furthest reads a little more).
  const sign = newest ? 1 : -1;
  const sure = (t: number): number => {
    let sum = 0;
    for (let i = 0; i < within.length; i++) {
      const range = within[i]!.surely(sign * t, newest);
      sum += ids(range[0], range[1]);
    }
    return sum;
  };
  let reached = Math.min(...within.map((r) => sign * (newest ? r.minTs : r.maxTs)));
  let missed = Math.max(...within.map((r) => sign * (newest ? r.maxTs : r.minTs))) + 1;
  const close = Math.max(1, (missed - reached) / 2 ** GUESS_STEPS);
  while (missed - reached > close) {
    const t = Math.floor((reached + missed) / 2);
    if (sure(t) >= need) reached = t;
    else missed = t;
  }
  const cut = sign * reached;
  const ranges: IdRange[] = [];
  for (const r of within) {
    const [first, last] = r.maybe(cut, newest);
    if (Math.max(first, low) <= Math.min(last, high)) ranges.push([Math.max(first, low), Math.min(last, high)]);
  }
  // Not empty: `need` messages of the span surely reach the cut.
  return { cut, ranges };
}

/**
 * The `limit` newest (oldest) matches (within the span), best first, when the guess's ranges hold them:
 * when the `limit`-th best of their matches reaches the guess's time, which no message outside them does
 * (else null). One statement: the ids of the matches of each range (FTS5 reads a range of its list from
 * where it starts), a time that `limit` of them surely reach by their time blocks' bounds, and the times
 * of the matches of the blocks that can reach it only: none of the `limit` best of the ranges is in
 * another block. At 10M messages, a phrase's newest 1,000 in ten chats: ~2,000 ids and ~1,050 times read,
 * where a pass down its whole list read ~2,000 times (measured: 8–12 ms, was 15–20).
 */
function guessedHits(archive: Archive, match: string, newest: boolean, limit: number, guess: Guess): Hit[] | null {
  const { ctes, far } = reachedTime(newest);
  const order = newest ? 'DESC' : 'ASC';
  // CROSS JOIN: the ranges first, each handed to FTS5 as its bounds, unless a prefix makes FTS5 read its
  // terms whole for each range: then one read keeps the matches of the ranges' blocks between the first
  // range's start and the last one's end, which are of the span (those outside the ranges fall short of
  // the guess's time: the same results). Then the blocks that can reach the time, then their matches.
  const { ranges } = guess;
  const [read, params] = mayHavePrefix(match)
    ? [
        `SELECT rowid, rowid >> ${BLOCK_BITS} FROM messages_fts WHERE messages_fts MATCH @match AND rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}
           AND (rowid >> ${BLOCK_BITS}) IN (SELECT value FROM json_each(@blocks))`,
        { blocks: JSON.stringify(blocksOf(ranges)), first: ranges[0]![0], last: ranges.at(-1)![1] },
      ]
    : [
        `SELECT f.rowid, f.rowid >> ${BLOCK_BITS} FROM json_each(@ranges) r CROSS JOIN messages_fts f
           ON f.rowid BETWEEN CAST(r.value ->> 0 AS INTEGER) AND CAST(r.value ->> 1 AS INTEGER) WHERE messages_fts MATCH @match`,
        { ranges: JSON.stringify(ranges) },
      ];
  // The ids and times come back as two JSON arrays, not a row each: a row is an array of its own (~230
  // bytes of garbage with its time), and garbage past the heap's young space costs a collection (2–5 ms).
  const sql = `
    WITH hit(id, block) AS MATERIALIZED (${read}),
    counted AS (SELECT block, count(*) AS n FROM hit GROUP BY block),
    ${ctes},
    best AS (
      SELECT h.id, m.ts FROM reached s CROSS JOIN bounded b CROSS JOIN hit h CROSS JOIN messages m ${TIMES_BY_ID}
        WHERE ${far('b.')} >= s.near AND h.block = b.block AND m.id = h.id
        ORDER BY m.ts ${order}, h.id ${order} LIMIT @limit)
    SELECT json_group_array(id ORDER BY ts ${order}, id ${order}), json_group_array(ts ORDER BY ts ${order}, id ${order}) FROM best`;
  const [ids, times] = guard(() => archive.db.prepare(sql).raw().get({ ...params, match, limit }) as [string, string]).map((json) => JSON.parse(json) as number[]) as [number[], number[]];
  const worst = ids.length === limit ? times[limit - 1]! : undefined;
  if (worst === undefined || (newest ? worst < guess.cut : worst > guess.cut)) return null;
  return ids.map((id, i) => ({ id, ts: times[i]!, rank: null }));
}

/** The time blocks that ids of these ranges are in, in order. */
function blocksOf(ranges: readonly IdRange[]): number[] {
  const blocks: number[] = [];
  for (const [first, last] of ranges) {
    for (let block = first >> BLOCK_BITS; block <= last >> BLOCK_BITS; block++) blocks.push(block);
  }
  return blocks;
}

/** The `limit` newest (oldest) matches (within the span) of these blocks (a JSON array). */
function blockHits(archive: Archive, f: HitFilter & { match: string }, newest: boolean, limit: number, blocks: string): Hit[] {
  const span = f.span === null ? '' : ` AND f.rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`;
  const order = newest ? 'DESC' : 'ASC';
  const read = `SELECT f.rowid, m.ts FROM messages_fts f JOIN messages m ${TIMES_BY_ID} ON m.id = f.rowid
    WHERE messages_fts MATCH @match${span} AND (f.rowid >> ${BLOCK_BITS}) IN (SELECT value FROM json_each(@blocks))
    ORDER BY m.ts ${order}, f.rowid ${order} LIMIT @limit`;
  const rows = guard(() => archive.db.prepare(read).raw().all({ match: f.match, ...f.span, blocks, limit })) as [number, number][];
  return rows.map(([id, ts]) => ({ id, ts, rank: null }));
}

/** One run being read: its rows (null until first read) and the bound of the times of what is left of it. */
interface Cursor {
  run: RunBounds;
  rows: Iterator<[number, number | null]> | null;
  bound: number;
}

/** Upper bound of the time of the run's messages with an id below `id`: the time blocks' below its block, exact within it. */
function newestBelow(archive: Archive, run: RunBounds, id: number): number {
  const start = Math.max(run.first, (id >> BLOCK_BITS) << BLOCK_BITS);
  const inBlock = archive.db.prepare(`SELECT max(ts) FROM messages ${TIMES_BY_ID} WHERE id >= ? AND id < ?`).pluck().get(start, id) as number | null;
  return Math.max(run.newestBefore(start), inBlock ?? -Infinity);
}

/** Lower bound of the time of the run's messages with an id above `id`: exact within its block, the time blocks' above it. */
function oldestAbove(archive: Archive, run: RunBounds, id: number): number {
  const end = Math.min(run.last, (((id >> BLOCK_BITS) + 1) << BLOCK_BITS) - 1);
  const inBlock = archive.db.prepare(`SELECT min(ts) FROM messages ${TIMES_BY_ID} WHERE id > ? AND id <= ?`).pluck().get(id, end) as number | null;
  return Math.min(run.oldestAfter(end), inBlock ?? Infinity);
}

/** Without time blocks: all ids, no bounds (every hit is read). */
const UNKNOWN_RUN: RunBounds = {
  first: -Number.MAX_SAFE_INTEGER,
  last: Number.MAX_SAFE_INTEGER,
  minTs: -Infinity,
  maxTs: Infinity,
  newestBefore: () => Infinity,
  oldestAfter: () => -Infinity,
};

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
