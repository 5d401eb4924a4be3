import { termsContaining, accentVariants, type TermBucket } from '../search/expand.js';
import { matchRanges, type Pattern, type Range } from '../search/highlight.js';
import { planMatch, type Alternative, type ResolvedClause } from '../search/match.js';
import { assertSearchable, formatQuery, parseQuery, QuerySyntaxError, termText, type Clause, type Query, type Term } from '../search/query.js';
import { charLength, hasAccentedOtherScript, isUnspaced, tokenize } from '../search/text.js';
import { chatNames } from '../store/chats.js';
import { messagesAround, messagesByIds, type LocalRange, type MessageView } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import {
  authorNames,
  countHits,
  countMatches,
  hasRowFilters,
  hitsByTime,
  rankAll,
  rankedHits,
  rankOf,
  readForSearch,
  timesOf,
  SearchExpressionError,
  type Hit,
  type HitFilter,
  type IdSpan,
} from '../store/search.js';
import { searchDataIsFresh, termBuckets, timeBlocks, type TimeBlocks } from '../store/vocabulary.js';
import { OpError } from './errors.js';
import { localRange } from './range.js';
import { spellingsResolver } from './authors.js';
import { foldName, wordStarts } from './names.js';
import { requireChat } from './chats.js';

export type SortOrder = 'relevance' | 'newest' | 'oldest';

export interface SearchOptions {
  query: string;
  chat?: string;
  from?: string;
  since?: string;
  until?: string;
  /** 0 = all. */
  limit: number;
  sort: SortOrder;
  /** Messages of context before and after each hit. */
  context: number;
  fuzzy: boolean;
  /** The local date now (YYYY-MM-DD), for --since 7d and after:1y. */
  today: string;
}

export interface ContextMessage {
  id: number;
  time: string;
  local: string;
  author: string | null;
  text: string;
  kind: string;
  deletedLater?: true;
}

export interface SearchHit extends ContextMessage {
  chat: string;
  /** Relevance (higher is better), or null when sorted by time. */
  score: number | null;
  /** Where the matches are in `text`. */
  matches: Range[];
  before?: ContextMessage[];
  after?: ContextMessage[];
}

export interface SearchResult {
  query: string;
  total: number;
  results: SearchHit[];
  /** Relevance over very many matches ranks only the newest ones: how many, or null when all were ranked. */
  rankedNewest: number | null;
  /** With no hits: a query that has some ("did you mean"), or null. */
  suggestion: string | null;
  /** With --fuzzy: each word and the spellings it was searched as (only words that were expanded). */
  spellings: { word: string; searched: string[] }[];
}

/**
 * Relevance over many matches ranks only the newest RANK_WINDOW of them (architecture.md: bound the work
 * for very common words). Measured on 1M messages: ranking in the index alone costs ~10 µs a match
 * (reading its size), reading a message's time ~35 µs when matches are spread out; so up to
 * RANK_ALL matches are ranked whole, above that the newest RANK_WINDOW (~30–50 ms either way).
 */
export const RANK_WINDOW = 1000;
const RANK_ALL = 5000;
/** A CJK word inside more vocabulary terms than this is searched as a substring of every message instead. */
const MAX_CONTAINING = 500;

