// The filters of a search (--chat/--from/--since/--until and chat: from: after: before: in the query) as
// the store's HitFilter, and the explanation when an author filter found nobody.
import type { Query } from '../search/query.js';
import { chatNames } from '../store/chats.js';
import type { LocalRange } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { authorNames, type HitFilter, type IdSpan } from '../store/search.js';
import type { SearchData } from '../store/searchData.js';
import { OpError } from './errors.js';
import { foldName, matchName, nameChoices, wordStarts } from './names.js';
import type { Today } from './range.js';

/** The options of a search that filter (the query's own filters come with the parsed query). */
export interface FilterOptions {
  chat?: string;
  from?: string;
  since?: string;
  until?: string;
  /** The local date now (YYYY-MM-DD), for --since 7d and after:1y. */
  today: Today;
}

export type Filters = Omit<HitFilter, 'match' | 'conditions'>;

export async function resolveFilters(archive: Archive, query: Query, options: FilterOptions, data: SearchData): Promise<Filters> {
  // ops/chats.js, ops/authors.js and ops/range.js are loaded only for the filters that need them: the
  // first two bring the audit log's modules, the last date-fns, which a search needs for nothing else.
  const chats = [...(options.chat === undefined ? [] : [options.chat]), ...values(query, 'chat')];
  let chatIds: number[] | null = null;
  if (chats.length > 0) {
    const { requireChat } = await import('./chats.js');
    const ids = new Set(chats.map((name) => requireChat(archive, name).id));
    // Every chat selected is no filter at all (and lets totals come from the index alone).
    chatIds = ids.size === chatNames(archive).length ? null : [...ids];
  }
  // Where the time blocks know the chats' id range, the index is searched in that range only; when no
  // other chat has messages there, nothing else needs checking.
  let span: IdSpan | null = null;
  if (chatIds !== null) {
    const known = data.blocks().chatSpan(chatIds);
    if (known !== null) {
      span = { first: known.first, last: known.last };
      if (known.exclusive) chatIds = null;
    }
  }
  const names = authorsAsked(query, options).map(foldName);
  // An author passes under any of its spellings (ops/authors.ts): from:dana finds what "+44 7700 900123" wrote before.
  const spellings = names.length === 0 ? null : (await import('./authors.js')).spellingsResolver(archive);
  const author =
    spellings === null ? null : (a: string, chatId: number) => spellings(chatId, a).some((s) => names.some((n) => wordStarts(foldName(s), n)));
  return { span, chatIds, author, range: await dateRange(options, values(query, 'after'), values(query, 'before')) };
}

function values(query: Query, key: string): string[] {
  return query.filters.filter((f) => f.key === key).map((f) => f.value);
}

function authorsAsked(query: Query, options: FilterOptions): string[] {
  return [...(options.from === undefined ? [] : [options.from]), ...values(query, 'from')];
}

/**
 * --since/--until and after:/before: as one local range. after:D means later than all of D (the day,
 * or the minute); before:D means earlier than D begins. The tightest bounds win.
 */
async function dateRange(options: FilterOptions, after: string[], before: string[]): Promise<LocalRange> {
  if (options.since === undefined && options.until === undefined && after.length === 0 && before.length === 0) return { from: undefined, to: undefined };
  const { localRange } = await import('./range.js');
  const base = localRange(options.since, options.until, options.today);
  const queryDate = (text: string, key: 'after' | 'before'): LocalRange => {
    try {
      return localRange(text, text, options.today);
    } catch {
      throw new OpError('usage', `${key}:${text} is not a date`, `Write dates as YYYY-MM-DD or "YYYY-MM-DD HH:MM", e.g. ${key}:2024-03-14, or a time ago such as ${key}:1y.`);
    }
  };
  const lows = [base.from, ...after.map((d) => queryDate(d, 'after').to)];
  const highs = [base.to, ...before.map((d) => queryDate(d, 'before').from)];
  const defined = (xs: (string | undefined)[]) => xs.filter((x): x is string => x !== undefined).sort();
  return { from: defined(lows).at(-1), to: defined(highs)[0] };
}

/** A from: that matches no author is a mistake worth saying (with the authors there are). */
export function explainNobody(archive: Archive, query: Query, options: FilterOptions, filter: Filters): void {
  if (filter.author === null) return;
  const accept = filter.author;
  const found = authorNames(archive, filter);
  if (found.some((a) => accept(a.author, a.chatId))) return;
  const authors = [...new Set(found.map((a) => a.author))];
  const asked = authorsAsked(query, options);
  // The closest spellings to what was typed (edit distance), not the first authors alphabetically.
  const closest = asked.flatMap((name) => {
    const match = matchName(authors, name);
    return match.kind === 'match' ? [match.name] : match.kind === 'ambiguous' ? match.names : match.closest;
  });
  throw new OpError(
    'not-found',
    `no author matches ${asked.map((n) => `"${n}"`).join(' or ')}`,
    nameChoices({ kind: 'unknown', closest: [...new Set(closest)].slice(0, 5) }, 'wa-archive authors', 'These chats have no authored messages.'),
  );
}
