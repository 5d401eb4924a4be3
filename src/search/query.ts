// The search query language (README, `wa-archive search`): words are all required; "exact phrase"; a OR b; -word excludes;
// word* is a prefix; from:NAME, chat:NAME, after:DATE, before:DATE filters (values may be quoted).
//
// Every string is either a Query or a QuerySyntaxError with a message and a hint: nothing the user
// types reaches FTS5 as syntax (see match.ts, which quotes every word itself).
import { hasSymbol, hasTokenChar, symbolText, tokenize } from './text.js';

/** Longer queries are refused: nobody types them, and their FTS5 expressions get slow. */
export const MAX_QUERY_CHARS = 1000;
/** Words, phrases and emoji in one query, OR alternatives included. */
export const MAX_TERMS = 64;

export type Term =
  /** Letters or digits: `tokens` as the index folds them; more than one token is searched as a phrase. */
  | { kind: 'text'; text: string; tokens: string[]; quoted: boolean; prefix: boolean }
  /** Only emoji or symbols (which the index does not hold): searched as a substring of the message. */
  | { kind: 'symbol'; text: string };

/** One required (or, when negated, excluded) part of the query: any of its alternatives (a OR b). */
export interface Clause {
  negated: boolean;
  alternatives: Term[];
}

export type FilterKey = 'from' | 'chat' | 'after' | 'before';

export interface Filter {
  key: FilterKey;
  value: string;
}

export interface Query {
  clauses: Clause[];
  filters: Filter[];
}

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

type Item =
  | { type: 'term'; negated: boolean; raw: string; quoted: boolean; prefix: boolean }
  | { type: 'or' }
  | { type: 'filter'; key: FilterKey; value: string };

const FILTER = /^(from|chat|after|before):/i;
const SPACE = /\s/u;

/** Parses a query. Throws QuerySyntaxError for anything that is not a valid query. */
export function parseQuery(input: string): Query {
  if (input.length > MAX_QUERY_CHARS) {
    throw new QuerySyntaxError(
      `the query is too long (${input.length.toLocaleString('en-US')} characters; at most ${MAX_QUERY_CHARS.toLocaleString('en-US')})`,
      'Search for a few distinctive words instead of pasting a whole message.',
    );
  }
  return group(lex(input));
}

