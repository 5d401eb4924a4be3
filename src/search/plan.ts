// The search planner: from a parsed query and the options, what the store runs and how the total is
// counted. Pure (no SQL, no archive): the archive's words come in as `Words`, the numbers it needs
// (how many messages match) as arguments, so every strategy is unit-tested on plain inputs
// (test/search/plan.test.ts). The ops layer (ops/search.ts) runs the plan with the store's functions.
//
// Strategies: a plain search reads hits by time or ranks them all by bm25; relevance over very many
// matches ranks only the newest RANK_WINDOW; --fuzzy searches each word as its near spellings, the
// likeliest first; with no hits, "did you mean" is the query with each mistyped word corrected.
import { accentVariants, NUMBER, termsContaining, type TermBucket } from './expand.js';
import { otherForms } from './forms.js';
import type { Pattern } from './highlight.js';
import { planMatch, type Alternative, type ResolvedClause, type RowCondition } from './match.js';
import { formatQuery, type Clause, type Query, type Term } from './query.js';
import { charLength, hasAccentedOtherScript, isUnspaced } from './text.js';

/** search/fuzzy.ts, which the search op loads only when a typo may need it. */
export type FuzzyKit = typeof import('./fuzzy.js');

/** The archive's vocabulary as the planner reads it: its terms of `min`..`max` characters, or whether it holds one. */
export interface Words {
  /** The terms of digits only (`numbers`, search/expand.ts NUMBER), or the others. */
  buckets(min: number, max: number, numbers?: boolean): TermBucket[];
  /** Whether a message holds `term` (a token as the index folds it). */
  holds(term: string): boolean;
}

/**
 * Relevance over many matches ranks only the newest RANK_WINDOW of them (docs/architecture.md, "Measured decisions": bound the work
 * for very common words). Measured on 1M messages: ranking in the index alone costs ~10 µs a match
 * (reading its size), reading a message's time ~35 µs when matches are spread out; so up to
 * RANK_ALL matches are ranked whole, above that the newest RANK_WINDOW (~30–50 ms either way).
 */
export const RANK_WINDOW = 1000;
const RANK_ALL = 5000;
/** A CJK word inside more vocabulary terms than this is searched as a substring of every message instead. */
const MAX_CONTAINING = 500;
/**
 * A single word is counted from the vocabulary: ~1 ms instead of ~25 ms for "the" at 1M, and the same at
 * 10M where FTS5's count of "tomorrow" (0.7% of the messages) took ~6 ms. Not a number longer than this:
 * numbers are most of the vocabulary's longer terms (its bucket of six-digit ones is ~1.2 MB at 10M).
 */
const MAX_COUNTED_NUMBER = 4;

/** An FTS5 expression, and what the store can know of it without FTS5 (store/searchData.ts, store/searchRank.ts). */
export interface Expression {
  match: string;
  /** The one index term it is, when the vocabulary can count it (else null). */
  word: string | null;
  /** The text of its one phrase of two or more words, as typed (else null): store/searchRank.ts phraseRanks. */
  phrase: string | null;
}

/** One pass of a relevance search: its expression, and how many hits it may add (0 = all). */
export interface RankPass {
  expression: Expression;
  /** Hits the pass is asked for: `limit` for the first, what the first left over for the rest. */
  fill: 'limit' | 'rest';
}

export type SearchPlan = {
  /** The expression every hit matches (null: the conditions and filters alone decide). */
  expression: Expression | null;
  conditions: RowCondition[];
  /** Where the matches are in a result's text. */
  highlight: Pattern[];
  /** With --fuzzy: each word and the spellings it was searched as (only words that were expanded). */
  spellings: { word: string; searched: string[] }[];
  /**
   * How the total is known: 'index' counts the expression's matches alone; 'rows' reads every hit's
   * message; 'read' takes how many a time-ordered read saw when it read them all, else as 'rows'.
   */
  total: 'index' | 'rows' | 'read';
} & (
  | { order: 'time'; newest: boolean }
  /** Relevance: the passes in order (--fuzzy: messages with the likeliest spelling of every word first). */
  | { order: 'relevance'; passes: RankPass[] }
);

export interface PlanOptions {
  sort: 'relevance' | 'newest' | 'oldest';
  /** Whether a chat, author or date filter narrows the hits (checked on each message). */
  filtered: boolean;
  /** Loaded for --fuzzy, else undefined. */
  fuzzy: FuzzyKit | undefined;
}

