/**
 * A time-ordered read by scanning the messages into the probe (store/searchProbe.ts Probe, plan.ts timeRead),
 * or from the time blocks that can hold a hit (hitsByBlocks), finds exactly what the index finds, and a one-word window ranked from the probe has FTS5's own bm25,
 * bit for bit: several chats whose messages span the same times (as the 10M benchmark's), a word in
 * about a third of the messages, said once or more, in messages of different lengths.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { countMatches, INTEGER, readForSearch, type HitFilter } from '../../src/store/search.js';
import { hitsByBlocks, hitsByTime } from '../../src/store/searchByTime.js';
import { indexTokens, Probe } from '../../src/store/searchProbe.js';
import { SearchData } from '../../src/store/searchData.js';
import { hitsByRelevance } from '../../src/store/searchRank.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { makeTempDir } from '../source/zipKit.js';

const tmp = makeTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const MATCH = '"to"';
let archive: Archive;
let data: SearchData;

const text = (chat: number) => (i: number) => ({
  author: 'Ana',
  text: i % 3 === 0 ? `go to${' to'.repeat((i + chat) % 3)} ${'word '.repeat((i * 7 + chat) % 11)}${i}` : `no match here ${i} ${'x '.repeat(i % 5)}`,
});

/** An archive in `folder` of these exports (file name → text), imported one by one, set up for searching. */
async function searchable(folder: string, exports: [name: string, text: string][]): Promise<{ archive: Archive; data: SearchData }> {
  const opened = openArchive(path.join(tmp.dir, folder), { create: true, busyTimeoutMs: 1000, now: NOW });
  for (const [name, text] of exports) {
    const file = writeExport(tmp.dir, name, text);
    expect((await importExports(opened, { paths: [file], tz: 'UTC', now: NOW, toolVersion: 'test' })).failed).toEqual([]);
  }
  readForSearch(opened);
  return { archive: opened, data: new SearchData(opened) };
}

beforeAll(async () => {
  const exports = [1, 2, 3].map((chat): [string, string] => {
    // The same minutes in every chat, one chat starting later: runs side by side in time, ties across chats.
    const lines = androidExport(1500 - chat * 100, chat === 3 ? 200 : 0, text(chat)).trimEnd().split('\n');
    // Out of time order within a run: a match far in the future deep in chat 2, one far in the past late in chat 1.
    if (chat === 2) lines[99] = lines[99]!.replace(/^\d\d\/\d\d\/\d{4}/, '01/01/2030');
    if (chat === 1) lines[1200] = lines[1200]!.replace(/^\d\d\/\d\d\/\d{4}/, '01/01/2020');
    return [`WhatsApp Chat with Chat ${chat}.txt`, `${lines.join('\n')}\n`];
  });
  ({ archive, data } = await searchable('archive', exports));
});
afterAll(() => {
  archive.db.close();
  tmp.cleanup();
});

const NOTHING_KNOWN = {
  word: null,
  phrase: null,
  stats: () => {
    throw new Error('no stats are read to rank by the index');
  },
};
const filter: HitFilter & { match: string } = { match: MATCH, conditions: [], span: null, chatIds: null, author: null, range: {} };

