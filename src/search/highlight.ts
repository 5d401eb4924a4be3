// Where the matches are in a message's text, and the part of a long text worth showing.
// Ranges are [start, end) UTF-16 offsets into the text.
import { tokenSpans, type TokenSpan } from './text.js';

export type Range = readonly [number, number];

/** Something to mark in a message: a word or phrase as the index folds it (the last word maybe a prefix), or literal text. */
export type Pattern = { tokens: readonly string[]; prefix: boolean } | { substring: string };

/**
 * Where `patterns` occur in `text`: phrases as runs of consecutive tokens, tokenized and folded as the
 * index does it (so "cafe" marks "Café"), substrings (emoji, words inside CJK text) wherever they are.
 */
export function matchRanges(text: string, patterns: readonly Pattern[]): Range[] {
  const found: Range[] = [];
  let spans: TokenSpan[] | undefined;
  for (const pattern of patterns) {
    if ('substring' in pattern) {
      const sub = pattern.substring;
      if (sub === '') continue;
      for (let at = text.indexOf(sub); at !== -1; at = text.indexOf(sub, at + sub.length)) found.push([at, at + sub.length]);
      continue;
    }
    const { tokens, prefix } = pattern;
    if (tokens.length === 0) continue;
    spans ??= tokenSpans(text);
    const last = tokens.length - 1;
    for (let i = 0; i + last < spans.length; i++) {
      let k = 0;
      for (; k <= last; k++) {
        const token = spans[i + k]!.token;
        const ok = k === last && prefix ? token.startsWith(tokens[k]!) : token === tokens[k];
        if (!ok) break;
      }
      if (k > last) found.push([spans[i]!.start, spans[i + last]!.end]);
    }
  }
  return merge(found);
}

function merge(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export interface Excerpt {
  text: string;
  ranges: Range[];
  /** Whether text was cut before / after. */
  cutStart: boolean;
  cutEnd: boolean;
}

/**
 * A long text cut to about `max` characters around its first match (at word boundaries where there is
 * one nearby); short texts whole.
 */
export function excerpt(text: string, ranges: readonly Range[], max = 300): Excerpt {
  if (text.length <= max) return { text, ranges: [...ranges], cutStart: false, cutEnd: false };
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, Math.min(first - Math.floor(max / 3), text.length - max));
  if (start > 0) start = boundaryAfter(text, start);
  let end = Math.min(text.length, start + max);
  if (end < text.length) end = boundaryBefore(text, end, start);
  const kept = ranges
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]): Range => [Math.max(s, start) - start, Math.min(e, end) - start]);
  return { text: text.slice(start, end), ranges: kept, cutStart: start > 0, cutEnd: end < text.length };
}

const WORD_GAP = /\s/u;
const SEARCH = 20;

/** Just after a nearby space (never inside a surrogate pair). */
function boundaryAfter(text: string, at: number): number {
  for (let i = at; i < Math.min(text.length, at + SEARCH); i++) if (WORD_GAP.test(text[i]!)) return i + 1;
  return safe(text, at);
}

/** At a nearby space before `at` (never inside a surrogate pair). */
function boundaryBefore(text: string, at: number, min: number): number {
  for (let i = at; i > Math.max(min, at - SEARCH); i--) if (WORD_GAP.test(text[i]!)) return i;
  return safe(text, at);
}

function safe(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at + 1 : at;
}

/** `text` with each range passed through `mark` (e.g. a chalk style). */
export function applyRanges(text: string, ranges: readonly Range[], mark: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += text.slice(at, s) + mark(text.slice(s, e));
    at = e;
  }
  return out + text.slice(at);
}
