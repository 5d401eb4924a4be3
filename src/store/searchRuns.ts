// The time blocks cut into runs of ids (table search_time_runs, schema migration 11): derived data that
// refreshSearchData (store/vocabulary.ts) writes beside the blocks, and a time-ordered read of a search
// walks (store/searchTime.ts). A run is consecutive blocks rows (in first-id order) of one chat, as one
// import wrote them, or of chats whose ids overlap. Each is stored whole, its bounds packed in one blob,
// because reading every block row in the search itself cost more than the search: at 10M messages ~9,800
// rows and the garbage they made, 45–55 ms of a ~240 ms newest-first search (measured).
import type Database from 'better-sqlite3';
import { float64s } from './littleEndian.js';

/** Consecutive message ids (mostly one chat's, as one import wrote them) and how far their times go. */
export interface RunBounds {
  first: number;
  last: number;
  minTs: number;
  maxTs: number;
  /** Upper bound of the time of this run's messages with an id below `id`. */
  newestBefore(id: number): number;
  /** Lower bound of the time of this run's messages with an id above `id`. */
  oldestAfter(id: number): number;
}

export interface TimeRun extends RunBounds {
  /** Reading newest (oldest) first: the ids at the run's newest (oldest) end whose messages are all at least (at most) `ts`. */
  surely(ts: number, newest: boolean): IdRange;
  /** Reading newest (oldest) first: the ids outside of which no message of the run is at least (at most) `ts`. */
  maybe(ts: number, newest: boolean): IdRange;
}

/** Consecutive ids, first..last; empty when first > last. */
export type IdRange = [first: number, last: number];

type BlockRow = [chat: number, first: number, last: number, minTs: number, maxTs: number];

/**
 * Brings the runs up to date with the time blocks after the blocks from `fromBlock` on were rewritten
 * (0: all of them). The blocks below are as they were, and so is every run before the last one that
 * starts below them (a run ends where the next one's first row says): that run (new rows may continue
 * it) and all after it are cut again from its first row on, which yields the runs a cut of every row
 * would. With none stored (an archive from before schema 11), all are cut.
 */
export function storeTimeRuns(db: Database.Database, fromBlock: number, blockBits: number): void {
  const start = fromBlock === 0 ? null : (db.prepare('SELECT max(first_id) FROM search_time_runs WHERE first_id < ?').pluck().get(fromBlock * 2 ** blockBits) as number | null);
  const after = start ?? -Number.MAX_SAFE_INTEGER;
  db.prepare('DELETE FROM search_time_runs WHERE first_id >= ?').run(after);
  const rows = db
    .prepare('SELECT chat_id, first_id, last_id, min_ts, max_ts FROM search_time_blocks WHERE block >= ? AND first_id >= ? ORDER BY first_id')
    .raw()
    .all(start === null ? 0 : Math.floor(start / 2 ** blockBits), after) as BlockRow[];
  const insert = db.prepare('INSERT INTO search_time_runs (first_id, last_id, min_ts, max_ts, bounds) VALUES (?, ?, ?, ?, ?)');
  for (const run of cutIntoRuns(rows)) {
    const { first, last, minTs, maxTs, bounds } = packRun(run);
    insert.run(first, last, minTs, maxTs, bounds);
  }
}

/** Whether the time blocks are not cut into runs yet: an archive upgraded to schema 11, until its next refresh. */
export function runsMissing(db: Database.Database): boolean {
  return db.prepare('SELECT NOT EXISTS (SELECT 1 FROM search_time_runs) AND EXISTS (SELECT 1 FROM search_time_blocks)').pluck().get() === 1;
}

/** The stored runs in id order, or null when none are stored (derived data not built yet: bounds unknown). */
export function storedRuns(db: Database.Database): TimeRun[] | null {
  const rows = db.prepare('SELECT first_id, last_id, min_ts, max_ts, bounds FROM search_time_runs ORDER BY first_id').raw().all() as [number, number, number, number, Buffer][];
  return rows.length === 0 ? null : rows.map(([first, last, minTs, maxTs, bounds]) => timeRun(first, last, minTs, maxTs, bounds));
}

/** Rows (in first-id order) grouped into runs: a new run where the chat changes, unless ids overlap. */
function cutIntoRuns(rows: BlockRow[]): BlockRow[][] {
  const groups: { chat: number; last: number; rows: BlockRow[] }[] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    if (current !== undefined && (current.chat === row[0] || row[1] <= current.last)) {
      current.rows.push(row);
      current.last = Math.max(current.last, row[2]);
    } else groups.push({ chat: row[0], last: row[2], rows: [row] });
  }
  return groups.map((g) => g.rows);
}

/**
 * A run's bounds as float64s (little-endian), n of each: first ids ascending with the prefix maxima of
 * the latest times, then last ids ascending with the suffix minima of the earliest times.
 */
function packRun(rows: BlockRow[]): { first: number; last: number; minTs: number; maxTs: number; bounds: Buffer } {
  const n = rows.length;
  const byFirst = [...rows].sort((a, b) => a[1] - b[1]);
  const byLast = [...rows].sort((a, b) => a[2] - b[2]);
  const bounds = Buffer.alloc(32 * n);
  let prefixMax = -Infinity;
  byFirst.forEach((r, i) => {
    prefixMax = Math.max(prefixMax, r[4]);
    bounds.writeDoubleLE(r[1], 8 * i);
    bounds.writeDoubleLE(prefixMax, 8 * (n + i));
  });
  let suffixMin = Infinity;
  for (let i = n - 1; i >= 0; i--) {
    suffixMin = Math.min(suffixMin, byLast[i]![3]);
    bounds.writeDoubleLE(byLast[i]![2], 8 * (2 * n + i));
    bounds.writeDoubleLE(suffixMin, 8 * (3 * n + i));
  }
  return { first: byFirst[0]![1], last: byLast[n - 1]![2], minTs: suffixMin, maxTs: prefixMax, bounds };
}

/** A stored run; its bounds are unpacked on first use and found by binary search. */
function timeRun(first: number, last: number, minTs: number, maxTs: number, packed: Buffer): TimeRun {
  let values: Float64Array | undefined;
  const n = packed.length / 32;
  const at = (k: number, i: number) => (values ??= float64s(packed))[k * n + i]!;
  const belowFirst = (j: number): number => (j === n ? last + 1 : at(0, j));
  const aboveLast = (i: number): number => (i === 0 ? first - 1 : at(2, i - 1));
  return {
    first,
    last,
    minTs,
    maxTs,
    newestBefore(id) {
      // The rows starting below id hold every message below id.
      const count = countWhere(n, (i) => at(0, i) < id);
      return count === 0 ? -Infinity : at(1, count - 1);
    },
    oldestAfter(id) {
      // The rows ending above id hold every message above id.
      const count = countWhere(n, (i) => at(2, i) <= id);
      return count === n ? Infinity : at(3, count);
    },
    // Rows by first id with the prefix maxima of their latest times hold every id below the next one's
    // first; rows by last id with the suffix minima of their earliest times every id above the last one's.
    surely(ts, newest) {
      return newest ? [aboveLast(countWhere(n, (i) => at(3, i) < ts)) + 1, last] : [first, belowFirst(countWhere(n, (j) => at(1, j) <= ts)) - 1];
    },
    maybe(ts, newest) {
      return newest ? [belowFirst(countWhere(n, (j) => at(1, j) < ts)), last] : [first, aboveLast(countWhere(n, (i) => at(3, i) <= ts))];
    },
  };
}

/** How many leading places of n satisfy `test` (which holds for a prefix of them). */
function countWhere(n: number, test: (i: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}
