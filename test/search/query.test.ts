import { describe, expect, test } from 'vitest';
import { planMatch, type ResolvedClause } from '../../src/search/match.js';
import { assertSearchable, formatQuery, parseQuery, QuerySyntaxError, termText, type Query } from '../../src/search/query.js';
import { tokenize } from '../../src/search/text.js';

/** A query as a short readable shape: clauses as "-a|b" strings (| = OR), words by their tokens. */
function shape(query: Query): { clauses: string[]; filters: string[] } {
  return {
    clauses: query.clauses.map(
      (c) =>
        (c.negated ? '-' : '') +
        c.alternatives
          .map((t) => (t.kind === 'symbol' ? `sym(${t.text})` : `${t.quoted ? '"' : ''}${t.tokens.join(' ')}${t.quoted ? '"' : ''}${t.prefix ? '*' : ''}`))
          .join('|'),
    ),
    filters: query.filters.map((f) => `${f.key}=${f.value}`),
  };
}

describe('valid queries', () => {
  test.each([
    // [input, clauses, filters]
    ['invoice', ['invoice'], []],
    ['Invoice PAID', ['invoice', 'paid'], []], // every word required; case folded
    ['Café crème', ['cafe', 'creme'], []], // Latin accents folded as the index folds them
    ['"next week"', ['"next week"'], []],
    ['"next week" delivery', ['"next week"', 'delivery'], []],
    ['delivery OR pickup', ['delivery|pickup'], []],
    ['a OR b OR "c d"', ['a|b|"c d"'], []],
    ['tea or coffee', ['tea', 'or', 'coffee'], []], // lower-case "or" is a word
    ['invoice -paid', ['invoice', '-paid'], []],
    ['invoice -"paid in full"', ['invoice', '-"paid in full"'], []],
    ['deliv*', ['deliv*'], []],
    ['"next wee"*', ['"next wee"*'], []],
    ['deliv** x', ['deliv*', 'x'], []], // several stars are one
    ['from:priya coffee', ['coffee'], ['from=priya']],
    ['from:"Priya Shah" chat:Orders', [], ['from=Priya Shah', 'chat=Orders']],
    ['FROM:tom after:2024-03-01 before:"2024-04-01 18:00"', [], ['from=tom', 'after=2024-03-01', 'before=2024-04-01 18:00']],
    ["it's e-mail", ['it s', 'e mail'], []], // a word the index splits is searched as a phrase
    ['NEAR(a b)', ['near a', 'b'], []], // FTS5 syntax is only text here
    ['x^y', ['x y'], []],
    ['a:b', ['a b'], []], // not a filter key
    ['hello ^ : ?', ['hello'], []], // punctuation alone is not searchable and is dropped
    ['a OR ^', ['a'], []],
    ['🎂 party', ['sym(🎂)', 'party'], []],
    ['-🎂 party', ['-sym(🎂)', 'party'], []],
    ['"🎂!"', ['sym(🎂)'], []],
    ['Ελλάδα Привет 你好 مرحبا', ['ελλάδα', 'привет', '你好', 'مرحبا'], []],
    ['  spaced\tout\u00a0words  ', ['spaced', 'out', 'words'], []], // any white space separates
    ['abc"def"', ['abc', '"def"'], []], // a quote starts a phrase even inside a word
  ])('%j', (input, clauses, filters) => {
    expect(shape(parseQuery(input))).toEqual({ clauses, filters });
  });
});

describe('invalid queries are usage errors that say what is wrong', () => {
  test.each([
    ['"unclosed phrase', /unclosed quote/],
    ['from:"Priya', /unclosed quote/],
    ['"', /unclosed quote/],
    ['a " b', /unclosed quote/],
    ['-', /"-" in the query is not followed by a word/],
    ['coffee - tea', /"-" in the query is not followed by a word/],
    ['*', /"\*" in the query does not follow a word/],
    ['coffee *', /"\*" in the query does not follow a word/],
    ['-*', /"\*" in the query does not follow a word/],
    ['OR coffee', /OR must stand between two words/],
    ['coffee OR', /OR must stand between two words/],
    ['OR', /OR must stand between two words/],
    ['a OR OR b', /OR must stand between two words/],
    ['a OR -b', /OR must stand between two words/],
    ['-a OR b', /OR must stand between two words/],
    ['a OR from:b', /OR must stand between two words/],
    ['from:', /"from:" has no value/],
    ['chat:""', /"chat:" has no value/],
    ['-from:tom x', /"-from:" cannot exclude/],
    ['x'.repeat(10_000), /too long \(10,000 characters; at most 1,000\)/],
    [Array.from({ length: 65 }, (_, i) => `w${i}`).join(' '), /too many words \(at most 64\)/],
  ])('%j', (input, message) => {
    let error: unknown;
    try {
      parseQuery(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as QuerySyntaxError).message).toMatch(message);
    expect((error as QuerySyntaxError).hint.length).toBeGreaterThan(10);
  });

  test('a query must find something: only exclusions or punctuation need a filter', () => {
    expect(() => assertSearchable(parseQuery('-paid'), false)).toThrow(/only excludes words/);
    expect(() => assertSearchable(parseQuery('^ :'), false)).toThrow(/nothing to search for/);
    expect(() => assertSearchable(parseQuery(''), false)).toThrow(/nothing to search for/);
    expect(() => assertSearchable(parseQuery('-paid from:tom'), false)).not.toThrow();
    expect(() => assertSearchable(parseQuery('-paid'), true)).not.toThrow(); // e.g. --chat given
  });
});

describe('the FTS5 expression', () => {
  const fts = (text: string, prefix = false) => ({ fts: text, prefix, tokens: tokenize(text) });
  test.each<[string, ResolvedClause[], string | null, number]>([
    ['one word', [{ negated: false, alternatives: [fts('coffee')] }], '"coffee"', 0],
    ['inner quotes are doubled', [{ negated: false, alternatives: [fts('say "hi"')] }], '"say ""hi"""', 0],
    ['prefix', [{ negated: false, alternatives: [fts('deliv', true)] }], '"deliv"*', 0],
    [
      'AND, OR, NOT',
      [
        { negated: false, alternatives: [fts('a'), fts('b')] },
        { negated: false, alternatives: [fts('c d')] },
        { negated: true, alternatives: [fts('e')] },
        { negated: true, alternatives: [fts('f'), fts('g')] },
      ],
      '(("a" OR "b") AND "c d") NOT "e" NOT ("f" OR "g")',
      0,
    ],
    ['only exclusions become row conditions', [{ negated: true, alternatives: [fts('paid')] }], null, 1],
    [
      'emoji are conditions on the text',
      [
        { negated: false, alternatives: [fts('party')] },
        { negated: false, alternatives: [{ contains: '🎂' }, fts('cake')] },
      ],
      '"party"',
      1,
    ],
  ])('%s', (_name, clauses, match, conditions) => {
    const plan = planMatch(clauses);
    expect(plan.match).toBe(match);
    expect(plan.conditions).toHaveLength(conditions);
  });

  test('a query written back in its own language', () => {
    const q = parseQuery('kitchn "next week" -paid a OR b* from:"Priya Shah" after:2024-03-01');
    expect(formatQuery(q)).toBe('kitchn "next week" -paid a OR b* from:"Priya Shah" after:2024-03-01');
    expect(formatQuery(q, (t) => (t.kind === 'text' && t.text === 'kitchn' ? 'kitchen' : termText(t)))).toBe(
      'kitchen "next week" -paid a OR b* from:"Priya Shah" after:2024-03-01',
    );
  });
});
