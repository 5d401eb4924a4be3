// The SQL of relevance: bm25 ranks, ties newest first. Which way a pass ranks is the planner's choice
// (search/plan.ts `ranking`); this file runs it.
import type { Ranking } from '../search/plan.js';
import type { Archive } from './open.js';
import { guard, INTEGER, rowFilters, TIMES_BY_ID, type Hit, type HitFilter, type IdSpan } from './search.js';
import { hitsByBlocks, hitsByTime } from './searchByTime.js';
import { varint } from './indexTotals.js';
import { indexTokens, Probe } from './searchProbe.js';
import type { TimeBlocks } from './searchTime.js';

/**
 * Matches read past the limit when ranking in the index alone, in which the ties at the limit usually end
 * (measured on the 1M benchmark: "coffee" 119 ties, "kitch*" 78, "things" 112): their times are read
 * instead of ranking the matches a second time to find the newest ties (a `coffee --chat Bench` search's
 * ranking 10.8–12.5 ms → 9.2–10.0 ms, in-process).
 */
const TIES_READ = 256;

export interface Ranked {
  hits: Hit[];
  /** How many of the newest matches were ranked, or null when all were. */
  rankedNewest: number | null;
}

/**
 * What bm25 needs to know of an expression of one word or phrase besides each message: how many messages
 * hold it (in the whole index, whatever the span), and how many messages and tokens the index holds.
 */
export interface Bm25Stats {
  docs: number;
  rows: number;
  tokens: number;
}

/**
 * What is known of the expression for ranking a window without the index (search/plan.ts Expression):
 * its one word (as the index holds it) or the text of its one phrase, or neither; and its stats, read when
 * asked for.
 */
export interface Known {
  word: string | null;
  phrase: string | null;
  stats: () => Bm25Stats;
}

/**
 * The `limit` best hits by bm25 (`limit` 0 = all), ties newest first. `blocks` is called only when the
 * ranking needs them; `known` lets a window be ranked without the index (below).
 */
export function hitsByRelevance(archive: Archive, f: HitFilter & { match: string }, limit: number, how: Ranking, blocks: () => TimeBlocks, known: Known): Ranked {
  if (how.by === 'window') {
    const { word, phrase, stats } = known;
    const probe = how.read === 'scan' ? new Probe(archive, f.match, true, word) : null;
    const window = (how.read === 'blocks' ? hitsByBlocks(archive, f, true, how.size, blocks(), how.matches) : null) ?? hitsByTime(archive, f, true, how.size, blocks(), probe);
    // The window's hits are this read's own, newest first: ranked in place (a copy of each would be
    // garbage), and sorted by rank alone, which keeps ties newest first (the sort is stable) without
    // comparing times, fractional numbers that code not yet optimized copies to compare (below).
    const ranked = window.hits;
    if (!(probe !== null && word !== null && probeRanks(archive, stats(), probe, ranked))) {
      if (phrase !== null) phraseRanks(archive, f.match, phrase, stats, ranked);
      else rankOf(archive, f.match, ranked);
    }
    ranked.sort(byRank);
    return { hits: ranked.slice(0, limit), rankedNewest: window.exhausted && window.seen <= how.size ? null : how.size };
  }
  if (how.by === 'rows') return { hits: rankedHits(archive, f, limit), rankedNewest: null };
  // No filter needs the messages: rank in the index alone. The best `limit` and TIES_READ more come sorted
  // from SQLite: the ties at the limit usually end among them (a word alone in a message ties with every
  // other such message), and the newest of those are told by their times. When the ties go on past them,
  // the tied matches are read newest id first only until the time blocks show the newest of them are
  // found (canned messages like "Good morning" tie by the thousand). Only the hits' times are read from the messages.
  const read = limit === 0 ? -1 : limit + TIES_READ;
  const top = bestRanked(archive, f, read);
  if (top.length === 0) return { hits: [], rankedNewest: null };
  const cut = limit === 0 ? top.length : Math.min(limit, top.length);
  const boundary = top[cut - 1]![1];
  const better = top.filter(([, rank]) => rank < boundary);
  const need = cut - better.length;
  const chosen =
    top.length === read && top[read - 1]![1] === boundary
      ? newestAmong(archive, tiedIds(archive, f, boundary), need, blocks)
      : withTimes(archive, top.filter(([, rank]) => rank === boundary).map(([id]) => id)).sort(newer).slice(0, need);
  const times = timesOf(archive, better.map(([id]) => id));
  const hits: Hit[] = [...better.map(([id, rank]) => ({ id, rank, ts: times.get(id) ?? 0 })), ...chosen.map((h) => ({ ...h, rank: boundary }))];
  hits.sort(byRankThenNewest);
  return { hits, rankedNewest: null };
}

