// Typo tolerance (--fuzzy) and "did you mean": the archive's own words near a typed word, found with
// minisearch over the vocabulary (FTS5's terms, see store/vocabulary.ts), never over the messages.
import SearchableMap from 'minisearch/SearchableMap';
import { letterMask, NUMBER, type TermBucket } from './expand.js';
import { charLength } from './text.js';

export interface NearTerm {
  term: string;
  /** Messages holding the term. */
  docs: number;
  /** Edits (Levenshtein) from the typed word. */
  distance: number;
}

/** How many edits a typo of a word this long may have: none for 1–2 characters, 1 up to 5, else 2. */
export function maxEdits(word: string): number {
  if (NUMBER.test(word)) return 0; // 2024 is not a typo of 2025
  const n = charLength(word);
  return n <= 2 ? 0 : n <= 5 ? 1 : 2;
}

/**
 * Terms within `maxDistance` edits of `word`. Two cheap bounds (letter masks, then letter counts: no
 * spelling within d edits differs from the word in more than d letters) leave a few hundred candidates
 * of the tens of thousands in the buckets; minisearch's radix tree then finds the true edit distances.
 */
export function nearTerms(word: string, buckets: Iterable<TermBucket>, maxDistance: number): NearTerm[] {
  // need[c]: how often UTF-16 unit c occurs in the word; used[c] (valid when stamp[c] is this term's
  // number): how many of them the term has used so far.
  const need = new Uint16Array(65536);
  for (let i = 0; i < word.length; i++) need[word.charCodeAt(i)]!++;
  const used = new Uint16Array(65536);
  const stamp = new Uint32Array(65536);
  let current = 0;
  const candidates = new SearchableMap<number>();
  const wordLength = charLength(word);
  const wordMask = letterMask(word);
  for (const bucket of buckets) {
    if (Math.abs(bucket.length - wordLength) > maxDistance) continue;
    const { text, docs, masks } = bucket;
    // Terms of only 16-bit characters are all `length` units long: no need to look for line ends.
    const width = text.length === docs.length * (bucket.length + 1) - 1 ? bucket.length : -1;
    let start = 0;
    for (let index = 0; start < text.length; index++) {
      let end = width >= 0 ? start + width : text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (bitCount(masks[index]! & ~wordMask) <= maxDistance && bitCount(wordMask & ~masks[index]!) <= maxDistance) {
        current++;
        let extra = 0;
        let matched = 0;
        for (let i = start; i < end && extra <= maxDistance; i++) {
          const c = text.charCodeAt(i);
          if (stamp[c] !== current) {
            stamp[c] = current;
            used[c] = 0;
          }
          if (used[c]! < need[c]!) {
            used[c]!++;
            matched++;
          } else extra++;
        }
        if (extra <= maxDistance && word.length - matched <= maxDistance) candidates.set(text.slice(start, end), docs[index]!);
      }
      start = end + 1;
    }
  }
  const near: NearTerm[] = [];
  for (const [term, [docs, distance]] of candidates.fuzzyGet(word, maxDistance)) near.push({ term, docs, distance });
  return near.sort(byLikelihood);
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * How likely a term is what the user meant: frequent words are likelier, and each edit makes a spelling
 * far less likely (a word in 2,000 messages one edit away beats one in 30 messages typed exactly).
 */
export function likelihood(near: NearTerm): number {
  return near.docs / EDIT_PENALTY ** near.distance;
}
const EDIT_PENALTY = 40;

function byLikelihood(a: NearTerm, b: NearTerm): number {
  return likelihood(b) - likelihood(a) || a.distance - b.distance || (a.term < b.term ? -1 : 1);
}

/** At most this many spellings are searched for one fuzzy word. */
export const MAX_EXPANSIONS = 8;

/**
 * The spellings a fuzzy word is searched as: the likeliest first, then others not far less likely.
 * Always at least the word itself when nothing is near (it then finds nothing, as it should).
 */
export function fuzzyExpansions(word: string, near: readonly NearTerm[]): NearTerm[] {
  const best = near[0];
  if (best === undefined) return [{ term: word, docs: 0, distance: 0 }];
  const floor = likelihood(best) / 1000;
  return near.filter((n) => likelihood(n) >= floor).slice(0, MAX_EXPANSIONS);
}

/** The likeliest intended spelling of `word`, when it is not the word itself. */
export function correction(word: string, near: readonly NearTerm[]): NearTerm | undefined {
  const best = near[0];
  return best !== undefined && best.term !== word ? best : undefined;
}

