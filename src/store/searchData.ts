// What one search reads at most once: match counts, the time blocks and the vocabulary (the derived data
// of store/vocabulary.ts, or the index itself when that data is out of date).
import { NUMBER, type TermBucket } from '../search/expand.js';
import type { ArchiveSize, Expression, Words } from '../search/plan.js';
import { quoteFts } from '../search/match.js';
import { charLength } from '../search/text.js';
import type { Archive } from './open.js';
import { indexTotals } from './indexTotals.js';
import { countMatches, guard, messagesOutsideLargestChat, type IdSpan } from './search.js';
import { timeBlocks, type TimeBlocks } from './searchTime.js';
import { searchDataIsFresh, termBuckets } from './vocabulary.js';

export class SearchData implements Words {
  private readonly counts = new Map<string, number>();
  private isFresh: boolean | undefined;
  private readonly loaded: Partial<Record<'words' | 'numbers', { min: number; max: number; buckets: TermBucket[] }>> = {};
  private timeBounds: TimeBlocks | undefined;
  private indexed: { rows: number; tokens: number } | undefined;
  private outside: number | undefined;

  constructor(private readonly archive: Archive) {}

  /** Whether the stored derived data (vocabulary, time blocks) matches the index as it is. */
  private get fresh(): boolean {
    this.isFresh ??= searchDataIsFresh(this.archive);
    return this.isFresh;
  }

  /**
   * Matches of the expression within the span. A single short word (search/plan.ts) is counted from the
   * vocabulary, which records how many messages hold each term: reading FTS5's list of "the" costs ~25 ms, this ~1 ms.
   */
  count(expression: Expression, span: IdSpan | null): number {
    const key = `${span?.first ?? ''}:${span?.last ?? ''}:${expression.match}`;
    let n = this.counts.get(key);
    if (n === undefined) {
      n = span === null && expression.word !== null && this.fresh ? this.docsOf(expression.word) : countMatches(this.archive, expression.match, span);
      this.counts.set(key, n);
    }
    return n;
  }

  /** How many messages hold `term` (0 when none), from the stored vocabulary. */
  private docsOf(term: string): number {
    const length = charLength(term);
    for (const bucket of this.buckets(length, length, NUMBER.test(term))) {
      const at = `\n${bucket.text}\n`.indexOf(`\n${term}\n`);
      if (at === -1) return 0;
      let index = 0;
      for (let i = bucket.text.indexOf('\n'); i !== -1 && i < at; i = bucket.text.indexOf('\n', i + 1)) index++;
      return bucket.docs[index] ?? 0;
    }
    return 0;
  }

  /** Terms of `min`..`max` characters: those of digits only (`numbers`), or the others. */
  buckets(min: number, max: number, numbers = false): TermBucket[] {
    const kind = numbers ? 'numbers' : 'words';
    const loaded = this.loaded[kind];
    if (loaded === undefined || min < loaded.min || max > loaded.max) {
      const range = loaded === undefined ? { min, max } : { min: Math.min(min, loaded.min), max: Math.max(max, loaded.max) };
      this.loaded[kind] = { ...range, buckets: termBuckets(this.archive, range.min, range.max, this.fresh, numbers) };
    }
    return this.loaded[kind]!.buckets.filter((b) => b.length >= min && b.length <= max);
  }

  /**
   * Whether a message holds `term`, asked of the index itself: one term looked up, where a check in the
   * stored vocabulary read every term of its length (2–4 ms a search on the 1M-message archive, measured).
   */
  holds(term: string): boolean {
    const sql = 'SELECT EXISTS (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ?)';
    return guard(() => this.archive.db.prepare(sql).pluck().get(quoteFts(term)) === 1);
  }

  /** How many messages the index holds, and their tokens. */
  totals(): { rows: number; tokens: number } {
    this.indexed ??= indexTotals(this.archive.db);
    return this.indexed;
  }

  /** How many messages the index holds, and how many lie outside the largest chat (all of them when the per-chat counts are stale). */
  size(): ArchiveSize {
    const messages = this.totals().rows;
    return { messages, outsideLargest: () => (this.outside ??= this.fresh ? messagesOutsideLargestChat(this.archive) : messages) };
  }

  blocks(): TimeBlocks {
    this.timeBounds ??= timeBlocks(this.archive, this.fresh);
    return this.timeBounds;
  }
}
