// The SQL of relevance: bm25 ranks, ties newest first. Which way a pass ranks is the planner's choice
// (search/plan.ts `ranking`); this file runs it.
import type { Ranking } from '../search/plan.js';
import type { Archive } from './open.js';
import { guard, hitsByTime, rowFilters, type Hit, type HitFilter, type IdSpan } from './search.js';
import type { TimeBlocks } from './vocabulary.js';

export interface Ranked {
  hits: Hit[];
  /** How many of the newest matches were ranked, or null when all were. */
  rankedNewest: number | null;
}

/** The `limit` best hits by bm25 (`limit` 0 = all), ties newest first. */
export function hitsByRelevance(archive: Archive, f: HitFilter & { match: string }, limit: number, how: Ranking, blocks: TimeBlocks): Ranked {
  if (how.by === 'window') {
    const window = hitsByTime(archive, f, true, how.size, blocks);
    const ranks = rankOf(archive, f.match, window.hits);
    const ranked = window.hits.map((h) => ({ ...h, rank: ranks.get(h.id) ?? 0 }));
    ranked.sort(byRankThenNewest);
    return { hits: ranked.slice(0, limit), rankedNewest: window.exhausted && window.seen <= how.size ? null : how.size };
  }
  if (how.by === 'rows') return { hits: rankedHits(archive, f, limit), rankedNewest: null };
  // No filter needs the messages: rank in the index alone; then read the times only of the hits that
  // ties leave undecided (canned messages like "Good morning" tie by the thousand).
  const all = rankAll(archive, f.match, f.span).sort((a, b) => a[1] - b[1] || b[0] - a[0]);
  const cut = limit === 0 ? all.length : Math.min(limit, all.length);
  if (cut === 0) return { hits: [], rankedNewest: null };
  const boundary = all[cut - 1]![1];
  const better = all.filter(([, rank]) => rank < boundary);
  const tied = all.filter(([, rank]) => rank === boundary).map(([id]) => id);
  const need = cut - better.length;
  const chosen = limit === 0 || tied.length <= need ? withTimes(archive, tied) : newestAmong(archive, tied, need, blocks);
  const times = timesOf(archive, better.map(([id]) => id));
  const hits: Hit[] = [...better.map(([id, rank]) => ({ id, rank, ts: times.get(id) ?? 0 })), ...chosen.map((h) => ({ ...h, rank: boundary }))];
  hits.sort(byRankThenNewest);
  return { hits, rankedNewest: null };
}

function byRankThenNewest(a: Hit, b: Hit): number {
  return a.rank! - b.rank! || b.ts - a.ts || b.id - a.id;
}

function withTimes(archive: Archive, ids: readonly number[]): Hit[] {
  const times = timesOf(archive, ids);
  return ids.map((id) => ({ id, ts: times.get(id) ?? 0, rank: null }));
}

/**
 * The `k` newest of these messages (ids in descending order), reading times a batch at a time until the
 * time blocks show that no lower id can be newer than the k-th kept.
 */
function newestAmong(archive: Archive, ids: readonly number[], k: number, blocks: TimeBlocks): Hit[] {
  const kept: Hit[] = [];
  const newer = (a: Hit, b: Hit) => b.ts - a.ts || b.id - a.id;
  for (let at = 0; at < ids.length; at += 64) {
    const batch = ids.slice(at, at + 64);
    kept.push(...withTimes(archive, batch));
    kept.sort(newer).splice(k);
    const worst = kept[k - 1];
    if (worst !== undefined && blocks.newestBefore(batch[batch.length - 1]!) < worst.ts) break;
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

/** Every match of the expression (within the span) with its bm25, in no particular order (no messages read). */
function rankAll(archive: Archive, match: string, span: IdSpan | null): [id: number, rank: number][] {
  const sql = `SELECT rowid, rank FROM messages_fts WHERE messages_fts MATCH @match${span === null ? '' : ' AND rowid BETWEEN @first AND @last'}`;
  return guard(() => archive.db.prepare(sql).raw().all({ match, ...span }) as [number, number][]);
}

/** The time of each of these messages. */
function timesOf(archive: Archive, ids: readonly number[]): Map<number, number> {
  const rows = archive.db.prepare('SELECT id, ts FROM messages WHERE id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ids)) as [number, number][];
  return new Map(rows);
}

/**
 * bm25 of the given hits (which all match `match`), read newest id first over each run of nearby ids
 * (hits of several chats can lie far apart in id order, with many other matches between them).
 */
function rankOf(archive: Archive, match: string, hits: readonly Hit[]): Map<number, number> {
  const ids = [...new Set(hits.map((h) => h.id))].sort((a, b) => b - a);
  const ranks = new Map<number, number>();
  const statement = archive.db.prepare('SELECT rowid, rank FROM messages_fts WHERE messages_fts MATCH ? AND rowid <= ? ORDER BY rowid DESC').raw();
  guard(() => {
    for (let start = 0; start < ids.length; ) {
      let end = start + 1;
      while (end < ids.length && ids[end - 1]! - ids[end]! <= RUN_GAP) end++;
      const wanted = new Set(ids.slice(start, end));
      const low = ids[end - 1]!;
      for (const [id, rank] of statement.iterate(match, ids[start]!) as IterableIterator<[number, number]>) {
        if (id < low) break;
        if (wanted.has(id)) ranks.set(id, rank);
      }
      start = end;
    }
  });
  return ranks;
}
/** Ids further apart than this start a new run (one time block). */
const RUN_GAP = 1024;