export function planSearch(query: Query, options: PlanOptions, words: Words): SearchPlan {
  const resolved = resolveTerms(query, words, options.fuzzy);
  const full = planMatch(resolved.clauses);
  const expression = full.match === null ? null : expressionOf(full.match, resolved.clauses);
  const rowFilters = options.filtered || full.conditions.length > 0;
  const common = { expression, conditions: full.conditions, highlight: resolved.highlight, spellings: resolved.spellings };
  if (options.sort !== 'relevance' || expression === null) {
    return { ...common, order: 'time', newest: options.sort !== 'oldest', total: expression !== null && !rowFilters ? 'index' : 'read' };
  }
  const best = planMatch(resolved.bestClauses).match;
  const passes: RankPass[] = [{ expression: best === null ? expression : expressionOf(best, resolved.bestClauses), fill: 'limit' }];
  if (best !== null && best !== expression.match) passes.push({ expression: { match: `(${expression.match}) NOT (${best})`, word: null, phrase: null }, fill: 'rest' });
  return { ...common, order: 'relevance', passes, total: rowFilters ? 'rows' : 'index' };
}

/**
 * How a relevance pass ranks: 'window' only the newest `size` matches (read as `read` says), when there
 * are too many to rank whole; 'rows' by bm25 in SQL with the messages read (filters need them); 'index'
 * in the index alone. A window keeps `matches`, how many the expression has: a read of it by the time
 * blocks guesses from that where they lie.
 */
export type Ranking = { by: 'window'; size: number; read: TimeRead; matches: number } | { by: 'rows' } | { by: 'index' };

/** `size`: how many messages the archive holds, and how they lie in chats (it decides how the window is read). */
export function ranking(matches: number, limit: number, rowFilters: boolean, size: ArchiveSize): Ranking {
  if (limit !== 0 && matches > RANK_ALL) return { by: 'window', size: RANK_WINDOW, read: timeRead(matches, size, RANK_WINDOW, rowFilters), matches };
  return { by: rowFilters ? 'rows' : 'index' };
}

/** The archive's messages, and those outside its largest chat (read only when a choice depends on them). */
export interface ArchiveSize {
  messages: number;
  outsideLargest(): number;
}

/**
 * How a time-ordered read (newest or oldest first, or relevance's window) finds its matches: each run of
 * one chat's ids read from its end in the index ('index'), or, without filters (checked on each message)
 * and with a limit:
 * - 'scan', for a word in at least SCAN_SHARE of the messages: each run's messages read from its end and
 *   asked the same MATCH in a small index of just those, ~4 µs a message whatever the archive's size, at
 *   most 1/SCAN_SHARE messages per hit (store/searchProbe.ts); its window's bm25 comes from that small index,
 *   where FTS5's passes over the word's whole list (store/searchRank.ts rankOf): ~0.2 s for "to" at 10M;
 * - 'blocks', for the rest: the ids of the matches of the runs' parts that can hold a hit, and the times of
 *   those the time blocks cannot rule out (store/searchByTime.ts hitsByBlocks); measured with integer
 *   edges, relevance's window at 10M this way against the index: "tomorrow" 32 against 45 ms, "kitch*" 42
 *   against 60.
 * The index's cost below was measured while each run's edge reached FTS5 as a REAL, which FTS5 does not take
 * as a bound (store/search.ts INTEGER): it stepped over every match above the edge, ~0.35 s for "to" in ten
 * 1M-message chats. With the edge an integer, that read is ~36 ms against the scan's ~45 (in-process, 10M);
 * the choice stands for the window's bm25, and is to be measured again for reads by time alone.
 */
export type TimeRead = 'index' | 'scan' | 'blocks';
const SCAN_SHARE = 0.05;
/**
 * The index's cost per match stepped over (µs: "to" at 10M, 19% of nine other 1M-message chats, ~0.35 s,
 * with REAL edges, above) and the scan's per message read (µs). Stepping reached each chat's newest run
 * over the matches of the chats stored after it, at most those outside the largest chat; a scan reads
 * hits/share messages whatever the archive. On the 1M benchmark (a 20,000-message chat beside the large
 * one) the index is the cheaper.
 */
const STEP_US = 0.2;
const SCAN_US = 4;

