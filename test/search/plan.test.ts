// The search planner on plain inputs: a parsed query, the options and a vocabulary in, a plan out
// (no archive, no SQL).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { letterMask, NUMBER, type TermBucket } from '../../src/search/expand.js';
import * as fuzzy from '../../src/search/fuzzy.js';
import { otherForms } from '../../src/search/forms.js';
import { planSearch, ranking, RANK_WINDOW, suggestion, timeRead, type PlanOptions, type SearchPlan, type Words } from '../../src/search/plan.js';
import { parseQuery } from '../../src/search/query.js';

/** A vocabulary as the store keeps it: terms by length, most frequent first, numbers apart. */
function words(vocabulary: Record<string, number>): Words {
  const byLength = new Map<number, [string, number][]>();
  for (const [term, docs] of Object.entries(vocabulary)) {
    const length = [...term].length * (NUMBER.test(term) ? -1 : 1);
    byLength.set(length, [...(byLength.get(length) ?? []), [term, docs]]);
  }
  const buckets = [...byLength].map(([key, entries]) => {
    entries.sort((a, b) => b[1] - a[1]);
    const bucket: TermBucket = { length: Math.abs(key), text: entries.map(([t]) => t).join('\n'), docs: Uint32Array.from(entries, ([, d]) => d), masks: Uint32Array.from(entries, ([t]) => letterMask(t)) };
    return { numbers: key < 0, bucket };
  });
  return {
    buckets: (min, max, numbers = false) => buckets.filter((b) => b.numbers === numbers && b.bucket.length >= min && b.bucket.length <= max).map((b) => b.bucket),
    holds: (term) => term in vocabulary,
  };
}

const WORDS = words({ kitchen: 1874, kitchens: 400, invoice: 300, the: 450000, to: 190000, coffee: 2781, 今天很忙: 1, 明天见: 2, 今天: 4, ελλάδα: 30 });
const plain: PlanOptions = { sort: 'relevance', filtered: false, fuzzy: undefined };
const plan = (query: string, options: Partial<PlanOptions> = {}) => planSearch(parseQuery(query), { ...plain, ...options }, WORDS);
const passes = (p: SearchPlan) => (p.order === 'relevance' ? p.passes.map((x) => [x.expression.match, x.fill]) : []);

/** A million messages, most of them outside the largest chat. */
const BIG = { messages: 1_000_000, outsideLargest: () => 900_000 };

describe('strategy', () => {
  test('relevance with no filter: one pass, the total counted in the index alone', () => {
    const p = plan('coffee');
    expect(p).toMatchObject({ order: 'relevance', total: 'index', expression: { match: '"coffee"', word: 'coffee' }, conditions: [] });
    expect(passes(p)).toEqual([['"coffee"', 'limit']]);
  });

  test('a filter checked on each message makes the total a count of rows', () => {
    expect(plan('coffee', { filtered: true }).total).toBe('rows');
    expect(plan('coffee 🎂').total).toBe('rows'); // an emoji is a condition on the text
  });

  test('newest or oldest first reads by time; its total comes from the index, or from what the read saw', () => {
    expect(plan('coffee', { sort: 'newest' })).toMatchObject({ order: 'time', newest: true, total: 'index' });
    expect(plan('coffee', { sort: 'oldest', filtered: true })).toMatchObject({ order: 'time', newest: false, total: 'read' });
  });

  test('a query with no indexed word to require (only exclusions) reads by time, newest first', () => {
    const p = plan('-coffee', { filtered: true });
    expect(p).toMatchObject({ order: 'time', newest: true, expression: null, total: 'read' });
    expect(p.conditions).toEqual([{ required: false, contains: [], attachments: [], match: '"coffee"' }]);
  });

  test('relevance ranks whole up to 5,000 matches, above that the newest window (unless all are asked for)', () => {
    expect(ranking(5000, 20, false, BIG)).toEqual({ by: 'index' });
    expect(ranking(5001, 20, false, BIG)).toEqual({ by: 'window', size: RANK_WINDOW, read: 'blocks', matches: 5001 });
    expect(ranking(5001, 0, false, BIG)).toEqual({ by: 'index' });
    expect(ranking(10, 20, true, BIG)).toEqual({ by: 'rows' });
    // A word in at least 5% of the messages: the window is read by a scan of the messages where stepping
    // through the index over other chats' matches would cost more, unless filters are checked on each.
    expect(ranking(190_000, 20, false, BIG)).toEqual({ by: 'window', size: RANK_WINDOW, read: 'scan', matches: 190_000 });
    expect(ranking(50_000, 20, false, BIG)).toEqual({ by: 'window', size: RANK_WINDOW, read: 'index', matches: 50_000 });
    expect(ranking(50_000, 20, true, BIG)).toEqual({ by: 'window', size: RANK_WINDOW, read: 'index', matches: 50_000 });
    expect(ranking(5001, 20, true, BIG)).toEqual({ by: 'window', size: RANK_WINDOW, read: 'index', matches: 5001 });
  });

  test('a time-ordered read without filters and with a limit: by time blocks, or for a word in at least 5% of the messages a scan of them where stepping through the index would cost more', () => {
    expect(timeRead(49_999, BIG, 20, false)).toBe('blocks');
    expect(timeRead(1, BIG, 20, false)).toBe('blocks');
    expect(timeRead(50_000, BIG, 20, false)).toBe('scan');
    expect(timeRead(50_000, BIG, 0, false)).toBe('index');
    expect(timeRead(50_000, BIG, 20, true)).toBe('index');
    expect(timeRead(0, { messages: 0, outsideLargest: () => 0 }, 20, false)).toBe('index');
    // One large chat and a small one (the 1M benchmark): few matches to step over, the index is cheaper.
    expect(timeRead(190_000, { messages: 1_020_000, outsideLargest: () => 20_000 }, RANK_WINDOW, false)).toBe('index');
    // Ten 1M-message chats: stepping over nine chats' matches costs more than a scan.
    expect(timeRead(1_900_000, { messages: 10_000_000, outsideLargest: () => 9_000_000 }, RANK_WINDOW, false)).toBe('scan');
    // Below 5% of the messages the blocks are read whatever the chats: their sizes are not asked for (a read of the per-chat counts).
    const unasked = { messages: 10_000_000, outsideLargest: () => expect.unreachable('the per-chat counts read') };
    expect(timeRead(70_000, unasked, RANK_WINDOW, false)).toBe('blocks');
  });
});

