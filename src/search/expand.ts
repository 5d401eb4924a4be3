// Words of the archive's vocabulary (FTS5's own terms, see store/vocabulary.ts) that a query word may
// stand for in scripts the index splits or folds differently from how people type: longer runs of
// CJK text that contain the word, and accented spellings in scripts whose accents the index keeps.
import { foldStrong } from './text.js';

/**
 * A term of digits only (ASCII): a number, never a typo (search/fuzzy.ts). The vocabulary keeps numbers
 * in buckets of their own (store/vocabulary.ts), because in an archive of order numbers and amounts they
 * are most of its terms, and no spelling of a word with more letters than the edits allowed is near one.
 */
export const NUMBER = /^[0-9]+$/;

/**
 * Terms of one length (in characters), most frequent first. Kept as one string of lines, as stored:
 * a search scans it without making tens of thousands of small strings.
 */
export interface TermBucket {
  length: number;
  /** The terms, one per line ("\n" never occurs in a term). */
  text: string;
  /** Messages holding each term, in the same order. */
  docs: Uint32Array;
  /** letterMask of each term, in the same order. */
  masks: Uint32Array;
}

/**
 * Which characters a term has, as 32 bits (a character sets bit code % 32; a–z each their own). One
 * edit adds at most one bit and removes at most one, so a quick test over these masks rules out most
 * of the vocabulary before any spelling is compared.
 */
export function letterMask(term: string): number {
  let mask = 0;
  for (let i = 0; i < term.length; i++) mask |= 1 << (term.charCodeAt(i) & 31);
  return mask >>> 0;
}

/** Calls `visit(term, index)` for each term of the bucket, in order. */
export function forEachTerm(bucket: TermBucket, visit: (term: string, index: number) => void): void {
  const { text } = bucket;
  let start = 0;
  for (let index = 0; start <= text.length && text.length > 0; index++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    visit(text.slice(start, end), index);
    start = end + 1;
  }
}

/** Terms that contain `part` (for scripts written without spaces, where one term is a whole run of text). */
export function termsContaining(part: string, buckets: Iterable<TermBucket>, limit: number): { terms: string[]; complete: boolean } {
  const found: string[] = [];
  if (part === '' || part.includes('\n')) return { terms: found, complete: true };
  for (const { text } of buckets) {
    for (let at = text.indexOf(part); at !== -1; ) {
      const start = text.lastIndexOf('\n', at) + 1;
      let end = text.indexOf('\n', at);
      if (end === -1) end = text.length;
      if (found.length === limit) return { terms: found, complete: false };
      found.push(text.slice(start, end));
      at = text.indexOf(part, end);
    }
  }
  return { terms: found, complete: true };
}

/** Terms spelled like `word` but for accents (ελλαδα → ελλάδα), for scripts whose accents the index keeps. */
export function accentVariants(word: string, buckets: Iterable<TermBucket>): string[] {
  const folded = new Map<string, string>();
  const fold = (ch: string) => {
    let f = folded.get(ch);
    if (f === undefined) folded.set(ch, (f = foldStrong(ch)));
    return f;
  };
  const target = [...word].map(fold);
  const found: string[] = [];
  for (const bucket of buckets) {
    if (bucket.length !== target.length) continue;
    forEachTerm(bucket, (term) => {
      if (term === word) return;
      let i = 0;
      for (const ch of term) if (fold(ch) !== target[i++]) return;
      found.push(term);
    });
  }
  return found;
}

