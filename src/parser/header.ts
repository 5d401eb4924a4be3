/**
 * Recognises the first line of a record: `[marks] ["["] DATE SEP TIME ["]"] (" - " | ": " | " ") REST`.
 * Each header *shape* is one anchored regex; a file uses one shape, chosen from a sample of its lines,
 * so continuation lines cost one failed anchored match each.
 */

const MARKS = '[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]*';
const DIGIT = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
const SP = '[ \\u00A0\\u202F\\u2009]';
const DATE_PART_SEP = `${MARKS}[./-]${MARKS}`;
/** 14/03/2024, 3/14/24, 2024-03-14, 14.3.2024, 3/14/2567 BE, 3/14/R6 (Japanese era year). */
const NUMERIC_DATE = `(${DIGIT}{1,4})${DATE_PART_SEP}(${DIGIT}{1,2})${DATE_PART_SEP}([RHS]?${DIGIT}{1,4})(${SP}?BE)?\\.?`;
const MONTH_NAME =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
/** Pre-2014: `Mar 14`, `Mar 14, 2013`, `14 Mar`, `14 Mar 2013`. */
const NAMED_DATE = `(?:(${MONTH_NAME})\\.?${SP}(${DIGIT}{1,2})|(${DIGIT}{1,2})${SP}(${MONTH_NAME})\\.?)(?:,?${SP}(${DIGIT}{4}))?`;
const AM_PM_AFTER =
  '[AaPp]\\.?' + SP + '?[Mm]\\.?|in the (?:morning|afternoon|evening)|at night|vorm\\.|nachm\\.|morgens|abends|ص|م|上午|下午|午前|午後|오전|오후';
const AM_PM_BEFORE = '上午|下午|午前|午後|오전|오후';
const TIME =
  `(?:(${AM_PM_BEFORE})${SP}?)?(${DIGIT}{1,2})[:.](${DIGIT}{2})(?:[:.](${DIGIT}{2}))?` +
  `(?:${SP}*(${AM_PM_AFTER}))?`;
const DATE_TIME_SEP = `${MARKS}[,\\u060C]?${MARKS}${SP}+(?:(?:à|klo|um)${SP}+)?${MARKS}`;
const TIME_DATE_SEP = `${MARKS},?${SP}+${MARKS}`;
/** `] ` (iOS), ` - ` (Android), `: ` (iOS 2015-16). */
const CLOSE = `${MARKS}(\\]${SP}?|${SP}[-\\u2013]${SP}|:${SP})`;

export interface HeaderFields {
  /** Date components as written (digits normalised to ASCII), in file order; named dates give [day, month, year]. */
  date: [string, string, string | null];
  /** true when the date's month is a name, so the order is known. */
  namedMonth: boolean;
  buddhistEra: boolean;
  hour: number;
  minute: number;
  second: number | null;
  amPm: 'am' | 'pm' | null;
  bracket: boolean;
  close: 'bracket' | 'dash' | 'colon';
  /** The line after the header: `Author: body` or a system body. */
  rest: string;
}

interface Shape {
  name: string;
  regex: RegExp;
  extract(m: RegExpExecArray): Omit<HeaderFields, 'bracket' | 'close' | 'rest'>;
}

const wrap = (inner: string) => new RegExp(`^${MARKS}(\\[)?${MARKS}${inner}${CLOSE}`);

function timeFields(m: RegExpExecArray, at: number) {
  const [before, h, mi, s, after] = m.slice(at, at + 5);
  return {
    hour: Number(toAsciiDigits(h!)),
    minute: Number(toAsciiDigits(mi!)),
    second: s === undefined ? null : Number(toAsciiDigits(s)),
    amPm: amPmOf(before ?? after),
  };
}

function namedDateFields(m: RegExpExecArray, at: number): Pick<HeaderFields, 'date' | 'namedMonth' | 'buddhistEra'> {
  const [monthFirst, dayAfterMonth, dayFirst, monthAfterDay, year] = m.slice(at, at + 5);
  const month = String(monthNumber(monthFirst ?? monthAfterDay!));
  const day = toAsciiDigits(dayAfterMonth ?? dayFirst!);
  return { date: [day, month, year === undefined ? null : toAsciiDigits(year)], namedMonth: true, buddhistEra: false };
}

function numericDateFields(m: RegExpExecArray, at: number): Pick<HeaderFields, 'date' | 'namedMonth' | 'buddhistEra'> {
  const [a, b, c, be] = m.slice(at, at + 4);
  return { date: [toAsciiDigits(a!), toAsciiDigits(b!), toAsciiDigits(c!)], namedMonth: false, buddhistEra: be !== undefined };
}

/** Group 1 is always the opening bracket; the shape's own groups follow; the last group is CLOSE. */
export const SHAPES: readonly Shape[] = [
  {
    name: 'date-time',
    regex: wrap(`${NUMERIC_DATE}${DATE_TIME_SEP}${TIME}`),
    extract: (m) => ({ ...numericDateFields(m, 2), ...timeFields(m, 6) }),
  },
  {
    name: 'time-date',
    regex: wrap(`${TIME}${TIME_DATE_SEP}${NUMERIC_DATE}`),
    extract: (m) => ({ ...timeFields(m, 2), ...numericDateFields(m, 7) }),
  },
  {
    name: 'named-date-time',
    regex: wrap(`${NAMED_DATE}${DATE_TIME_SEP}${TIME}`),
    extract: (m) => ({ ...namedDateFields(m, 2), ...timeFields(m, 7) }),
  },
  {
    name: 'time-named-date',
    regex: wrap(`${TIME}${TIME_DATE_SEP}${NAMED_DATE}`),
    extract: (m) => ({ ...timeFields(m, 2), ...namedDateFields(m, 7) }),
  },
];

export function matchHeader(shape: Shape, line: string): HeaderFields | null {
  const m = shape.regex.exec(line);
  if (m === null) return null;
  const bracket = m[1] !== undefined;
  const closeText = m[m.length - 1]!;
  const close = closeText.startsWith(']') ? 'bracket' : closeText.startsWith(':') ? 'colon' : 'dash';
  if (bracket !== (close === 'bracket')) return null;
  return { ...shape.extract(m), bracket, close, rest: line.slice(m[0].length) };
}

/** The shape that recognises most of the sample's lines, or null if none recognises any. */
export function detectShape(lines: readonly string[]): Shape | null {
  let best: Shape | null = null;
  let bestCount = 0;
  for (const shape of SHAPES) {
    let count = 0;
    for (const line of lines) if (matchHeader(shape, line) !== null) count++;
    if (count > bestCount) [best, bestCount] = [shape, count];
  }
  return best;
}

export type { Shape };

export function toAsciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
}

const AM_WORDS = new Set(['in the morning', 'vorm.', 'morgens', 'ص', '上午', '午前', '오전']);

function amPmOf(text: string | undefined): 'am' | 'pm' | null {
  if (text === undefined) return null;
  const lower = text.toLowerCase();
  return lower.replace(/[\s\u00A0\u202F.]/g, '') === 'am' || AM_WORDS.has(lower) ? 'am' : 'pm';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}