describe('a time-ordered read without the index read from each run’s end', () => {
  it('finds the same hits as the index, newest and oldest first, for any limit', () => {
    for (const newest of [true, false]) {
      for (const limit of [1, 7, 100, 1000]) {
        const probe = new Probe(archive, MATCH, newest, null);
        const scanned = hitsByTime(archive, filter, newest, limit, data.blocks(), probe);
        const indexed = hitsByTime(archive, filter, newest, limit, data.blocks());
        expect(scanned.hits).toEqual(indexed.hits);
        expect(scanned.hits).toHaveLength(limit);
        expect(new Date(scanned.hits[0]!.ts).getUTCFullYear()).toBe(newest ? 2030 : 2020);
      }
    }
  });

  it('within a chat’s span too', () => {
    const span = data.blocks().chatSpan([2])!;
    const probe = new Probe(archive, MATCH, true, null);
    const spanned = { ...filter, span: { first: span.first, last: span.last } };
    expect(hitsByTime(archive, spanned, true, 50, data.blocks(), probe).hits).toEqual(hitsByTime(archive, spanned, true, 50, data.blocks()).hits);
  });

  it('from the time blocks that can hold a hit, the same hits too', () => {
    const prepare = vi.spyOn(archive.db, 'prepare');
    const counted = () => prepare.mock.calls.filter(([sql]) => sql.includes('WITH counted')).length;
    const passes = { guessed: 0, counted: 0, misled: 0 };
    // A prefix ("wor"*) is read in one pass, not range by range (FTS5 would merge its terms' lists for each).
    for (const match of [MATCH, '"word"', '"match" AND "here"', '"14"', '"wor"*']) {
      const matches = countMatches(archive, match);
      for (const newest of [true, false]) {
        for (const limit of [1, 7, 100, 1000, 5000]) {
          const f = { ...filter, match };
          const indexed = hitsByTime(archive, f, newest, limit, data.blocks());
          const before = counted();
          const blocked = hitsByBlocks(archive, f, newest, limit, data.blocks(), matches)!;
          if (limit < matches) passes[counted() === before ? 'guessed' : 'counted']++;
          expect(blocked.hits).toEqual(indexed.hits);
          // Every match was read exactly when there are no more than the limit.
          expect(blocked.exhausted).toBe(indexed.exhausted && indexed.seen <= limit);
          expect(blocked.seen).toBe(matches);
          // A count that says the matches are far denser than they are makes guesses that fall short: then the count decides.
          const before2 = counted();
          expect(hitsByBlocks(archive, f, newest, limit, data.blocks(), matches * 50)!.hits).toEqual(indexed.hits);
          passes.misled += counted() - before2;
        }
      }
    }
    prepare.mockRestore();
    // Of the reads of more matches than the limit, most were settled by the guess, some by the count (a
    // window of most of the matches is no guess): both ways were taken.
    expect(passes.guessed).toBeGreaterThan(passes.counted);
    expect(passes.counted).toBeGreaterThan(0);
    expect(passes.misled).toBeGreaterThan(passes.counted);
    // Each chat's span for a word and a prefix: the chats' ids meet inside time blocks.
    for (const chat of [1, 2, 3]) {
      const span = data.blocks().chatSpan([chat])!;
      for (const match of [MATCH, '"wor"*']) {
        const spanned = { ...filter, match, span: { first: span.first, last: span.last } };
        const inSpan = countMatches(archive, match, spanned.span);
        for (const newest of [true, false]) {
          expect(hitsByBlocks(archive, spanned, newest, 30, data.blocks(), inSpan)!.hits).toEqual(hitsByTime(archive, spanned, newest, 30, data.blocks()).hits);
        }
      }
    }
  });

  it('ranks a window of one word by the bm25 FTS5 gives, bit for bit', () => {
    const ranks = new Map(archive.db.prepare('SELECT rowid, rank FROM messages_fts WHERE messages_fts MATCH ?').raw().all(MATCH) as [number, number][]);
    const word = (docs: number) => ({ word: 'to', phrase: null, stats: () => ({ docs, ...data.totals() }) });
    const how = { by: 'window', size: 300, read: 'scan', matches: ranks.size } as const;
    const scanned = hitsByRelevance(archive, filter, 40, how, () => data.blocks(), word(ranks.size));
    // Ranked from the probe, not by the index: the index's ranks, with a count of messages holding the word
    // that is off by one, would not be these.
    const off = hitsByRelevance(archive, filter, 40, how, () => data.blocks(), word(ranks.size + 1));
    expect(off.hits.map((h) => h.rank)).not.toEqual(scanned.hits.map((h) => h.rank));
    expect(scanned.hits.map((h) => h.rank)).toEqual(scanned.hits.map((h) => ranks.get(h.id)));
    expect(new Set(scanned.hits.map((h) => h.rank)).size).toBeGreaterThan(3);
    expect(scanned).toEqual(hitsByRelevance(archive, filter, 40, { ...how, read: 'index' }, () => data.blocks(), NOTHING_KNOWN));
  });

  it('ranks the newest matches of a window, ties newest first, however the window is read', () => {
    // Ties in rank by the hundred (the same words in messages of the same length), ties in time across chats.
    for (const match of [MATCH, '"match here"']) {
      const f = { ...filter, match };
      const expected = archive.db
        .prepare(
          `WITH w AS (SELECT f.rowid AS id, m.ts, f.rank FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ? ORDER BY m.ts DESC, m.id DESC LIMIT 300)
           SELECT id, ts, rank FROM w ORDER BY rank, ts DESC, id DESC LIMIT 120`,
        )
        .all(match);
      const ranks = expected.map((h) => (h as { rank: number }).rank);
      expect(new Set(ranks).size).toBeLessThan(ranks.length / 4);
      const word = match === MATCH ? { word: 'to', phrase: null, stats: () => ({ docs: countMatches(archive, match), ...data.totals() }) } : NOTHING_KNOWN;
      for (const read of ['index', 'blocks', 'scan'] as const) {
        const how = { by: 'window', size: 300, read, matches: countMatches(archive, match) } as const;
        expect(hitsByRelevance(archive, f, 120, how, () => data.blocks(), word).hits, `${match} read by ${read}`).toEqual(expected);
      }
    }
  });

  it('ranks a window read from the time blocks as the index ranks it: its ids read once, no count', () => {
    const prepare = vi.spyOn(archive.db, 'prepare');
    for (const match of [MATCH, '"match here"', '"word" AND "to"']) {
      const f = { ...filter, match };
      const how = { by: 'window', size: 300, read: 'index', matches: countMatches(archive, match) } as const;
      const indexed = hitsByRelevance(archive, f, 300, how, () => data.blocks(), NOTHING_KNOWN);
      prepare.mockClear();
      expect(hitsByRelevance(archive, f, 300, { ...how, read: 'blocks' }, () => data.blocks(), NOTHING_KNOWN)).toEqual(indexed);
      // The guess settled it (no count of the blocks); one pass along the index for the ranks (searchRank.ts rankOf).
      const statements = prepare.mock.calls.map(([sql]) => sql);
      expect(statements.filter((sql) => sql.includes('WITH counted'))).toEqual([]);
      expect(statements.filter((sql) => sql.includes('+rowid IN'))).toHaveLength(1);
      expect(new Set(indexed.hits.map((h) => h.rank)).size, match).toBeGreaterThan(1);
    }
    prepare.mockRestore();
  });
});