// Comparisons, not differences: in code not yet optimized, as most of a search's is, a difference of two
// fractional numbers is a new number on the heap, garbage that brings the next collection closer (~2–3 ms
// each; sorting a window of 1,000 hits made ~160 KB).
function byRankThenNewest(a: Hit, b: Hit): number {
  return byRank(a, b) || newer(a, b);
}

function byRank(a: Hit, b: Hit): number {
  return a.rank! < b.rank! ? -1 : a.rank! > b.rank! ? 1 : 0;
}

function newer(a: Hit, b: Hit): number {
  return a.ts > b.ts ? -1 : a.ts < b.ts ? 1 : b.id - a.id;
}

function withTimes(archive: Archive, ids: readonly number[]): Hit[] {
  const times = timesOf(archive, ids);
  return ids.map((id) => ({ id, ts: times.get(id) ?? 0, rank: null }));
}

/**
 * The `k` newest of these messages (ids in descending order), reading times a batch at a time until the
 * time blocks show that no lower id can be newer than the k-th kept.
 */
function newestAmong(archive: Archive, ids: Iterator<number>, k: number, blocks: () => TimeBlocks): Hit[] {
  const kept: Hit[] = [];
  try {
    for (;;) {
      const batch: number[] = [];
      for (let next = ids.next(); !next.done; next = ids.next()) {
        if (batch.push(next.value) === 64) break;
      }
      kept.push(...withTimes(archive, batch));
      kept.sort(newer).splice(k);
      const worst = kept[k - 1];
      if (batch.length < 64 || (worst !== undefined && blocks().newestBefore(batch[batch.length - 1]!) < worst.ts)) break;
    }
  } finally {
    ids.return?.();
  }
  return kept;
}

/** All hits ranked by bm25, ties newest first: for match sets small enough to rank whole. `limit` 0 = all. */
function rankedHits(archive: Archive, f: HitFilter & { match: string }, limit: number): Hit[] {
  const { where, params } = rowFilters(archive, f);
  const rows = guard(
    () =>
      archive.db
        .prepare(
          `SELECT f.rowid, m.ts, f.rank FROM messages_fts f JOIN messages m ON m.id = f.rowid
            WHERE messages_fts MATCH @match AND ${where}
            ORDER BY f.rank, m.ts DESC, m.id DESC LIMIT @limit`,
        )
        .raw()
        .all({ ...params, match: f.match, limit: limit === 0 ? -1 : limit }) as [number, number, number][],
  );
  return rows.map(([id, ts, rank]) => ({ id, ts, rank }));
}

/** The first `limit` matches (-1: all) of the expression within the span, best first by bm25, as [id, rank]. */
function bestRanked(archive: Archive, f: HitFilter & { match: string }, limit: number): [id: number, rank: number][] {
  // `+rank`: SQLite sorts the ranks itself, keeping only `limit`; FTS5's own sort by rank keeps every match with its positions.
  const sql = `SELECT rowid, rank FROM messages_fts WHERE messages_fts MATCH @match${spanSql(f.span)} ORDER BY +rank LIMIT @limit`;
  return guard(() => archive.db.prepare(sql).raw().all({ match: f.match, ...f.span, limit }) as [number, number][]);
}

/** The ids of the matches (within the span) whose bm25 is `rank`, highest first, read as they are asked for. */
function tiedIds(archive: Archive, f: HitFilter & { match: string }, rank: number): Iterator<number> {
  // `+rank`: a value compared, not a rank function named to FTS5.
  const sql = `SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match${spanSql(f.span)} AND +rank = @rank ORDER BY rowid DESC`;
  return guard(() => archive.db.prepare(sql).pluck().iterate({ match: f.match, ...f.span, rank }) as IterableIterator<number>);
}

function spanSql(span: IdSpan | null): string {
  return span === null ? '' : ` AND rowid BETWEEN ${INTEGER('first')} AND ${INTEGER('last')}`;
}

