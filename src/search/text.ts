// How the full-text index sees text, mirrored in JavaScript for the query side.
//
// The index uses FTS5's `unicode61 remove_diacritics 2` tokenizer: letters (L*), digits and other
// numbers (N*) and private-use characters (Co) make tokens; everything else, including most combining
// marks, punctuation, symbols and emoji, separates them. Tokens are case-folded, and Latin letters lose
// their diacritics (café → cafe), also when written as a letter plus a combining accent (FTS5 keeps a
// fixed set of those, U+0300–U+0331, inside tokens and drops them); other scripts keep theirs (Greek ά).
//
// The query never relies on this copy to *match*: words are passed to FTS5 as quoted strings and
// tokenized there. It is used to classify what the user typed (a word, a phrase, only an emoji, only
// punctuation), and to compare words with the archive's vocabulary (typos, CJK, accents).

const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

/** FTS5's sqlite3Fts5UnicodeIsdiacritic: the combining accents that continue a token (and are dropped). */
function isFtsDiacritic(code: number): boolean {
  if (code < 0x300 || code > 0x331) return false;
  return code < 0x320 ? ((0x08029fdf >>> (code - 0x300)) & 1) === 1 : ((0x000361f8 >>> (code - 0x320)) & 1) === 1;
}
const DIACRITICS = Array.from({ length: 0x32 }, (_, i) => 0x300 + i)
  .filter(isFtsDiacritic)
  .map((c) => `\\u${c.toString(16).padStart(4, '0')}`)
  .join('');
/** A token: a letter, digit or private-use character, then any of those or of FTS5's diacritics. */
const TOKEN_RUN = new RegExp(`[\\p{L}\\p{N}\\p{Co}][\\p{L}\\p{N}\\p{Co}${DIACRITICS}]*`, 'gu');
const LATIN = /\p{Script=Latin}/u;
const ASCII = /^[\0-\x7f]*$/;
const MARKS = /\p{M}+/gu;

/** Scripts written without spaces between words: one FTS5 token is a whole run of them, so a word is found inside it. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Scripts whose accents the index keeps (only Latin ones are removed), so an unaccented word needs the vocabulary. */
const ACCENTED_OTHER = /[\p{Script=Greek}\p{Script=Cyrillic}]/u;

/** An emoji or other symbol: not indexed, so searched as a substring of the message. */
const SYMBOL = /[\p{Extended_Pictographic}\p{So}]/u;

export function hasTokenChar(text: string): boolean {
  return TOKEN_CHAR.test(text);
}

/** The tokens FTS5 would make of `text`, folded as FTS5 folds them. */
export function tokenize(text: string): string[] {
  return (text.match(TOKEN_RUN) ?? []).map(foldToken);
}

export interface TokenSpan {
  /** Folded. */
  token: string;
  start: number;
  end: number;
}

/** The tokens of `text` with where each is (UTF-16 offsets). */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (const m of text.matchAll(TOKEN_RUN)) spans.push({ token: foldToken(m[0]), start: m.index, end: m.index + m[0].length });
  return spans;
}

/** Lower case; Latin letters without their diacritics (the index's own folding). */
export function foldToken(token: string): string {
  // ASCII has no diacritics: the same as the loop below, without its strings for each character
  // (highlighting the 20 results of `to --sort newest` at 1M made 187 -> 126 KB of garbage).
  if (ASCII.test(token)) return token.toLowerCase();
  let out = '';
  for (const ch of token) {
    if (isFtsDiacritic(ch.codePointAt(0)!)) continue;
    const lower = ch.toLowerCase();
    const parts = lower.normalize('NFD');
    if (LATIN.test(parts[0] ?? '')) out += parts.replace(MARKS, '');
    else out += lower;
  }
  return out;
}

/** Lower case and no diacritics in any script: for comparing words accent-insensitively beyond what the index does. */
export function foldStrong(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
}

export function isUnspaced(token: string): boolean {
  return UNSPACED.test(token);
}

export function hasAccentedOtherScript(token: string): boolean {
  return ACCENTED_OTHER.test(token);
}

export function hasSymbol(text: string): boolean {
  return SYMBOL.test(text);
}

/** The emoji and symbols of a word that has no letters or digits, without surrounding punctuation and spaces. */
export function symbolText(text: string): string {
  return text.replace(/[\p{P}\p{Z}\p{Cc}\s]+/gu, '');
}

/** Number of characters (code points), as SQLite's length() counts them. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