/**
 * A window of a phrase's matches is ranked without FTS5's pass for the ranks where the messages are too
 * short to hold the phrase twice (store/searchRank.ts phraseRanks): the same bm25, bit for bit, whether
 * every hit of the window is short, or some hold the phrase twice or are long (those FTS5 ranks).
 */
describe('a window of a phrase ranked from the sizes of its messages', () => {
  let greetings: Archive;
  let greetingsData: SearchData;
  // Older messages: the phrase once in a longer one, twice, or alone; the newest: alone, with an emoji (no token).
  const older = ['good morning to you all', 'Good morning, good morning!', 'Good morning'];
  const greeting = (chat: number) => (i: number) => ({
    author: 'Ana',
    text: i % 4 === chat ? (i >= 1000 ? 'Good morning ☀️' : older[(i >> 2) % 3]!) : i % 4 === 3 ? 'la la la' : `see you at ${i}`,
  });
  beforeAll(async () => {
    // Both chats at the same minutes: their runs side by side in time.
    const exports = [0, 1].map((chat): [string, string] => [`WhatsApp Chat with Greeting ${chat}.txt`, androidExport(1200, 0, greeting(chat))]);
    ({ archive: greetings, data: greetingsData } = await searchable('greetings', exports));
  });
  afterAll(() => greetings.db.close());

  const match = '"good morning"';
  const f = { ...filter, match };
  const stats = (docs: number) => () => ({ docs, ...greetingsData.totals() });

  // The window of 40 is read by the guess (store/searchByTime.ts guessedHits), of 400 (of 600) by the count of each block.
  it.each([
    ['every hit of the window alone in its message', 40, 0, 1],
    ['some twice in theirs, or in longer ones', 400, 1, 0],
  ])('%s: the ranks FTS5 gives (window of %i, FTS5 asked %i times)', (_name, size, rankPasses, guessed) => {
    const matches = countMatches(greetings, match);
    const how = { by: 'window', size, read: 'blocks', matches } as const;
    const indexed = hitsByRelevance(greetings, f, size, { ...how, read: 'index' }, () => greetingsData.blocks(), NOTHING_KNOWN);
    const prepare = vi.spyOn(greetings.db, 'prepare');
    const sized = hitsByRelevance(greetings, f, size, how, () => greetingsData.blocks(), { word: null, phrase: 'good morning', stats: stats(matches) });
    expect(prepare.mock.calls.filter(([sql]) => sql.includes(' rank ') || sql.includes(' rank,')).length).toBe(rankPasses);
    expect(prepare.mock.calls.filter(([sql]) => sql.includes('WITH hit'))).toHaveLength(guessed);
    prepare.mockRestore();
    expect(sized).toEqual(indexed);
    // Worked out here, not by the index: with a count of the phrase's messages off by one, other ranks.
    const off = hitsByRelevance(greetings, f, size, how, () => greetingsData.blocks(), { word: null, phrase: 'good morning', stats: stats(matches + 1) });
    expect(off.hits.map((h) => h.rank)).not.toEqual(sized.hits.map((h) => h.rank));
  });

  it('a phrase that can overlap itself is ranked by FTS5 ("la la" is twice in "la la la", of 3 tokens)', () => {
    const la = { ...filter, match: '"la la"' };
    const matches = countMatches(greetings, la.match);
    const how = { by: 'window', size: 40, read: 'blocks', matches } as const;
    const indexed = hitsByRelevance(greetings, la, 40, { ...how, read: 'index' }, () => greetingsData.blocks(), NOTHING_KNOWN);
    expect(hitsByRelevance(greetings, la, 40, how, () => greetingsData.blocks(), { word: null, phrase: 'la la', stats: stats(matches) })).toEqual(indexed);
  });

  it('the phrase is counted in the index’s own tokens', () => {
    expect(indexTokens(greetings, 'Good, morning ☀️')).toEqual(['good', 'morning']);
    // search/text.ts, with JavaScript's newer Unicode, makes three tokens of it (U+19B0, a New Tai Lue
    // vowel, is a letter there, a mark in FTS5's tables): FTS5's four can overlap, in "a a a a a".
    expect(indexTokens(greetings, 'a a a\u19b0a')).toEqual(['a', 'a', 'a', 'a']);
  });

  it('the ranks of a window of a few sizes of message, the phrase once or twice', () => {
    const matches = countMatches(greetings, match);
    const all = new Map(greetings.db.prepare('SELECT rowid, rank FROM messages_fts WHERE messages_fts MATCH ?').raw().all(match) as [number, number][]);
    const how = { by: 'window', size: 400, read: 'blocks', matches } as const;
    const sized = hitsByRelevance(greetings, f, 400, how, () => greetingsData.blocks(), { word: null, phrase: 'good morning', stats: stats(matches) });
    expect(sized.hits).toHaveLength(400);
    expect(sized.hits.map((h) => h.rank)).toEqual(sized.hits.map((h) => all.get(h.id)));
    // Alone (with an emoji or not), in a longer message, twice.
    expect(new Set(sized.hits.map((h) => h.rank)).size).toBe(3);
  });
});

describe('a bound on the index’s ids', () => {
  it('reaches FTS5 as an integer: a JavaScript number is bound as a REAL, which FTS5 does not take as a bound', () => {
    const [first, second] = archive.db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? LIMIT 2').pluck().all(MATCH) as number[];
    const equal = (bound: string) => archive.db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match AND rowid = ${bound}`).pluck().all({ match: MATCH, id: second });
    expect(equal(INTEGER('id'))).toEqual([second]);
    // Uncast, FTS5 drops the bound it was given (and an equality, which SQLite then leaves to it, is lost).
    expect(equal('@id')).toContain(first);
  });
});

