// The search use case, top to bottom: parse the query once, resolve the filters, let the planner
// (search/plan.ts) decide what to run, run it with the store's functions, and read the results. With
// no hits, a "did you mean" (also planned) or why a from: found nobody.
import { matchRanges, type Range } from '../search/highlight.js';
import { planSearch, ranking, suggestion, timeRead, type FuzzyKit, type SearchPlan, type TimeRead } from '../search/plan.js';
import { assertSearchable, parseQuery, QuerySyntaxError, type Query } from '../search/query.js';
import { messagesAround, messagesByIds, type MediaView, type MessageView } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { countHits, hasRowFilters, readForSearch, SearchExpressionError, type Hit, type HitFilter } from '../store/search.js';
import { hitsByBlocks, hitsByTime, type TimeOrdered } from '../store/searchByTime.js';
import { Probe } from '../store/searchProbe.js';
import { inSnapshot } from '../store/snapshot.js';
import { SearchData } from '../store/searchData.js';
import { hitsByRelevance } from '../store/searchRank.js';
import { OpError } from './errors.js';
import { explainNobody, resolveFilters, type FilterOptions, type Filters } from './searchFilters.js';

export type SortOrder = 'relevance' | 'newest' | 'oldest';

export interface SearchOptions extends FilterOptions {
  query: string;
  /** 0 = all. */
  limit: number;
  sort: SortOrder;
  /** Messages of context before and after each hit. */
  context: number;
  fuzzy: boolean;
}

export interface ContextMessage {
  id: number;
  time: string;
  local: string;
  author: string | null;
  text: string;
  kind: string;
  /** Its attachments, as show has them. */
  media: MediaView[];
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
 * Runs a search. Everything it reads is one committed state of the archive (one read transaction), so an
 * import or purge that commits meanwhile cannot make its total, its hits and their rows disagree.
 */
export async function searchMessages(archive: Archive, options: SearchOptions): Promise<SearchResult> {
  const query = usageErrors(() => parseQuery(options.query));
  readForSearch(archive);
  return inSnapshot(archive, () => search(archive, query, options));
}

async function search(archive: Archive, query: Query, options: SearchOptions): Promise<SearchResult> {
  const data = new SearchData(archive);
  const filters = await resolveFilters(archive, query, options, data);
  const hasOptionFilters = [options.chat, options.from, options.since, options.until].some((o) => o !== undefined);
  usageErrors(() => assertSearchable(query, hasOptionFilters));
  const fuzzy = options.fuzzy ? await loadFuzzy() : undefined;
  const plan = planSearch(query, { sort: options.sort, filtered: hasRowFilters({ ...filters, match: null, conditions: [] }), fuzzy }, data);
  const filter: HitFilter = { ...filters, match: plan.expression?.match ?? null, conditions: plan.conditions };
  const found = expressionErrors(() => findHits(archive, plan, filter, options.limit, data));
  const results = readResults(archive, found.hits, plan, options.context);
  const noHits = found.total === 0 ? await suggest(archive, query, filters, data, options.fuzzy) : null;
  if (found.total === 0 && noHits === null) explainNobody(archive, query, options, filters);
  return { query: options.query, total: found.total, results, rankedNewest: found.rankedNewest, suggestion: noHits, spellings: plan.spellings };
}

interface Found {
  hits: Hit[];
  total: number;
  rankedNewest: number | null;
}

/** Runs the plan: the hits in order, and the total. */
function findHits(archive: Archive, plan: SearchPlan, filter: HitFilter, limit: number, data: SearchData): Found {
  const indexCount = () => data.count(plan.expression!, filter.span);
  if (plan.order === 'time') {
    const timed = readByTime(archive, filter, plan.newest, limit, plan.expression === null ? 'index' : timeRead(indexCount(), data.size(), limit, hasRowFilters(filter)), data, indexCount);
    const total = plan.total === 'index' ? indexCount() : timed.exhausted ? timed.seen : countHits(archive, filter);
    return { hits: timed.hits, total, rankedNewest: null };
  }
  let hits: Hit[] = [];
  let rankedNewest: number | null = null;
  for (const pass of plan.passes) {
    if (pass.fill === 'rest' && limit !== 0 && hits.length >= limit) break;
    const passLimit = pass.fill === 'limit' || limit === 0 ? limit : limit - hits.length;
    const f = { ...filter, match: pass.expression.match };
    const how = ranking(passLimit === 0 ? 0 : data.count(pass.expression, f.span), passLimit, hasRowFilters(f), data.size());
    const { word, phrase } = pass.expression;
    const stats = () => ({ docs: data.count(pass.expression, null), ...data.totals() });
    const ranked = hitsByRelevance(archive, f, passLimit, how, () => data.blocks(), { word, phrase, stats });
    hits = [...hits, ...ranked.hits];
    rankedNewest ??= ranked.rankedNewest;
  }
  const total = plan.total === 'index' ? indexCount() : countHits(archive, filter);
  return { hits, total, rankedNewest };
}

/** The `limit` newest (oldest) hits, read as the planner says (plan.ts timeRead); `matches` counts the expression's. */
function readByTime(archive: Archive, filter: HitFilter, newest: boolean, limit: number, read: TimeRead, data: SearchData, matches: () => number): TimeOrdered {
  const match = filter.match;
  const blocks = read === 'blocks' && match !== null ? hitsByBlocks(archive, { ...filter, match }, newest, limit, data.blocks(), matches()) : null;
  return blocks ?? hitsByTime(archive, filter, newest, limit, data.blocks(), read === 'scan' && match !== null ? new Probe(archive, match, newest, null) : null);
}

function readResults(archive: Archive, hits: readonly Hit[], plan: SearchPlan, context: number): SearchHit[] {
  const rows = messagesByIds(archive, hits.map((h) => h.id));
  const results: SearchHit[] = [];
  for (const hit of hits) {
    const row = rows.get(hit.id);
    if (row === undefined) continue;
    const result: SearchHit = {
      ...contextMessage(row),
      chat: row.chat,
      score: hit.rank === null ? null : Math.round(-hit.rank * 1000) / 1000,
      matches: matchRanges(row.text, plan.highlight),
    };
    if (context > 0) {
      const around = messagesAround(archive, row.id, context);
      result.before = around.before.map(contextMessage);
      result.after = around.after.map(contextMessage);
    }
    results.push(result);
  }
  return results;
}

function contextMessage(m: MessageView): ContextMessage {
  return { id: m.id, time: m.time, local: m.local, author: m.author, text: m.text, kind: m.kind, media: m.media, ...(m.deletedLater ? { deletedLater: true as const } : {}) };
}

/** "Did you mean": the corrected query, only when it finds something (so never a word no longer in the archive). */
async function suggest(archive: Archive, query: Query, filters: Filters, data: SearchData, fuzzy: boolean): Promise<string | null> {
  if (fuzzy) return null;
  const s = suggestion(query, data, await loadFuzzy());
  return s !== null && countHits(archive, { ...filters, match: s.match, conditions: s.conditions }) > 0 ? s.text : null;
}

function loadFuzzy(): Promise<FuzzyKit> {
  return import('../search/fuzzy.js');
}

function usageErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof QuerySyntaxError ? new OpError('usage', error.message, error.hint) : error;
  }
}

function expressionErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SearchExpressionError) throw new OpError('usage', error.message, 'Search for plain words; please report this query.');
    throw error;
  }
}