/** `hits`: how many the read needs (the limit, or relevance's window). */
export function timeRead(matches: number, size: ArchiveSize, hits: number, rowFilters: boolean): TimeRead {
  if (hits === 0 || rowFilters || size.messages === 0) return 'index';
  const share = matches / size.messages;
  if (share < SCAN_SHARE) return 'blocks';
  return share * size.outsideLargest() * STEP_US > (hits / share) * SCAN_US ? 'scan' : 'index';
}

/** The expression planMatch wrote from these clauses, with what is known of it (Expression). */
function expressionOf(match: string, clauses: readonly ResolvedClause[]): Expression {
  const only = onlyTerm(clauses);
  const tokens = only?.tokens ?? [];
  const word = tokens.length === 1 && !(NUMBER.test(tokens[0]!) && charLength(tokens[0]!) > MAX_COUNTED_NUMBER) ? tokens[0]! : null;
  return { match, word, phrase: tokens.length > 1 ? only!.fts : null };
}

/**
 * The one word or phrase (not a prefix) an expression of these clauses is, as planMatch writes it: one
 * required term, no other indexed clause.
 */
function onlyTerm(clauses: readonly ResolvedClause[]): { fts: string; tokens: readonly string[] } | undefined {
  const indexed = clauses.filter((c) => c.alternatives.every((a) => 'fts' in a));
  const only = indexed.length === 1 && !indexed[0]!.negated && indexed[0]!.alternatives.length === 1 ? indexed[0]!.alternatives[0]! : undefined;
  return only !== undefined && 'fts' in only && !only.prefix ? only : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Terms: what each word is searched as

interface ResolvedTerms {
  /** Every spelling of every word. */
  clauses: ResolvedClause[];
  /** Fuzzy words as their likeliest spelling only (the rest as in `clauses`). */
  bestClauses: ResolvedClause[];
  highlight: Pattern[];
  spellings: { word: string; searched: string[] }[];
}

function resolveTerms(query: Query, words: Words, fuzzy: FuzzyKit | undefined): ResolvedTerms {
  const resolved: ResolvedTerms = { clauses: [], bestClauses: [], highlight: [], spellings: [] };
  for (const clause of query.clauses) {
    const all: Alternative[] = [];
    const best: Alternative[] = [];
    for (const term of clause.alternatives) {
      const spelled = spell(term, words, fuzzy);
      all.push(...spelled.all);
      best.push(...spelled.best);
      if (!clause.negated) resolved.highlight.push(...spelled.highlight);
      const searched = spelled.searched;
      if (searched !== undefined && (searched.length !== 1 || searched[0] !== term.text)) resolved.spellings.push({ word: term.text, searched });
    }
    resolved.clauses.push({ negated: clause.negated, alternatives: all });
    resolved.bestClauses.push({ negated: clause.negated, alternatives: clause.negated ? all : best });
  }
  return resolved;
}

interface Spelled {
  all: Alternative[];
  best: Alternative[];
  highlight: Pattern[];
  searched?: string[];
}

/** An index term as an alternative (vocabulary terms are single tokens). */
function indexTerm(term: string): Alternative {
  return { fts: term, prefix: false, tokens: [term] };
}

/** What a typed attachment name looks like: a name with an extension (invoice.pdf) or WhatsApp's own (IMG-20240101-WA0001). */
const FILE_NAME = /^[^\s"]+\.[a-z][a-z0-9]{1,4}$|^(img|vid|aud|ptt|doc|stk)-\d{8}-wa\d+/i;

function spell(term: Term, words: Words, fuzzy: FuzzyKit | undefined): Spelled {
  if (term.kind === 'symbol') {
    const all = [{ contains: term.text }];
    return { all, best: all, highlight: [{ substring: term.text }] };
  }
  const exact: Alternative[] = [{ fts: term.text, prefix: term.prefix, tokens: term.tokens }];
  if (!term.prefix && FILE_NAME.test(term.text)) {
    // A file name: in the text as its words, or in an attachment's name (which the index does not hold).
    const all = [...exact, { attachment: term.text }];
    return { all, best: all, highlight: [{ tokens: term.tokens, prefix: false }] };
  }
  if (term.tokens.length !== 1) return { all: exact, best: exact, highlight: [{ tokens: term.tokens, prefix: term.prefix }] }; // a phrase: its words exactly, in order
  const token = term.tokens[0]!;
  const length = charLength(token);
  if (isUnspaced(token)) {
    // One index term is a whole run of CJK text: the word is found inside the runs that contain it.
    const found = termsContaining(token, words.buckets(length, Number.MAX_SAFE_INTEGER), MAX_CONTAINING);
    const all: Alternative[] = found.complete ? [...new Set([token, ...found.terms])].map(indexTerm) : [{ contains: term.text }];
    return { all, best: all, highlight: [{ substring: term.text }, { substring: token }] };
  }
  if (fuzzy !== undefined && !term.quoted && !term.prefix && fuzzy.maxEdits(token) > 0) {
    const edits = fuzzy.maxEdits(token);
    const spellings = fuzzy.fuzzyExpansions(token, fuzzy.nearTerms(token, nearLengths(token, edits, words), edits));
    const all = spellings.map((s) => indexTerm(s.term));
    return { all, best: all.slice(0, 1), highlight: spellings.map((s) => ({ tokens: [s.term], prefix: false })), searched: spellings.map((s) => s.term) };
  }
  if (hasAccentedOtherScript(token) && !term.prefix) {
    // The index keeps Greek and Cyrillic accents: an unaccented word also finds its accented spellings.
    const variants = accentVariants(token, words.buckets(length, length));
    if (variants.length > 0) {
      const all = [...exact, ...variants.map(indexTerm)];
      return { all, best: all, highlight: [term.tokens, ...variants.map((v) => [v])].map((tokens) => ({ tokens, prefix: false })) };
    }
  }
  // Singular and plural find each other (invoice, invoices), where the archive holds the other form.
  const forms = term.quoted || term.prefix ? [] : otherForms(token).filter((f) => words.holds(f));
  const all = [...exact, ...forms.map(indexTerm)];
  return { all, best: all, highlight: [term.tokens, ...forms.map((f) => [f])].map((tokens) => ({ tokens, prefix: term.prefix })) };
}

/**
 * The terms whose lengths are within `edits` of the token's: numbers too only when the token has no more
 * characters other than digits than that (each of those costs an edit to reach a number).
 */
function nearLengths(token: string, edits: number, words: Words): TermBucket[] {
  const length = charLength(token);
  const near = words.buckets(length - edits, length + edits);
  return charLength(token.replace(/[0-9]/g, '')) > edits ? near : [...near, ...words.buckets(length - edits, length + edits, true)];
}

// ---------------------------------------------------------------------------------------------------
// No hits: did you mean

/** A "did you mean" to try: the corrected query as the user would type it, and what it selects. */
export interface Suggestion {
  text: string;
  match: string | null;
  conditions: RowCondition[];
}

/** The query with each mistyped word replaced by the archive's likeliest word, or null when no word looks mistyped. */
export function suggestion(query: Query, words: Words, fuzzy: FuzzyKit): Suggestion | null {
  let replaced = 0;
  const correct = (term: Term): Term => {
    if (term.kind !== 'text' || term.tokens.length !== 1 || term.prefix || isUnspaced(term.tokens[0]!)) return term;
    const token = term.tokens[0]!;
    const edits = fuzzy.maxEdits(token);
    if (edits === 0) return term;
    const better = fuzzy.correction(token, fuzzy.nearTerms(token, nearLengths(token, edits, words), edits));
    if (better === undefined) return term;
    replaced++;
    return { kind: 'text', text: better.term, tokens: [better.term], quoted: term.quoted, prefix: false };
  };
  const corrected = query.clauses.map((c) => (c.negated ? c : { negated: false, alternatives: c.alternatives.map(correct) }));
  if (replaced === 0) return null;
  const again = withoutRepeats({ ...query, clauses: corrected });
  const plan = planMatch(resolveTerms(again, words, undefined).clauses);
  return { text: formatQuery(again), ...plan };
}

/**
 * The query without a clause (or an alternative) that says again what an earlier one says, as a
 * correction can make it ("invoise invoice" → "invoice", not "invoice invoice").
 */
function withoutRepeats(query: Query): Query {
  const key = (term: Term) => (term.kind === 'symbol' ? term.text : `${term.quoted ? '"' : ''}${term.tokens.join(' ')}${term.prefix ? '*' : ''}`);
  const seen = new Set<string>();
  const clauses: Clause[] = [];
  for (const clause of query.clauses) {
    const alternatives = [...new Map(clause.alternatives.map((term) => [key(term), term])).values()];
    const id = `${clause.negated ? '-' : ''}${alternatives.map(key).sort().join(' OR ')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    clauses.push({ negated: clause.negated, alternatives });
  }
  return { ...query, clauses };
}
