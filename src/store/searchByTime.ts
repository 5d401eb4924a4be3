// Time-ordered reads of search: the `limit` newest (or oldest) hits of a filter, by walking the runs of
// ids from their newest (oldest) ends (hitsByTime), or by the time blocks that can hold them (hitsByBlocks).
import type { Probe } from './searchProbe.js';
import type { IdRange, RunBounds, TimeRun } from './searchRuns.js';
import type { TimeBlocks } from './searchTime.js';
import { guard, hasRowFilters, INTEGER, rowFilters, TIMES_BY_ID, withMatch, type Hit, type HitFilter } from './search.js';
import type { Archive } from './open.js';
import { BLOCK_BITS } from './vocabulary.js';

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
 * from passes down the expression's whole list of matches inside SQLite, which cost ~0.1 µs a match
 * where a read from the middle of the list costs as much as the matches before it (for each run of ids:
 * ten at 10M). First a guess (guessedCut): if the `matches` lie about evenly in time, the newest (oldest)
 * `limit` are among the messages that are newer (older) than a time the runs' bounds give, so one pass
 * reads the matches of the blocks that can hold such messages; it is exact when `limit` of them reach that
 * time, since no message outside the blocks does. Else (the matches lie mostly at the other end) two
 * passes: the first counts the matches of each time block and keeps the blocks that can hold one of the
 * `limit` newest (oldest), by the blocks' bounds; the second reads the times of those blocks' matches.
 * `matches`: how many the expression has within the span. `ranked`: the hits of a guessed read come with
 * their bm25 ranks (relevance's window). Null when the time blocks are unknown (stale derived data).
 */
export function hitsByBlocks(
  archive: Archive, f: HitFilter & { match: string }, newest: boolean, limit: number, blocks: TimeBlocks, matches: number, ranked = false,
): TimeOrdered | null {
  if (!blocks.known || hasRowFilters(f) || limit === 0) return null;
  const guess = guessedCut(blocks.runs(), f, newest, limit, matches);
  if (guess !== null) {
    const hits = blockHits(archive, f, newest, limit, guess.blocks, ranked ? guess.cut : null);
    const worst = hits.length === limit ? hits[limit - 1]! : undefined;
    if (worst !== undefined && (newest ? worst.ts >= guess.cut : worst.ts <= guess.cut)) return { hits, exhausted: matches <= limit, seen: matches };
  }
  const span = f.span === null ? '' : ` AND rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`;
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
  const all = total ?? 0;
  return { hits: blockHits(archive, f, newest, limit, chosen, null), exhausted: all <= limit, seen: all };
}

/** A guessed cut takes this many times the messages that hold `limit` matches at the matches' share of all (it varies in time). */
const GUESS_MARGIN = 2;
/** How many halvings of the span of times find a guessed cut (each costs a binary search in every run). */
const GUESS_STEPS = 12;

/**
 * A time that at least GUESS_MARGIN × limit / share messages of the span surely reach (are newer, or
 * older, than), by the runs' bounds, and the blocks that can hold a message reaching it; null when no
 * guess can save the count (the matches are few, or the guess would read every block).
 */
function guessedCut(runs: TimeRun[] | null, f: HitFilter, newest: boolean, limit: number, matches: number): { cut: number; blocks: string } | null {
  if (runs === null || matches <= limit) return null;
  const low = f.span?.first ?? -Number.MAX_SAFE_INTEGER;
  const high = f.span?.last ?? Number.MAX_SAFE_INTEGER;
  const within = runs.filter((r) => r.last >= low && r.first <= high);
  const ids = ([first, last]: IdRange): number => Math.max(0, Math.min(last, high) - Math.max(first, low) + 1);
  const size = within.reduce((sum, r) => sum + ids([r.first, r.last]), 0);
  const need = (GUESS_MARGIN * limit * size) / matches;
  if (need >= size) return null;
  // sure(t) only falls as t goes further newest (oldest): a time that still reaches `need`, by bisection to
  // within GUESS_STEPS of the span of times (a cut short of the furthest reads a little more).
  const sign = newest ? 1 : -1;
  const sure = (t: number) => within.reduce((sum, r) => sum + ids(r.surely(sign * t, newest)), 0);
  let reached = Math.min(...within.map((r) => sign * (newest ? r.minTs : r.maxTs)));
  let missed = Math.max(...within.map((r) => sign * (newest ? r.maxTs : r.minTs))) + 1;
  const close = Math.max(1, (missed - reached) / 2 ** GUESS_STEPS);
  while (missed - reached > close) {
    const t = Math.floor((reached + missed) / 2);
    if (sure(t) >= need) reached = t;
    else missed = t;
  }
  const cut = sign * reached;
  const blocks: number[] = [];
  for (const r of within) {
    const [first, last] = r.maybe(cut, newest);
    for (let block = Math.max(first, low) >> BLOCK_BITS; first <= last && block <= Math.min(last, high) >> BLOCK_BITS; block++) blocks.push(block);
  }
  return { cut, blocks: JSON.stringify(blocks) };
}

/**
 * The `limit` newest (oldest) matches (within the span) of these blocks (a JSON array), with their bm25
 * ranks when they reach `rankFrom` (else null): in the same pass, where ranking them afterwards would take
 * FTS5 down the list once more (store/searchRank.ts rankOf), and its count of each word's messages for
 * bm25's weights is made once either way.
 */
function blockHits(archive: Archive, f: HitFilter & { match: string }, newest: boolean, limit: number, blocks: string, rankFrom: number | null): Hit[] {
  const span = f.span === null ? '' : ` AND f.rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`;
  const rank = rankFrom === null ? 'NULL' : `CASE WHEN m.ts ${newest ? '>=' : '<='} @rankFrom THEN f.rank END`;
  const order = newest ? 'DESC' : 'ASC';
  const read = `SELECT f.rowid, m.ts, ${rank} FROM messages_fts f JOIN messages m ${TIMES_BY_ID} ON m.id = f.rowid
    WHERE messages_fts MATCH @match${span} AND (f.rowid >> ${BLOCK_BITS}) IN (SELECT value FROM json_each(@blocks))
    ORDER BY m.ts ${order}, f.rowid ${order} LIMIT @limit`;
  const rows = guard(() => archive.db.prepare(read).raw().all({ match: f.match, ...f.span, blocks, limit, ...(rankFrom === null ? {} : { rankFrom }) })) as [number, number, number | null][];
  return rows.map(([id, ts, rank]) => ({ id, ts, rank }));
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