describe('counting', () => {
  test('a single word is counted from the vocabulary (a number only when short); anything else in the index', () => {
    expect(plan('the').expression?.word).toBe('the');
    expect(plan('The!').expression?.word).toBe('the');
    expect(plan('to 🎂').expression).toEqual({ match: '"to"', word: 'to', phrase: null });
    expect(plan('coffee').expression?.word).toBe('coffee');
    expect(plan('2024').expression?.word).toBe('2024');
    expect(plan('123456').expression?.word).toBeNull(); // the long numbers are most of the vocabulary
    expect(plan('the*').expression?.word).toBeNull();
    expect(plan('"to the"').expression?.word).toBeNull();
    expect(plan('to -the').expression?.word).toBeNull();
    expect(plan('to OR the').expression?.word).toBeNull();
  });

  test('one phrase alone is known by its text (store/searchRank.ts ranks its short messages)', () => {
    expect(plan('"good morning"').expression).toEqual({ match: '"good morning"', word: null, phrase: 'good morning' });
    expect(plan('"Good, morning to YOU"').expression?.phrase).toBe('Good, morning to YOU');
    expect(plan('"la la"').expression?.phrase).toBe('la la');
    // Not one phrase alone: a word, a prefix, with another word, or excluding one.
    expect(plan('morning').expression?.phrase).toBeNull();
    expect(plan('"good morn"*').expression?.phrase).toBeNull();
    expect(plan('"good morning" coffee').expression?.phrase).toBeNull();
    expect(plan('"good morning" -coffee').expression?.phrase).toBeNull();
    expect(plan('"good morning" OR "good night"').expression?.phrase).toBeNull();
  });
});