export async function searchMessages(archive: Archive, options: SearchOptions): Promise<SearchResult> {
  const query = parse(options.query);
  readForSearch(archive);
  const env = new SearchEnv(archive);
  const filter = resolveFilters(archive, query, options, env);
  const hasOptionFilters = [options.chat, options.from, options.since, options.until].some((o) => o !== undefined);
  try {
    assertSearchable(query, hasOptionFilters);
  } catch (error) {
    throw usage(error);
  }
  const resolved = await resolveTerms(query, env.vocabulary, options.fuzzy);
  const full = planMatch(resolved.clauses);
  const base: HitFilter = { ...filter, match: full.match, conditions: full.conditions };

  let hits: Hit[];
  let total: number;
  let rankedNewest: number | null = null;
  try {
    if (options.sort !== 'relevance' || base.match === null) {
      const timed = hitsByTime(archive, base, options.sort !== 'oldest', options.limit, env.blocks());
      hits = timed.hits;
      total = base.match !== null && !hasRowFilters(base) ? env.count(base.match, base.span) : timed.exhausted ? timed.seen : countHits(archive, base);
    } else {
      const best = planMatch(resolved.bestClauses).match;
      const first = byRelevance(archive, { ...base, match: best ?? base.match }, options.limit, env);
      hits = first.hits;
      rankedNewest = first.rankedNewest;
      total = hasRowFilters(base) ? countHits(archive, base) : env.count(base.match, base.span);
      if (best !== null && best !== base.match && (options.limit === 0 || hits.length < options.limit)) {
        // --fuzzy: messages with the likeliest spelling of every word first, then those with the others.
        const rest = byRelevance(archive, { ...base, match: `(${base.match}) NOT (${best})` }, options.limit === 0 ? 0 : options.limit - hits.length, env);
        hits = [...hits, ...rest.hits];
        rankedNewest ??= rest.rankedNewest;
      }
    }
  } catch (error) {
    if (error instanceof SearchExpressionError) throw new OpError('usage', error.message, 'Search for plain words; please report this query.');
    throw error;
  }

  const rows = messagesByIds(archive, hits.map((h) => h.id));
  const results: SearchHit[] = [];
  for (const hit of hits) {
    const row = rows.get(hit.id);
    if (row === undefined) continue;
    const result: SearchHit = {
      ...contextMessage(row),
      chat: row.chat,
      score: hit.rank === null ? null : Math.round(-hit.rank * 1000) / 1000,
      matches: matchRanges(row.text, resolved.highlight),
    };
    if (options.context > 0) {
      const around = messagesAround(archive, row.id, options.context);
      result.before = around.before.map(contextMessage);
      result.after = around.after.map(contextMessage);
    }
    results.push(result);
  }

  let suggestion: string | null = null;
  if (total === 0) {
    suggestion = options.fuzzy ? null : await suggest(archive, query, filter, env.vocabulary);
    if (suggestion === null) explainNobody(archive, query, options, filter);
  }
  return { query: options.query, total, results, rankedNewest, suggestion, spellings: resolved.spellings };
}

function parse(text: string): Query {
  try {
    return parseQuery(text);
  } catch (error) {
    throw usage(error);
  }
}

function usage(error: unknown): unknown {
  return error instanceof QuerySyntaxError ? new OpError('usage', error.message, error.hint) : error;
}