function lex(s: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  const n = s.length;
  const readQuoted = (open: number): { text: string; end: number } => {
    const close = s.indexOf('"', open + 1);
    if (close === -1) {
      throw new QuerySyntaxError('the query has an unclosed quote (")', 'Close the phrase with a second ", or leave the quote out.');
    }
    return { text: s.slice(open + 1, close), end: close + 1 };
  };
  while (i < n) {
    if (SPACE.test(s[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (s[i] === '-') {
      if (i + 1 >= n || SPACE.test(s[i + 1]!)) {
        throw new QuerySyntaxError('a "-" in the query is not followed by a word', 'Write -word (no space) to exclude messages with that word.');
      }
      negated = true;
      i++;
    }
    if (s[i] === '"') {
      const { text, end } = readQuoted(i);
      i = end;
      const prefix = s[i] === '*';
      if (prefix) i++;
      items.push({ type: 'term', negated, raw: text, quoted: true, prefix });
      continue;
    }
    let end = i;
    while (end < n && !SPACE.test(s[end]!) && s[end] !== '"') end++;
    const bare = s.slice(i, end);
    const filter = FILTER.exec(bare);
    if (filter !== null) {
      const key = filter[1]!.toLowerCase() as FilterKey;
      let value = bare.slice(filter[0].length);
      if (value === '' && s[end] === '"') {
        const quoted = readQuoted(end);
        value = quoted.text;
        end = quoted.end;
      }
      if (negated) {
        throw new QuerySyntaxError(`"-${key}:" cannot exclude`, `Filters only narrow the search: write ${key}:VALUE, or leave the "-" out.`);
      }
      if (value.trim() === '') {
        throw new QuerySyntaxError(`"${key}:" has no value`, `Write ${key}:${EXAMPLE_VALUE[key]} (quote a value with spaces: ${key}:"${EXAMPLE_VALUE[key]}").`);
      }
      items.push({ type: 'filter', key, value: value.trim() });
      i = end;
      continue;
    }
    i = end;
    if (bare === 'OR' && !negated) {
      items.push({ type: 'or' });
      continue;
    }
    const prefix = bare.endsWith('*');
    const raw = prefix ? bare.replace(/\*+$/, '') : bare;
    if (prefix && !hasTokenChar(raw)) {
      throw new QuerySyntaxError('a "*" in the query does not follow a word', 'Put * right after the start of a word to find every word that begins so, e.g. deliv*.');
    }
    items.push({ type: 'term', negated, raw, quoted: false, prefix });
  }
  return items;
}

const EXAMPLE_VALUE: Record<FilterKey, string> = { from: 'Priya Shah', chat: 'Family', after: '2024-03-01', before: '2024-04-01' };

function group(items: Item[]): Query {
  const clauses: Clause[] = [];
  const filters: Filter[] = [];
  let terms = 0;
  let joinNext = false;
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (item.type === 'filter') {
      filters.push({ key: item.key, value: item.value });
      continue;
    }
    if (item.type === 'or') {
      const before = items[k - 1];
      const after = items[k + 1];
      if (before?.type !== 'term' || after?.type !== 'term' || before.negated || after.negated) {
        throw new QuerySyntaxError(
          'OR must stand between two words or phrases',
          'Write a OR b (OR in capitals); it cannot start or end the query, follow another OR, or join a -word or a filter.',
        );
      }
      joinNext = true;
      continue;
    }
    const term = classify(item);
    if (!joinNext) clauses.push({ negated: item.negated, alternatives: [] });
    joinNext = false;
    if (term === null) continue; // only punctuation: nothing the index could hold
    if (++terms > MAX_TERMS) {
      throw new QuerySyntaxError(`the query has too many words (at most ${MAX_TERMS})`, 'Search for a few distinctive words.');
    }
    clauses[clauses.length - 1]!.alternatives.push(term);
  }
  // A query of only -words or punctuation may still be valid with option filters: see assertSearchable.
  return { clauses: clauses.filter((c) => c.alternatives.length > 0), filters };
}

function classify(item: Extract<Item, { type: 'term' }>): Term | null {
  const tokens = tokenize(item.raw);
  if (tokens.length > 0) return { kind: 'text', text: item.raw, tokens, quoted: item.quoted, prefix: item.prefix };
  if (hasSymbol(item.raw)) return { kind: 'symbol', text: symbolText(item.raw) };
  return null;
}

/**
 * A query must find something by itself or through filters: only -exclusions, or only punctuation,
 * is an error unless some filter (in the query or as an option) narrows the messages.
 */
export function assertSearchable(query: Query, hasOptionFilters: boolean): void {
  const positive = query.clauses.some((c) => !c.negated);
  if (positive || query.filters.length > 0 || hasOptionFilters) return;
  if (query.clauses.length > 0) {
    throw new QuerySyntaxError('the query only excludes words', 'Add a word to search for, e.g. invoice -paid, or a filter such as from:NAME.');
  }
  throw new QuerySyntaxError(
    'the query has nothing to search for',
    'Search for words, "a phrase", an emoji or a filter such as from:NAME; punctuation alone is not searchable.',
  );
}

/** The query written back in its own language (for "did you mean"), with words replaced by `rewrite`. */
export function formatQuery(query: Query, rewrite: (term: Term) => string = termText): string {
  const parts: string[] = [];
  for (const clause of query.clauses) {
    const alternatives = clause.alternatives.map(rewrite).join(' OR ');
    parts.push(clause.negated ? `-${alternatives}` : alternatives);
  }
  for (const f of query.filters) parts.push(`${f.key}:${/[\s"]/u.test(f.value) ? `"${f.value.replace(/"/g, '')}"` : f.value}`);
  return parts.join(' ');
}

export function termText(term: Term): string {
  if (term.kind === 'symbol') return term.text;
  const text = term.quoted ? `"${term.text}"` : term.text;
  return term.prefix ? `${text}*` : text;
}
