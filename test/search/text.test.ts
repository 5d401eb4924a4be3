import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { excerpt, matchRanges, applyRanges } from '../../src/search/highlight.js';
import { foldStrong, hasSymbol, isUnspaced, tokenize } from '../../src/search/text.js';

/** The tokens FTS5 itself makes of `text`, with the archive's tokenizer. */
function ftsTokens(text: string): string[] {
  const db = new Database(':memory:');
  try {
    db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);");
    db.prepare('INSERT INTO t (rowid, x) VALUES (1, ?)').run(text);
    return db.prepare('SELECT term FROM v ORDER BY offset').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('the query side tokenizes and folds text as the index does', () => {
  test.each([
    ['plain ASCII in any case', 'Hello WORLD MiXeD Kitchen42 ABCdef'],
    ['Latin accents are folded', 'Café crème brûlée São Paulo Zürich Ålesund øl ŞIMDI'],
    ['Greek keeps its accents, Cyrillic its ё', 'Ελλάδα ΆΈ Ёлка ёж Привет'],
    ['combining marks separate (Arabic with harakat, Devanagari)', 'مَرْحَبًا بالعالم नमस्ते दुनिया'],
    ['Vietnamese', 'Tiếng Việt đẹp'],
    ['CJK runs are one token each', '我今天很忙，明天见！ こんにちは世界 カタカナ 서울에서 만나요'],
    ['emoji and punctuation separate', '🎉🎂 party😂time 👨\u200d👩\u200d👧 #tag @me'],
    ["apostrophes, hyphens, numbers", "it's e-mail 3.5 50% user_name"],
    ['odd letters', 'ﬁne ǅ ß straße İstanbul ı Ⅻ ① ² ｆｕｌｌ'],
    ['decomposed accents', 'Cafe\u0301 nai\u0308ve'],
    ['combining marks at a word start, and outside the set FTS5 keeps', '\u0301abc a\u0335b a\u0332b a\u0363b x\u20dd'],
  ])('%s', (_name, text) => {
    expect(tokenize(text)).toEqual(ftsTokens(text));
  });

  test('scripts written without spaces are recognised; emoji are symbols', () => {
    expect(['今天', 'カタカナ', 'こんにちは', '서울'].every(isUnspaced)).toBe(true);
    expect(['today', 'Ελλάδα', 'привет', 'مرحبا'].some(isUnspaced)).toBe(false);
    expect(['🎂', '👍🏽', '🇧🇷', '☕'].every(hasSymbol)).toBe(true);
    expect(hasSymbol('?!:')).toBe(false);
  });

  test('strong folding removes accents in every script', () => {
    expect(foldStrong('Ελλάδα')).toBe('ελλαδα');
    expect(foldStrong('Ёлка')).toBe('елка');
    expect(foldStrong('Crème')).toBe('creme');
  });
});

describe('highlighting', () => {
  test('words and phrases are marked where the folded tokens match, prefixes by their start', () => {
    const text = 'The Café opens; cafe crème at the café. Next week: delivery!';
    const ranges = matchRanges(text, [
      { tokens: ['cafe'], prefix: false },
      { tokens: ['next', 'week'], prefix: false },
      { tokens: ['deliv'], prefix: true },
    ]);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Café', 'cafe', 'café', 'Next week', 'delivery']);
  });

  test('a phrase marks only its words in order; substrings mark inside CJK runs and emoji', () => {
    const text = 'week next, next week 我今天很忙 🎂🎂';
    const ranges = matchRanges(text, [{ tokens: ['next', 'week'], prefix: false }, { substring: '今天' }, { substring: '🎂' }]);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['next week', '今天', '🎂🎂']);
  });

  test('applyRanges wraps each match', () => {
    expect(applyRanges('a cafe b', [[2, 6]], (s) => `[${s}]`)).toBe('a [cafe] b');
  });

  test('a long text is cut around its first match, at spaces, keeping the match', () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    words[150] = 'needle';
    const text = words.join(' ');
    const at = text.indexOf('needle');
    const e = excerpt(text, [[at, at + 6]], 120);
    expect(e.cutStart && e.cutEnd).toBe(true);
    expect(e.text.length).toBeLessThanOrEqual(120);
    expect(e.text.startsWith('w')).toBe(true); // starts at a word
    const [s, end] = e.ranges[0]!;
    expect(e.text.slice(s, end)).toBe('needle');
    expect(excerpt('short text', [[0, 5]], 120)).toEqual({ text: 'short text', ranges: [[0, 5]], cutStart: false, cutEnd: false });
  });

  test('a cut never splits an emoji (surrogate pair)', () => {
    const text = '😀'.repeat(300);
    const e = excerpt(text, [[400, 402]], 101);
    expect(e.text.length % 2).toBe(0);
    expect([...e.text].every((ch) => ch === '😀')).toBe(true);
  });
});
