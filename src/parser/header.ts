/**
 * Recognises the first line of a record: `[marks] ["["] DATE SEP TIME ["]"] (" - " | ": " | " ") REST`.
 * Each header *shape* is one sticky regex, run at a line start inside the whole text (no per-line
 * strings); a file uses one shape and one closing style (bracket, dash or colon), chosen from a sample
 * of its lines, so a continuation line costs one failed match and a pasted header of another
 * platform's style stays part of the message it was pasted into.
 */

const MARKS = '[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]*';
const DIGIT = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
const SP = '[ \\u00A0\\u202F\\u2009]';
/** Where people's tools put more room: tabs too (two spaces before the dash, a tab after the comma). */
const WS = '[ \\t\\u00A0\\u202F\\u2009]';
/** Between a time and its AM/PM word: any space, or none; Arabic exports put RLM there too. */
const GAP = '[ \\u00A0\\u202F\\u2009\\u200E\\u200F]*';
/** Korean writes `2024. 3. 14.`: a space may follow the separator. */
const DATE_PART_SEP = `${MARKS}[./-]${SP}?${MARKS}`;
/** 14/03/2024, 3/14/24, 2024-03-14, 14.3.2024, 3/14/2567 BE, 3/14/R6 (Japanese era year). */
const NUMERIC_DATE = `(${DIGIT}{1,4})${DATE_PART_SEP}(${DIGIT}{1,2})${DATE_PART_SEP}([RHS]?${DIGIT}{1,4})(${SP}?BE)?\\.?`;
const MONTH_NAME =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
/** Pre-2014: `Mar 14`, `Mar 14, 2013`, `14 Mar`, `14 Mar 2013`. */
const NAMED_DATE = `(?:(${MONTH_NAME})\\.?${SP}(${DIGIT}{1,2})|(${DIGIT}{1,2})${SP}(${MONTH_NAME})\\.?)(?:,?${SP}(${DIGIT}{4}))?`;
/**
 * Day-period words after the time. `a. m.` may carry NBSP inside; en "flexible day periods" name the
 * part of the day instead of AM/PM; `ص`/`م` are Arabic AM/PM.
 */
const PERIOD_AFTER =
  '[AaPp]\\.?' + SP + '?[Mm]\\.?' +
  '|in the (?:morning|afternoon|evening)|at night|noon|midnight' +
  '|vorm\\.|nachm\\.|morgens|mittags|abends|nachts' +
  '|ص|م|上午|下午|午前|午後|오전|오후';
/** CJK locales write the period before the time (`下午9:05`). */
const PERIOD_BEFORE = '上午|下午|午前|午後|오전|오후|凌晨|早上|中午|晚上';
const TIME =
  `(?:(${PERIOD_BEFORE})${SP}?)?(${DIGIT}{1,2})[:.](${DIGIT}{2})(?:[:.](${DIGIT}{2}))?` +
  `(?:${GAP}(${PERIOD_AFTER}))?`;
/** `, ` `\u060C` (Arabic comma) ` à ` (fr) ` klo ` (fi) ` kl. ` (da/nb) ` um ` (de) ` om ` (nl), or just a space. */
const DATE_TIME_SEP = `${MARKS}(?:${WS}*[,\\u060C]${MARKS})?${WS}+(?:(?:à|klo|kl\\.|um|om)${SP}+)?${MARKS}`;
const TIME_DATE_SEP = `${MARKS},?${SP}+${MARKS}`;
/**
 * `] ` (iOS), ` - ` (Android), `: ` (iOS 2015-16). Spaces and tabs before them may be doubled; after
 * them one is the separator's, and any more are the body's (a system event of blanks keeps them).
 */
const CLOSE = `${MARKS}(${WS}*\\]${WS}?|${WS}+[-\\u2013]${WS}|:${WS})`;

export type Close = 'bracket' | 'dash' | 'colon';

/**
 * How the time's hour maps to 24 h. `night` is en "at night" (21:00-05:59, so 11 → 23 but 2 → 2);
 * `noon12` is a period in which 12 stays 12 and 1-5 are afternoon (de `mittags`, zh `中午`).
 */
export type Period = 'am' | 'pm' | 'night' | 'noon12' | 'midnight' | null;

