// The time blocks as a search reads them (written by store/vocabulary.ts: per block of 2^BLOCK_BITS
// message ids and chat, the ids and times it holds): bounds that let a time-ordered read stop early, and
// the id range of a chat. Each is read only when asked for, and only what it needs: the rows grow with
// the archive (~1,000 per million messages), and reading them all costs ~3 ms per thousand.
import type { Archive } from './open.js';
import { BLOCK_BITS } from './vocabulary.js';

export interface TimeBlocks {
  /** Whether there are bounds (the derived data is fresh); without, every method answers "unknown". */
  readonly known: boolean;
  /** Upper bound of the time of every message with an id below `id` (Infinity when unknown). */
  newestBefore(id: number): number;
  /**
   * The id space cut into runs of one chat's messages (as imports write them), each with its own time
   * bounds, in id order; null when unknown (stale derived data).
   */
  runs(): TimeRun[] | null;
  /**
   * The id range that holds every message of these chats, and whether it holds nothing else (then a
   * search needs no message read to tell the chat). Null when unknown (stale derived data).
   */
  chatSpan(chatIds: readonly number[]): ChatSpan | null;
}

/** Consecutive message ids (mostly one chat's, as one import wrote them) and how far their times go. */
export interface TimeRun {
  first: number;
  last: number;
  minTs: number;
  maxTs: number;
  /** Upper bound of the time of this run's messages with an id below `id`. */
  newestBefore(id: number): number;
  /** Lower bound of the time of this run's messages with an id above `id`. */
  oldestAfter(id: number): number;
}

export interface ChatSpan {
  first: number;
  last: number;
  /** No other chat has a message between first and last. */
  exclusive: boolean;
}

type BlockRow = [block: number, chat: number, first: number, last: number, minTs: number, maxTs: number];

/** Bounds from the time blocks; when the derived data is stale, none (searches then read every match). */
export function timeBlocks(archive: Archive, fresh: boolean): TimeBlocks {
  if (!fresh) return { known: false, newestBefore: () => Infinity, runs: () => null, chatSpan: () => null };
  const db = archive.db;
  let runs: TimeRun[] | undefined;
  return {
    known: true,
    // Fresh: every message is in a block, so the rows cover every id; those starting below id hold every message below it.
    newestBefore: (id) =>
      (db.prepare('SELECT max(max_ts) FROM search_time_blocks WHERE block <= ? AND first_id < ?').pluck().get(id >> BLOCK_BITS, id) as number | null) ?? -Infinity,
    runs() {
      runs ??= cutIntoRuns(db.prepare('SELECT block, chat_id, first_id, last_id, min_ts, max_ts FROM search_time_blocks ORDER BY first_id').raw().all() as BlockRow[]);
      return runs;
    },
    chatSpan(chatIds) {
      const chats = JSON.stringify(chatIds);
      const span = db
        .prepare('SELECT min(first_id) AS first, max(last_id) AS last FROM search_time_blocks WHERE chat_id IN (SELECT value FROM json_each(?))')
        .get(chats) as { first: number | null; last: number | null };
      if (span.first === null || span.last === null) return { first: 0, last: -1, exclusive: true }; // no messages: an empty range
      const other = db
        .prepare(
          `SELECT 1 FROM search_time_blocks WHERE block BETWEEN @first >> ${BLOCK_BITS} AND @last >> ${BLOCK_BITS}
              AND last_id >= @first AND first_id <= @last AND chat_id NOT IN (SELECT value FROM json_each(@chats)) LIMIT 1`,
        )
        .get({ ...span, chats });
      return { first: span.first, last: span.last, exclusive: other === undefined };
    },
  };
}

/** Rows (in first-id order) grouped into runs: a new run where the chat changes, unless ids overlap. */
function cutIntoRuns(rows: BlockRow[]): TimeRun[] {
  const groups: { chat: number; last: number; rows: BlockRow[] }[] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    if (current !== undefined && (current.chat === row[1] || row[2] <= current.last)) {
      current.rows.push(row);
      current.last = Math.max(current.last, row[3]);
    } else groups.push({ chat: row[1], last: row[3], rows: [row] });
  }
  return groups.map((g) => timeRun(g.rows));
}

/** A run's bounds: prefix maxima by first id, suffix minima by last id, found by binary search. */
function timeRun(rows: BlockRow[]): TimeRun {
  const byFirst = [...rows].sort((a, b) => a[2] - b[2]);
  const byLast = [...rows].sort((a, b) => a[3] - b[3]);
  const prefixMax = new Float64Array(byFirst.length);
  const suffixMin = new Float64Array(byLast.length);
  byFirst.forEach((r, i) => (prefixMax[i] = Math.max(r[5], i === 0 ? -Infinity : prefixMax[i - 1]!)));
  for (let i = byLast.length - 1; i >= 0; i--) suffixMin[i] = Math.min(byLast[i]![4], i === byLast.length - 1 ? Infinity : suffixMin[i + 1]!);
  return {
    first: byFirst[0]?.[2] ?? 0,
    last: byLast[byLast.length - 1]?.[3] ?? -1,
    minTs: suffixMin[0] ?? Infinity,
    maxTs: prefixMax[prefixMax.length - 1] ?? -Infinity,
    newestBefore(id) {
      // The rows starting below id hold every message below id.
      const n = countWhere(byFirst, (r) => r[2] < id);
      return n === 0 ? -Infinity : prefixMax[n - 1]!;
    },
    oldestAfter(id) {
      // The rows ending above id hold every message above id.
      const n = countWhere(byLast, (r) => r[3] <= id);
      return n === byLast.length ? Infinity : suffixMin[n]!;
    },
  };
}

/** How many leading rows satisfy `test` (which holds for a prefix of the rows). */
function countWhere(rows: BlockRow[], test: (row: BlockRow) => boolean): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(rows[mid]!)) low = mid + 1;
    else high = mid;
  }
  return low;
}
