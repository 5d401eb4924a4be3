import { describe, expect, test } from 'vitest';
import { accentVariants, letterMask, termsContaining, type TermBucket } from '../../src/search/expand.js';
import { correction, fuzzyExpansions, maxEdits, nearTerms } from '../../src/search/fuzzy.js';

/** Buckets as the store keeps them: terms by length, most frequent first. */
function buckets(vocabulary: Record<string, number>): TermBucket[] {
  const byLength = new Map<number, [string, number][]>();
  for (const [term, docs] of Object.entries(vocabulary)) {
    const length = [...term].length;
    byLength.set(length, [...(byLength.get(length) ?? []), [term, docs]]);
  }
  return [...byLength].map(([length, entries]) => {
    entries.sort((a, b) => b[1] - a[1]);
    return {
      length,
      text: entries.map(([t]) => t).join('\n'),
      docs: Uint32Array.from(entries, ([, d]) => d),
      masks: Uint32Array.from(entries, ([t]) => letterMask(t)),
    };
  });
}

const VOCABULARY = buckets({
  coffee: 2781, toffee: 12, coffer: 3, cofee: 2, kitchen: 1874, kitchens: 40, titcun: 48, chicken: 300,
  weather: 2095, water: 1945, tomorrow: 7171, the: 450000, tea: 900, ten: 500, café: 0, ελλάδα: 30, 我今天很忙: 1, 今天: 4, 明天见: 2,
});

describe('near spellings (minisearch over the vocabulary)', () => {
  test('how many edits a word may have grows with its length; numbers have none', () => {
    expect([maxEdits('ab'), maxEdits('abc'), maxEdits('abcde'), maxEdits('abcdef'), maxEdits('2024')]).toEqual([0, 1, 1, 2, 0]);
  });

  test('finds the terms within the edit distance, the likeliest first', () => {
    const near = nearTerms('cofee', VOCABULARY, 1);
    expect(near.map((n) => [n.term, n.distance])).toEqual([
      ['coffee', 1],
      ['cofee', 0],
    ]);
    // kitchens (40 messages) is two edits away, titcun (48) too: the more frequent first.
    expect(nearTerms('kitchn', VOCABULARY, 2).map((n) => n.term)).toEqual(['kitchen', 'titcun', 'kitchens']);
  });

  test('a frequent word one edit away is likelier than a rare word typed exactly; a common exact word stays', () => {
    expect(correction('cofee', nearTerms('cofee', VOCABULARY, 1))?.term).toBe('coffee');
    expect(correction('tea', nearTerms('tea', VOCABULARY, 1))).toBeUndefined(); // 900 exact beats ten (500)/40
    expect(correction('zzzzz', nearTerms('zzzzz', VOCABULARY, 1))).toBeUndefined();
  });

  test('expansions keep the likely spellings, and the word itself when nothing is near', () => {
    expect(fuzzyExpansions('cofee', nearTerms('cofee', VOCABULARY, 1)).map((n) => n.term)).toEqual(['coffee', 'cofee']);
    // Two edits from a word 40 times less likely than kitchen's one: far too unlikely to search.
    expect(fuzzyExpansions('kitchn', nearTerms('kitchn', VOCABULARY, 2)).map((n) => n.term)).toEqual(['kitchen']);
    expect(fuzzyExpansions('qqqq', [])).toEqual([{ term: 'qqqq', docs: 0, distance: 0 }]);
  });

  test('the letter-mask bound never drops a true neighbour (compared with a plain scan)', () => {
    const words = ['coffee', 'kitchen', 'weathr', 'tomorow', 'the', 'chikcen', 'ελαδα'];
    const all = VOCABULARY.flatMap((b) => b.text.split('\n'));
    for (const word of words) {
      for (const d of [1, 2]) {
        const expected = all.filter((t) => levenshtein(word, t) <= d).sort();
        expect(nearTerms(word, VOCABULARY, d).map((n) => n.term).sort()).toEqual(expected);
      }
    }
  });
});

describe('vocabulary expansions for other scripts', () => {
  test('a CJK word is found in the runs that contain it', () => {
    expect(termsContaining('今天', VOCABULARY, 10)).toEqual({ terms: ['我今天很忙', '今天'].sort((a, b) => b.length - a.length), complete: true });
    expect(termsContaining('今天', VOCABULARY, 1).complete).toBe(false);
    expect(termsContaining('后天', VOCABULARY, 10)).toEqual({ terms: [], complete: true });
  });

  test('an unaccented Greek word finds its accented spelling', () => {
    expect(accentVariants('ελλαδα', VOCABULARY)).toEqual(['ελλάδα']);
    expect(accentVariants('ελλάδα', VOCABULARY)).toEqual([]);
  });
});

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