function contextMessage(m: MessageView): ContextMessage {
  return { id: m.id, time: m.time, local: m.local, author: m.author, text: m.text, kind: m.kind, ...(m.deletedLater ? { deletedLater: true as const } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Filters: chat, from, dates (in the query and as options)

function resolveFilters(archive: Archive, query: Query, options: SearchOptions, env: SearchEnv): Omit<HitFilter, 'match' | 'conditions'> {
  const values = (key: string) => query.filters.filter((f) => f.key === key).map((f) => f.value);
  const chats = [...(options.chat === undefined ? [] : [options.chat]), ...values('chat')];
  let chatIds: number[] | null = null;
  if (chats.length > 0) {
    const ids = new Set<number>();
    for (const name of chats) {
      ids.add(requireChat(archive, name).id);
    }
    // Every chat selected is no filter at all (and lets totals come from the index alone).
    chatIds = ids.size === chatNames(archive).length ? null : [...ids];
  }
  // Where the time blocks know the chats' id range, the index is searched in that range only; when no
  // other chat has messages there, nothing else needs checking.
  let span: IdSpan | null = null;
  if (chatIds !== null) {
    const known = env.blocks().chatSpan(chatIds);
    if (known !== null) {
      span = { first: known.first, last: known.last };
      if (known.exclusive) chatIds = null;
    }
  }
  const names = [...(options.from === undefined ? [] : [options.from]), ...values('from')].map(foldName);
  // An author passes under any of its spellings (ops/authors.ts): from:dana finds what "+44 7700 900123" wrote before.
  const spellings = names.length === 0 ? null : spellingsResolver(archive);
  const author =
    spellings === null ? null : (a: string, chatId: number) => spellings(chatId, a).some((s) => names.some((n) => wordStarts(foldName(s), n)));
  return { span, chatIds, author, range: dateRange(options, values('after'), values('before')) };
}

/** Case- and accent-free, spaces collapsed: how from: compares names. */

/**
 * --since/--until and after:/before: as one local range. after:D means later than all of D (the day,
 * or the minute); before:D means earlier than D begins. The tightest bounds win.
 */
function dateRange(options: SearchOptions, after: string[], before: string[]): LocalRange {
  const base = localRange(options.since, options.until, options.today);
  const lows = [base.from, ...after.map((d) => queryDate(d, 'after', options.today).to)];
  const highs = [base.to, ...before.map((d) => queryDate(d, 'before', options.today).from)];
  const defined = (xs: (string | undefined)[]) => xs.filter((x): x is string => x !== undefined).sort();
  return { from: defined(lows).at(-1), to: defined(highs)[0] };
}

function queryDate(text: string, key: 'after' | 'before', today: string): LocalRange {
  try {
    return localRange(text, text, today);
  } catch {
    throw new OpError('usage', `${key}:${text} is not a date`, `Write dates as YYYY-MM-DD or "YYYY-MM-DD HH:MM", e.g. ${key}:2024-03-14, or a time ago such as ${key}:1y.`);
  }
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

/** The archive's vocabulary, loaded only when a word needs it. */
class Vocabulary {
  private isFresh: boolean | undefined;
  private loaded: { min: number; max: number; buckets: TermBucket[] } | undefined;

  constructor(private readonly archive: Archive) {}

  /** Whether the stored derived data (vocabulary, time blocks) matches the index as it is. */
  get fresh(): boolean {
    this.isFresh ??= searchDataIsFresh(this.archive);
    return this.isFresh;
  }

  /** How many messages hold `term` (0 when none), from the stored vocabulary. */
  docsOf(term: string): number {
    const length = charLength(term);
    for (const bucket of this.buckets(length, length)) {
      const at = `\n${bucket.text}\n`.indexOf(`\n${term}\n`);
      if (at === -1) return 0;
      let index = 0;
      for (let i = bucket.text.indexOf('\n'); i !== -1 && i < at; i = bucket.text.indexOf('\n', i + 1)) index++;
      return bucket.docs[index] ?? 0;
    }
    return 0;
  }

  /** Terms of `min`..`max` characters. */
  buckets(min: number, max: number): TermBucket[] {
    if (this.loaded === undefined || min < this.loaded.min || max > this.loaded.max) {
      const range = this.loaded === undefined ? { min, max } : { min: Math.min(min, this.loaded.min), max: Math.max(max, this.loaded.max) };
      this.loaded = { ...range, buckets: termBuckets(this.archive, range.min, range.max, this.fresh) };
    }
    return this.loaded.buckets.filter((b) => b.length >= min && b.length <= max);
  }
}

async function resolveTerms(query: Query, vocabulary: Vocabulary, fuzzy: boolean): Promise<ResolvedTerms> {
  const fuzzyKit = fuzzy ? await import('../search/fuzzy.js') : undefined;
  const clauses: ResolvedClause[] = [];
  const bestClauses: ResolvedClause[] = [];
  const highlight: Pattern[] = [];
  const spellings: ResolvedTerms['spellings'] = [];
  for (const clause of query.clauses) {
    const all: Alternative[] = [];
    const best: Alternative[] = [];
    for (const term of clause.alternatives) {
      const spelled = spell(term, vocabulary, fuzzyKit);
      all.push(...spelled.all);
      best.push(...spelled.best);
      if (!clause.negated) highlight.push(...spelled.highlight);
      const searched = spelled.searched;
      if (searched !== undefined && (searched.length !== 1 || searched[0] !== term.text)) spellings.push({ word: term.text, searched });
    }
    clauses.push({ negated: clause.negated, alternatives: all });
    bestClauses.push({ negated: clause.negated, alternatives: clause.negated ? all : best });
  }
  return { clauses, bestClauses, highlight, spellings };
}

interface Spelled {
  all: Alternative[];
  best: Alternative[];
  highlight: Pattern[];
  searched?: string[];
}

function spell(term: Term, vocabulary: Vocabulary, fuzzyKit: typeof import('../search/fuzzy.js') | undefined): Spelled {
  if (term.kind === 'symbol') {
    const all = [{ contains: term.text }];
    return { all, best: all, highlight: [{ substring: term.text }] };
  }
  const exact: Spelled = {
    all: [{ fts: term.text, prefix: term.prefix }],
    best: [{ fts: term.text, prefix: term.prefix }],
    highlight: [{ tokens: term.tokens, prefix: term.prefix }],
  };
  if (term.tokens.length !== 1) return exact; // a phrase: its words exactly, in order
  const token = term.tokens[0]!;
  if (isUnspaced(token)) {
    // One index term is a whole run of CJK text: the word is found inside the runs that contain it.
    const found = termsContaining(token, vocabulary.buckets(charLength(token), Number.MAX_SAFE_INTEGER), MAX_CONTAINING);
    const all: Alternative[] = found.complete
      ? [...new Set([token, ...found.terms])].map((t) => ({ fts: t, prefix: false }))
      : [{ contains: term.text }];
    return { all, best: all, highlight: [{ substring: term.text }, { substring: token }] };
  }
  if (fuzzyKit !== undefined && !term.quoted && !term.prefix && fuzzyKit.maxEdits(token) > 0) {
    const edits = fuzzyKit.maxEdits(token);
    const length = charLength(token);
    const near = fuzzyKit.nearTerms(token, vocabulary.buckets(length - edits, length + edits), edits);
    const spellings = fuzzyKit.fuzzyExpansions(token, near);
    const all = spellings.map((s) => ({ fts: s.term, prefix: false }));
    return {
      all,
      best: all.slice(0, 1),
      highlight: spellings.map((s) => ({ tokens: [s.term], prefix: false })),
      searched: spellings.map((s) => s.term),
    };
  }
  if (hasAccentedOtherScript(token) && !term.prefix) {
    // The index keeps Greek and Cyrillic accents: an unaccented word also finds its accented spellings.
    const variants = accentVariants(token, vocabulary.buckets(charLength(token), charLength(token)));
    if (variants.length > 0) {
      const all = [term.text, ...variants].map((t) => ({ fts: t, prefix: false }));
      return { all, best: all, highlight: [term.tokens, ...variants.map((v) => [v])].map((tokens) => ({ tokens, prefix: false })) };
    }
  }
  return exact;
}

// ---------------------------------------------------------------------------------------------------
// Relevance

/** The `limit` best hits by bm25, ties newest first (over the newest RANK_WINDOW when there are very many). */
function byRelevance(archive: Archive, f: HitFilter & { match: string }, limit: number, env: SearchEnv): { hits: Hit[]; rankedNewest: number | null } {
  if (limit !== 0 && env.count(f.match, f.span) > RANK_ALL) {
    const window = hitsByTime(archive, f, true, RANK_WINDOW, env.blocks());
    const ranks = rankOf(archive, f.match, window.hits);
    const ranked = window.hits.map((h) => ({ ...h, rank: ranks.get(h.id) ?? 0 }));
    ranked.sort(byRankThenNewest);
    return { hits: ranked.slice(0, limit), rankedNewest: window.exhausted && window.seen <= RANK_WINDOW ? null : RANK_WINDOW };
  }
  if (hasRowFilters(f)) return { hits: rankedHits(archive, f, limit), rankedNewest: null };
  // No filter needs the messages: rank in the index alone; then read the times only of the hits that
  // ties leave undecided (canned messages like "Good morning" tie by the thousand).
  const all = rankAll(archive, f.match, f.span).sort((a, b) => a[1] - b[1] || b[0] - a[0]);
  const cut = limit === 0 ? all.length : Math.min(limit, all.length);
  if (cut === 0) return { hits: [], rankedNewest: null };
  const boundary = all[cut - 1]![1];
  const better = all.filter(([, rank]) => rank < boundary);
  const tied = all.filter(([, rank]) => rank === boundary).map(([id]) => id);
  const need = cut - better.length;
  const chosen = limit === 0 || tied.length <= need ? withTimes(archive, tied) : newestAmong(archive, tied, need, env.blocks());
  const times = timesOf(archive, better.map(([id]) => id));
  const hits: Hit[] = [
    ...better.map(([id, rank]) => ({ id, rank, ts: times.get(id) ?? 0 })),
    ...chosen.map((h) => ({ ...h, rank: boundary })),
  ];
  hits.sort(byRankThenNewest);
  return { hits, rankedNewest: null };
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

function byRankThenNewest(a: Hit, b: Hit): number {
  return a.rank! - b.rank! || b.ts - a.ts || b.id - a.id;
}

/** What one search reads at most once: match counts, time blocks, the vocabulary. */
class SearchEnv {
  private readonly counts = new Map<string, number>();
  private timeBounds: TimeBlocks | undefined;
  readonly vocabulary: Vocabulary;

  constructor(private readonly archive: Archive) {
    this.vocabulary = new Vocabulary(archive);
  }

  /** Matches of the expression within the span. */
  count(match: string, span: IdSpan | null): number {
    const key = `${span?.first ?? ''}:${span?.last ?? ''}:${match}`;
    let n = this.counts.get(key);
    if (n === undefined) this.counts.set(key, (n = (span === null ? this.countFromVocabulary(match) : undefined) ?? countMatches(this.archive, match, span)));
    return n;
  }

  /**
   * A single short word (the very common ones are short) is counted from the vocabulary, which records
   * how many messages hold each term: reading FTS5's list of "the" costs ~25 ms, this ~1 ms.
   */
  private countFromVocabulary(match: string): number | undefined {
    const word = /^"([^"]*)"$/.exec(match)?.[1];
    if (word === undefined) return undefined;
    const tokens = tokenize(word);
    if (tokens.length !== 1 || charLength(tokens[0]!) > 4 || !this.vocabulary.fresh) return undefined;
    return this.vocabulary.docsOf(tokens[0]!);
  }

  blocks(): TimeBlocks {
    this.timeBounds ??= timeBlocks(this.archive, this.vocabulary.fresh);
    return this.timeBounds;
  }
}

// ---------------------------------------------------------------------------------------------------
// No hits: did you mean, or which filter found nobody

/** The query with each mistyped word replaced by the archive's likeliest word, if that finds something. */
async function suggest(archive: Archive, query: Query, filter: Omit<HitFilter, 'match' | 'conditions'>, vocabulary: Vocabulary): Promise<string | null> {
  const fuzzyKit = await import('../search/fuzzy.js');
  const replaced = new Map<Term, string>();
  for (const clause of query.clauses) {
    if (clause.negated) continue;
    for (const term of clause.alternatives) {
      if (term.kind !== 'text' || term.tokens.length !== 1 || term.prefix || isUnspaced(term.tokens[0]!)) continue;
      const token = term.tokens[0]!;
      const edits = fuzzyKit.maxEdits(token);
      if (edits === 0) continue;
      const length = charLength(token);
      const better = fuzzyKit.correction(token, fuzzyKit.nearTerms(token, vocabulary.buckets(length - edits, length + edits), edits));
      if (better !== undefined) replaced.set(term, better.term);
    }
  }
  if (replaced.size === 0) return null;
  const rewrite = (term: Term) => {
    const word = replaced.get(term);
    if (word === undefined) return termText(term);
    return term.kind === 'text' && term.quoted ? `"${word}"` : word;
  };
  const searchedAs = (term: Term) =>
    term.kind === 'symbol' ? term.text : `${term.quoted ? '"' : ''}${replaced.get(term) ?? term.tokens.join(' ')}${term.prefix ? '*' : ''}`;
  const text = formatQuery(withoutRepeats(query, searchedAs), rewrite);
  // Only a suggestion that finds something (so never a word no longer in the archive).
  const again = await resolveTerms(parse(text), vocabulary, false);
  const plan = planMatch(again.clauses);
  return countHits(archive, { ...filter, match: plan.match, conditions: plan.conditions }) > 0 ? text : null;
}

/**
 * The query without a clause (or an alternative) that says again what an earlier one says, as a
 * correction can make it ("invoise invoice" → "invoice", not "invoice invoice"). `key` is a term as searched.
 */
function withoutRepeats(query: Query, key: (term: Term) => string): Query {
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

/** A from: that matches no author is a mistake worth saying (with the authors there are). */
function explainNobody(archive: Archive, query: Query, options: SearchOptions, filter: Omit<HitFilter, 'match' | 'conditions'>): void {
  if (filter.author === null) return;
  const accept = filter.author;
  const found = authorNames(archive, filter);
  if (found.some((a) => accept(a.author, a.chatId))) return;
  const authors = [...new Set(found.map((a) => a.author))];
  const names = [...(options.from === undefined ? [] : [options.from]), ...query.filters.filter((f) => f.key === 'from').map((f) => f.value)];
  const listed = authors.slice(0, 10).map((a) => `"${a}"`).join(', ');
  throw new OpError(
    'not-found',
    `no author matches ${names.map((n) => `"${n}"`).join(' or ')}`,
    authors.length === 0 ? 'These chats have no authored messages.' : `Authors: ${listed}${authors.length > 10 ? ', …' : ''}.`,
  );
}