describe('what each word is searched as', () => {
  test('--fuzzy: the likeliest spelling first, then the other spellings not already found', () => {
    const p = plan('kitcgen', { fuzzy });
    expect(passes(p)).toEqual([
      ['"kitchen"', 'limit'],
      ['(("kitchen" OR "kitchens")) NOT ("kitchen")', 'rest'],
    ]);
    expect(p.spellings).toEqual([{ word: 'kitcgen', searched: ['kitchen', 'kitchens'] }]);
    expect(p.highlight).toEqual([{ tokens: ['kitchen'], prefix: false }, { tokens: ['kitchens'], prefix: false }]);
  });

  test('--fuzzy and "did you mean" read the numbers only for a word one can be near: no more other characters than edits', () => {
    const asked: boolean[] = [];
    const base = words({ kitchen: 10, kitchens: 4, '2023': 50, '7654321': 3, b2b: 2 });
    const spy: Words = { ...base, buckets: (min, max, numbers = false) => (asked.push(numbers), base.buckets(min, max, numbers)) };
    const spelled = (word: string) => planSearch(parseQuery(word), { ...plain, fuzzy }, spy).spellings;
    expect(spelled('a023')).toEqual([{ word: 'a023', searched: ['2023'] }]);
    expect(asked).toContain(true);
    asked.length = 0;
    expect(spelled('kitcgen')).toEqual([{ word: 'kitcgen', searched: ['kitchen', 'kitchens'] }]);
    expect(spelled('b2c')).toEqual([{ word: 'b2c', searched: ['b2b'] }]);
    expect(suggestion(parseQuery('kitchem'), spy, fuzzy)?.text).toBe('kitchen');
    expect(asked).not.toContain(true);
    expect(suggestion(parseQuery('20z3'), spy, fuzzy)?.text).toBe('2023');
    expect(asked).toContain(true);
  });

  test('a CJK word is found inside the runs of text that contain it', () => {
    expect(plan('今天').expression?.match).toBe('("今天" OR "今天很忙")');
  });

  test('an unaccented Greek word also finds its accented spelling', () => {
    expect(plan('ελλαδα').expression?.match).toBe('("ελλαδα" OR "ελλάδα")');
  });
});

describe('singular and plural', () => {
  test.each([
    ['invoice', ['invoices']],
    ['invoices', ['invoice']],
    ['party', ['parties']],
    ['parties', ['party']],
    ['box', ['boxes']],
    ['boxes', ['box', 'boxe']],
    ['bus', ['buses']],
    ['day', ['days']],
    ['glass', ['glasses']],
    ['was', []],
    ['news', []], // not a plural of "new", which does not find it either
    ['new', []],
    ['yours', []],
    ['your', []],
    ['hers', []],
    ['to', []],
    ['café', []], // the index folds it to cafe: only words of plain letters
  ])('%s: %j', (word, forms) => {
    expect(otherForms(word)).toEqual(forms);
  });

  test('a word also finds its other form where the archive holds it; quoted words and prefixes are exact', () => {
    const vocabulary = words({ invoice: 3, invoices: 2, party: 5, kitchen: 9 });
    const match = (q: string) => planSearch(parseQuery(q), plain, vocabulary).expression?.match;
    expect(match('invoice')).toBe('("invoice" OR "invoices")');
    expect(match('Invoices')).toBe('("Invoices" OR "invoice")');
    expect(match('parties')).toBe('("parties" OR "party")');
    expect(match('kitchen')).toBe('"kitchen"'); // no "kitchens" in this archive
    expect(match('"invoice"')).toBe('"invoice"');
    expect(match('invoice*')).toBe('"invoice"*');
    expect(planSearch(parseQuery('invoices'), plain, vocabulary).highlight).toEqual([
      { tokens: ['invoices'], prefix: false },
      { tokens: ['invoice'], prefix: false },
    ]);
  });
});

describe('attachment names', () => {
  test('a file name is searched in the text and in attachment names; other words only in the index', () => {
    const p = plan('invoice.pdf IMG-20240101-WA0001 coffee');
    expect(p.expression?.match).toBe('"coffee"');
    expect(p.conditions).toEqual([
      { required: true, contains: [], attachments: ['invoice.pdf'], match: '"invoice.pdf"' },
      { required: true, contains: [], attachments: ['IMG-20240101-WA0001'], match: '"IMG-20240101-WA0001"' },
    ]);
    expect(plan('3.5 e.g. invoice.pdf*').conditions).toEqual([]);
  });
});

describe('did you mean', () => {
  test('each mistyped word replaced by the likeliest word, repeats dropped, filters kept', () => {
    const s = suggestion(parseQuery('kitcgen invoise invoice -kitchn from:dana'), WORDS, fuzzy);
    expect(s).toEqual({ text: 'kitchen invoice -kitchn from:dana', match: '(("kitchen" OR "kitchens") AND "invoice") NOT "kitchn"', conditions: [] });
  });

  test('quotes are kept, prefixes and exclusions left alone, and nothing when no word looks mistyped', () => {
    expect(suggestion(parseQuery('"invoise"'), WORDS, fuzzy)?.text).toBe('"invoice"');
    expect(suggestion(parseQuery('invoise*'), WORDS, fuzzy)).toBeNull();
    expect(suggestion(parseQuery('coffee -invoise'), WORDS, fuzzy)).toBeNull();
  });
});

test('the planner is pure: it imports only its siblings in src/search (no store, no SQLite)', () => {
  const source = readFileSync(new URL('../../src/search/plan.ts', import.meta.url), 'utf8');
  const imports = [...source.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((i) => !/^\.\/[a-z]+\.js$/.test(i))).toEqual([]);
});