/** Japanese era of a year written `R6` (Reiwa), `H31` (Heisei) or `S64` (Showa); 0 for none. */
export type Era = 0 | 1 | 2 | 3;

/**
 * One header's fields, as numbers, the date as written (years are derived in dates.ts). Filled in place
 * (see `readHeader`) so a million headers allocate nothing.
 */
export interface HeaderFields {
  /** Date components in file order; named dates give day, month, year. `d3` is null when the year is omitted. */
  d1: number;
  d2: number;
  d3: number | null;
  /** The first component has 3-4 digits: it is a year. */
  yearFirst: boolean;
  /** The third component has 1-2 digits (a year means 20xx). */
  shortThird: boolean;
  era: Era;
  /** `BE` after the date (Thai Buddhist era; years past 2400 are read as Buddhist without it, too). */
  buddhistEra: boolean;
  /** 'day' or 'month' when the month is a name (`14 Mar`, `Mar 14`), so the order is known; else null. */
  namedFirst: 'day' | 'month' | null;
  hour: number;
  minute: number;
  seconds: number | null;
  period: Period;
}

export interface Shape {
  name: string;
  /** Sticky: set `lastIndex` to a line start. Group 1 is the opening bracket; the last group is CLOSE. */
  regex: RegExp;
  dateAt: number;
  timeAt: number;
  named: boolean;
}

// Two runs of marks never touch (`MARKS (?:[ MARKS)?`, not `MARKS [? MARKS`): adjacent runs would make
// a line of many marks backtrack quadratically.
const sticky = (inner: string) => new RegExp(`${MARKS}(?:(\\[)${MARKS})?${inner}${CLOSE}`, 'y');

const SHAPES: readonly Shape[] = [
  { name: 'date-time', regex: sticky(`${NUMERIC_DATE}${DATE_TIME_SEP}${TIME}`), dateAt: 2, timeAt: 6, named: false },
  { name: 'time-date', regex: sticky(`${TIME}${TIME_DATE_SEP}${NUMERIC_DATE}`), dateAt: 7, timeAt: 2, named: false },
  { name: 'named-date-time', regex: sticky(`${NAMED_DATE}${DATE_TIME_SEP}${TIME}`), dateAt: 2, timeAt: 7, named: true },
  { name: 'time-named-date', regex: sticky(`${TIME}${TIME_DATE_SEP}${NAMED_DATE}`), dateAt: 7, timeAt: 2, named: true },
];

/** A file's header style: one shape and one closing style. */
export interface FileShape {
  shape: Shape;
  close: Close;
}

/** The shape of this name (`Shape.name`), for a file's shape kept between parses. */
export function shapeNamed(name: string): Shape | undefined {
  return SHAPES.find((shape) => shape.name === name);
}

/** The header starting at `at` in `text` (a line start), or null. The body starts at `at + m[0].length`. */
export function execHeader(file: FileShape, text: string, at: number): RegExpExecArray | null {
  const m = execAt(file.shape.regex, text, at);
  return m !== null && closeOf(m) === file.close ? m : null;
}

function execAt(regex: RegExp, text: string, at: number): RegExpExecArray | null {
  regex.lastIndex = at;
  const m = regex.exec(text);
  // A bracket opens iOS headers only, and only iOS headers close with one.
  return m !== null && (m[1] !== undefined) === (closeOf(m) === 'bracket') ? m : null;
}

function closeOf(m: RegExpExecArray): Close {
  const close = m[m.length - 1]!;
  return close.includes(']') ? 'bracket' : close.charCodeAt(0) === 0x3a /* : */ ? 'colon' : 'dash';
}

/**
 * The shape and closing style that recognise most of the sample's lines, or null if none recognises
 * any. Counting per closing style keeps a pasted Android line from deciding an iOS file.
 */
export function detectShape(lines: readonly string[]): FileShape | null {
  let best: FileShape | null = null;
  let bestCount = 0;
  for (const shape of SHAPES) {
    const counts: Record<Close, number> = { bracket: 0, dash: 0, colon: 0 };
    for (const line of lines) {
      const m = execAt(shape.regex, line, 0);
      if (m !== null) counts[closeOf(m)]++;
    }
    for (const close of ['bracket', 'dash', 'colon'] as const) {
      if (counts[close] > bestCount) [best, bestCount] = [{ shape, close }, counts[close]];
    }
  }
  return best;
}

