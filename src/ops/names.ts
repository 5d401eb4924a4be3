import { distance } from 'fastest-levenshtein';
import { foldStrong } from '../search/text.js';

/** What a typed name matched among the names there are. */
export type NameMatch = { kind: 'match'; name: string } | { kind: 'ambiguous'; names: string[] } | { kind: 'unknown'; closest: string[] };

/** How many names an ambiguous or unknown name lists. */
const SHOWN = 5;

/**
 * The name a person meant: the exact one, else the only one equal ignoring case and accents, else the only
 * one with a word starting with what was typed ("okafor" → "Mrs Okafor"), else the only one containing it.
 * Several at the first step that finds any: ambiguous, listed. None: the closest few by edit distance.
 */
export function matchName(names: readonly string[], typed: string): NameMatch {
  if (names.includes(typed)) return { kind: 'match', name: typed };
  const want = foldName(typed);
  const folded = names.map((name) => ({ name, key: foldName(name) }));
  const steps = [
    (key: string) => key === want,
    (key: string) => wordStarts(key, want),
    (key: string) => key.includes(want),
  ];
  for (const step of steps) {
    const found = want === '' ? [] : folded.filter((n) => step(n.key)).map((n) => n.name);
    if (found.length === 1) return { kind: 'match', name: found[0]! };
    if (found.length > 1) return { kind: 'ambiguous', names: found.slice(0, SHOWN) };
  }
  const closest = folded
    .map((n) => ({ name: n.name, d: distance(n.key, want) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, SHOWN)
    .map((n) => n.name);
  return { kind: 'unknown', closest };
}

/** The hint for a name that matched none or several: the names to choose from, quoted. */
export function nameChoices(match: Exclude<NameMatch, { kind: 'match' }>, listCommand: string, none = 'The archive has no chats yet.'): string {
  const names = match.kind === 'ambiguous' ? match.names : match.closest;
  if (names.length === 0) return none;
  const list = names.map((n) => `"${n}"`).join(', ');
  return `${match.kind === 'ambiguous' ? 'It could be' : 'The closest'}: ${list}. "${listCommand}" lists them all.`;
}

/** How names are compared (chats, authors in ops/authors.ts and in search's from:): lower case, no accents, spaces collapsed, WhatsApp's "~ " before unsaved contacts ignored. */
export function foldName(name: string): string {
  return foldStrong(name).replace(/^~\s*/, '').replace(/\s+/gu, ' ').trim();
}

/** Folded `want` starts a word of folded `key` (at its start, or after a space or punctuation). */
export function wordStarts(key: string, want: string): boolean {
  for (let at = key.indexOf(want); at !== -1; at = key.indexOf(want, at + 1)) {
    if (at === 0 || /[\s\p{P}]/u.test(key[at - 1]!)) return true;
  }
  return false;
}