/** The time of each of these messages. */
function timesOf(archive: Archive, ids: readonly number[]): Map<number, number> {
  const rows = archive.db.prepare(`SELECT id, ts FROM messages ${TIMES_BY_ID} WHERE id IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(ids)) as [number, number][];
  return new Map(rows);
}

/**
 * Ranks the given hits (which all match `match`) by their bm25, in one pass along the index from the oldest
 * id of them, working bm25 out only for these. One pass, not one per run of nearby ids: bm25's weights make
 * FTS5 count each word's messages once per pass, which for a very common word costs as much as the pass.
 * Ascending: FTS5 reads a list backwards a little more slowly (at 10M messages, the ranks of the newest
 * 1,000 of "tomorrow" 10.2 → 9.8 ms, of "kitch*" 12.0 → 11.4 ms, medians of nine searches).
 */
function rankOf(archive: Archive, match: string, hits: readonly Hit[]): void {
  if (hits.length === 0) return;
  // A hit is there once (each read finds a message once); in the order of their ids, the ranks' order.
  const byId = hits.slice().sort((a, b) => a.id - b.id);
  // `+rowid`: the list is checked on each match, not handed to FTS5 (which would run the query once per id).
  // Every hit matches, so the ranks come in the order of the ids: only the ranks are read (a row of two
  // values is an array of its own, garbage that brings the young space's next collection closer).
  const sql = `SELECT rank FROM messages_fts WHERE messages_fts MATCH @match AND rowid BETWEEN ${INTEGER('low')} AND ${INTEGER('high')}
    AND +rowid IN (SELECT value FROM json_each(@ids)) ORDER BY rowid`;
  const ids = JSON.stringify(byId.map((h) => h.id));
  const ranks = guard(() => archive.db.prepare(sql).pluck().all({ match, low: byId[0]!.id, high: byId[byId.length - 1]!.id, ids }) as number[]);
  if (ranks.length !== byId.length) throw new Error(`Search ranked ${ranks.length} of ${byId.length} hits: a hit that does not match its own search.`);
  for (let i = 0; i < byId.length; i++) byId[i]!.rank = ranks[i]!;
}

/**
 * Ranks hits of a one-word expression by their bm25, from the probe that found them (store/searchProbe.ts:
 * the same tokens as the index): the word's occurrences in each message and the message's tokens. FTS5
 * would first count every message holding the word (for "to" at 10M, ~0.09 s). False, ranking none, when a
 * hit is not in the probe as expected (then the index ranks them).
 */
function probeRanks(archive: Archive, stats: Bm25Stats, probe: Probe, hits: readonly Hit[]): boolean {
  if (!hits.every((h) => probe.counts.has(h.id))) return false;
  const rank = bm25(archive, stats);
  for (let i = 0; i < hits.length; i++) {
    const counts = probe.counts.get(hits[i]!.id)!;
    hits[i]!.rank = rank(counts[0], counts[1]);
  }
  return true;
}

/**
 * Ranks hits of a one-phrase expression (`text`, search/plan.ts Expression.phrase) by their bm25. When the
 * phrase cannot overlap itself (by the index's own tokens of it), a message of fewer than twice its tokens
 * (its size in the index) holds it once, so its bm25 is known from its size; the rest are ranked by the
 * index. FTS5 ranks by first counting every message holding the phrase once more, and its pass down the
 * list to reach the hits of several chats is as long (at 10M messages, ~7 and ~9 ms of a "good morning"
 * whose newest 1,000 hits are greetings alone).
 */
function phraseRanks(archive: Archive, match: string, text: string, stats: () => Bm25Stats, hits: readonly Hit[]): void {
  const tokens = indexTokens(archive, text);
  if (overlapsItself(tokens)) return rankOf(archive, match, hits);
  // A size is a varint (store/indexTotals.ts): below 128, one byte, so the short ones are the sizes below that byte.
  const sql = 'SELECT id, sz FROM messages_fts_docsize WHERE id IN (SELECT value FROM json_each(?)) AND sz < ?';
  const short = archive.db.prepare(sql).raw().all(JSON.stringify(hits.map((h) => h.id)), Buffer.of(Math.min(2 * tokens.length, 0x80))) as [number, Buffer][];
  const sizes = new Map<number, Buffer>();
  for (let i = 0; i < short.length; i++) sizes.set(short[i]![0], short[i]![1]);
  const rank = sizes.size > 0 ? bm25(archive, stats()) : null;
  const rest: Hit[] = [];
  for (let i = 0; i < hits.length; i++) {
    const size = sizes.get(hits[i]!.id);
    if (size === undefined || rank === null) rest.push(hits[i]!);
    else hits[i]!.rank = rank(1, varint(size, 0)[0]);
  }
  rankOf(archive, match, rest);
}

/** Whether two places of the phrase in one text can share tokens ("la la" twice in "la la la"): an ending of it is also its beginning. */
function overlapsItself(tokens: readonly string[]): boolean {
  for (let k = 1; k < tokens.length; k++) {
    if (tokens.slice(tokens.length - k).every((t, i) => t === tokens[i])) return true;
  }
  return false;
}

/**
 * bm25 of a message holding the expression's one word or phrase `freq` times in its `size` tokens, worked
 * out as FTS5's bm25 does it (fts5_aux.c, fts5Bm25Function: the same operations in the same order, the
 * logarithm by SQLite's ln(), the C library's as FTS5's): the same number, bit for bit.
 */
function bm25(archive: Archive, stats: Bm25Stats): (freq: number, size: number) => number {
  const k1 = 1.2;
  const b = 0.75;
  const avgdl = stats.tokens / stats.rows;
  let idf = archive.db.prepare('SELECT ln(?)').pluck().get((stats.rows - stats.docs + 0.5) / (stats.docs + 0.5)) as number;
  if (idf <= 0) idf = 1e-6;
  return (freq, size) => -1.0 * (0 + idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + (b * size) / avgdl))));
}
