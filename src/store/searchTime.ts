// The time blocks as a search reads them (written by store/vocabulary.ts: per block of 2^BLOCK_BITS
// message ids and chat, the ids and times it holds, and those blocks cut into runs, store/searchRuns.ts):
// bounds that let a time-ordered read stop early, and the id range of a chat. Each is read only when asked
// for, and only what it needs: the blocks grow with the archive (~1,000 rows per million messages).
import type { Archive } from './open.js';
import { storedRuns, type TimeRun } from './searchRuns.js';
import { BLOCK_BITS } from './vocabulary.js';

export interface TimeBlocks {
  /** Whether there are bounds (the derived data is fresh); without, every method answers "unknown". */
  readonly known: boolean;
  /** Upper bound of the time of every message with an id below `id` (Infinity when unknown). */
  newestBefore(id: number): number;
  /**
   * The id space cut into runs of one chat's messages (as imports write them), each with its own time
   * bounds, in id order; null when unknown (stale derived data, or runs not cut yet).
   */
  runs(): TimeRun[] | null;
  /**
   * The id range that holds every message of these chats, and whether it holds nothing else (then a
   * search needs no message read to tell the chat). Null when unknown (stale derived data).
   */
  chatSpan(chatIds: readonly number[]): ChatSpan | null;
}

export interface ChatSpan {
  first: number;
  last: number;
  /** No other chat has a message between first and last. */
  exclusive: boolean;
}

/** Bounds from the time blocks; when the derived data is stale, none (searches then read every match). */
export function timeBlocks(archive: Archive, fresh: boolean): TimeBlocks {
  if (!fresh) return { known: false, newestBefore: () => Infinity, runs: () => null, chatSpan: () => null };
  const db = archive.db;
  let runs: TimeRun[] | null | undefined;
  return {
    known: true,
    // Fresh: every message is in a block, so the rows cover every id; those starting below id hold every message below it.
    newestBefore: (id) =>
      (db.prepare('SELECT max(max_ts) FROM search_time_blocks WHERE block <= ? AND first_id < ?').pluck().get(id >> BLOCK_BITS, id) as number | null) ?? -Infinity,
    runs() {
      if (runs === undefined) runs = storedRuns(db);
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