/** Fills `out` with the fields of a header matched by `shape`. */
export function readHeader(shape: Shape, m: RegExpExecArray, out: HeaderFields): void {
  const t = shape.timeAt;
  out.hour = asciiNumber(m[t + 1]!);
  out.minute = asciiNumber(m[t + 2]!);
  const s = m[t + 3];
  out.seconds = s === undefined ? null : asciiNumber(s);
  out.period = periodOf(m[t] ?? m[t + 4]);
  const d = shape.dateAt;
  if (shape.named) {
    const monthFirst = m[d];
    const year = m[d + 4];
    out.d1 = asciiNumber(m[d + 1] ?? m[d + 2]!);
    out.d2 = monthNumber(monthFirst ?? m[d + 3]!);
    out.d3 = year === undefined ? null : asciiNumber(year);
    out.yearFirst = false;
    out.shortThird = false;
    out.era = 0;
    out.buddhistEra = false;
    out.namedFirst = monthFirst === undefined ? 'day' : 'month';
    return;
  }
  const a = m[d]!;
  const c = m[d + 2]!;
  const era = eraOf(c.charCodeAt(0));
  const third = era === 0 ? c : c.slice(1);
  out.d1 = asciiNumber(a);
  out.d2 = asciiNumber(m[d + 1]!);
  out.d3 = asciiNumber(third);
  out.yearFirst = a.length >= 3;
  out.shortThird = third.length <= 2;
  out.era = era;
  out.buddhistEra = m[d + 3] !== undefined;
  out.namedFirst = null;
}

export function emptyHeader(): HeaderFields {
  return {
    d1: 0, d2: 0, d3: null, yearFirst: false, shortThird: false, era: 0, buddhistEra: false, namedFirst: null,
    hour: 0, minute: 0, seconds: null, period: null,
  };
}

function eraOf(c: number): Era {
  return c === 0x52 /* R */ ? 1 : c === 0x48 /* H */ ? 2 : c === 0x53 /* S */ ? 3 : 0;
}

/**
 * A loose "date, time, then `]` or ` - `" probe: lines that look like WhatsApp headers in a format no
 * shape knows (an unknown AM/PM word, say). Used only to refuse such a file instead of reading nothing.
 */
export const LOOSE_HEADER = new RegExp(
  `^${MARKS}(?:\\[${MARKS})?(?=[^\\]\\n]{0,60}?${DIGIT}${MARKS}[./-]${MARKS}${DIGIT})` +
    `(?=[^\\]\\n]{0,60}?${DIGIT}[:.]${DIGIT}{2})[^\\]\\n]{4,60}?(?:\\]|${SP}[-\\u2013]${SP})`,
);

const NON_ASCII_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/g;

function toAsciiDigits(s: string): string {
  // Arabic-Indic (U+0660) and Eastern Arabic-Indic (U+06F0, 0x90 above) digits map to 0-9.
  return s.replace(NON_ASCII_DIGIT, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
}

/**
 * The number a header's digits write: ASCII digits read one by one (the common case: ~8 ns, where Number() of
 * a capture took ~22 ns, a fifth of finding the headers of a 1M-message export), Arabic-Indic digits otherwise.
 */
function asciiNumber(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const digit = s.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return Number(toAsciiDigits(s));
    n = n * 10 + digit;
  }
  return n;
}

const PERIODS: Record<string, Period> = {
  'in the morning': 'am', 'in the afternoon': 'pm', 'in the evening': 'pm', 'at night': 'night',
  noon: 'noon12', midnight: 'midnight',
  'vorm.': 'am', morgens: 'am', 'nachm.': 'pm', mittags: 'noon12', abends: 'pm', nachts: 'night',
  ص: 'am', م: 'pm',
  上午: 'am', 午前: 'am', 오전: 'am', 凌晨: 'am', 早上: 'am',
  下午: 'pm', 午後: 'pm', 오후: 'pm', 晚上: 'pm', 中午: 'noon12',
};

function periodOf(text: string | undefined): Period {
  if (text === undefined) return null;
  const known = PERIODS[text];
  if (known !== undefined) return known;
  // AM/PM spellings: AM, am, a.m., a. m., a.\u00A0m.
  const c = text.charCodeAt(0);
  return c === 0x41 || c === 0x61 ? 'am' : 'pm';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}
