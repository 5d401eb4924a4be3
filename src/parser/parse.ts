import { bodyContext, colonAuthorOf, emptyBody, parseBody, participantsIn, type BodyContext } from './body.js';
import { summarizeDates, wallTimeOf } from './dates.js';
import { datesByStyle, resolveDateOrders, resumedDateOrders, STYLES, type DateOrders } from './dateOrders.js';
import { detectShape, emptyHeader, execHeader, LOOSE_HEADER, readHeader, shapeNamed, type FileShape } from './header.js';
import { HeaderTable } from './table.js';
import {
  ParseError, type DateOrder, type ParseResult, type ParseState, type ParsedRecord, type Platform, type ResumePoint, type StyleState, type WallTime,
} from './types.js';

/** How many lines decide the file's header shape. */
const SHAPE_SAMPLE_LINES = 2000;
/** How many leading records may carry the encryption notice whose author teaches a ": " author name. */
const NOTICE_RECORDS = 3;
/** Share of a sample's non-blank lines that must look like headers before an unknown format is refused. */
const LOOSE_SHARE = 0.2;
const NO_LINES: readonly string[] = [];
const LONE_CR = /\r(?!\n)/;
const CRLF = /\r\n/g;

export interface ParseOptions {
  /** Used only when the file's own dates cannot decide the order. */
  dateOrder?: DateOrder;
  /** The year of the first message, used only for a file none of whose dates has a year. */
  year?: number;
  /** The chat's name: on iPhone, a record it authors is a group event. */
  chatName?: string;
}

/**
 * Parses an export's text in two passes over the text, without splitting it into lines:
 * 1. find the header lines (a line that is not a header continues the record above it) and collect the
 *    dates, so the day/month order is decided over the whole file;
 * 2. read each record's fields.
 * Lines before the first header (and every line of a file that is not an export) are `skippedLines`.
 * Line ends may be LF, CRLF or CR; the records' `original` lines are joined with LF.
 */
export function parseExport(text: string, options: ParseOptions = {}): ParseResult {
  const normalized = hasLoneCR(text) ? text.replace(/\r\n?/g, '\n') : text;
  const from = normalized.charCodeAt(0) === 0xfeff ? 1 : 0;
  const sample = firstLines(normalized, from, SHAPE_SAMPLE_LINES);
  const file = detectShape(sample);
  if (file === null) {
    refuseUnknownHeaders(sample);
    return nothing(countLines(normalized, from, normalized.length));
  }
  const headers = findHeaders(normalized, from, file);
  // Every line was looked at for a header: findHeaders counted them.
  if (headers.length === 0) return nothing(headers.lines);
  const orders = file.shape.named ? null : resolveDateOrders(headers, options.dateOrder, (at) => lineOf(normalized, at));
  const colonAuthors = file.close === 'dash' ? [] : learnColonAuthors(normalized, headers);
  // A text whose lone CRs were made line breaks is not the file's text: no offset into it is one in the file.
  const resumable = normalized === text ? new Resumable(normalized, file, headers, orders, colonAuthors, null) : null;
  return readExport(normalized, from, file, headers, orders, colonAuthors, [], options, resumable);
}

/**
 * Parses the rest of an export from one of its records on, as a parse of the whole export would read it:
 * `text` starts at the record's header, and `state` is what the parse of an export with the same text up
 * to there knew (ParseResult.resumeAt). Numeric dates only. null when the rest could be read
 * differently (its dates would decide the day/month order otherwise, or only by their chronology): then
 * parse the whole export.
 */
export function parseExportFrom(text: string, state: ParseState, options: ParseOptions = {}): ParseResult | null {
  const shape = shapeNamed(state.shape);
  if (shape === undefined || shape.named || hasLoneCR(text)) return null;
  const file: FileShape = { shape, close: state.close };
  const headers = findHeaders(text, 0, file);
  if (headers.length === 0 || headers.start(0) !== 0) return null;
  const orders = resumedDateOrders(headers, state);
  if (orders === null) return null;
  const resumable = new Resumable(text, file, headers, orders, state.colonAuthors, state);
  return readExport(text, 0, file, headers, orders, state.colonAuthors, state.participants, options, resumable);
}

/** A CR that ends no CRLF: most exports have no CR at all, which a search for one tells 3× faster than the pattern. */
function hasLoneCR(text: string): boolean {
  return text.includes('\r') && LONE_CR.test(text);
}

function nothing(skippedLines: number): ParseResult {
  return { platform: 'android', dateOrder: 'dmy', count: 0, records: [], skippedLines, resumeAt: () => null };
}

function readExport(
  text: string, from: number, file: FileShape, headers: HeaderTable, orders: DateOrders | null,
  colonAuthors: readonly string[], participantsBefore: readonly string[], options: ParseOptions, resumable: Resumable | null,
): ParseResult {
  const platform: Platform = file.close === 'dash' ? 'android' : 'ios';
  const dateOrder = orders === null ? namedOrder(headers) : orders.main;
  const ctx = platform === 'ios'
    ? bodyContext(platform, colonAuthors, options.chatName ?? null, () => recordFirstLines(text, headers, headers.length), participantsBefore)
    : bodyContext(platform);
  const firstYear = file.shape.named ? yearOfFirstRecord(text, headers, options.year) : null;
  const records = readRecords(text, headers, orders ?? { byStyle: [], evidence: [], main: dateOrder }, ctx, firstYear);
  return {
    platform, dateOrder, count: headers.length, records, skippedLines: countLines(text, from, headers.start(0)),
    resumeAt: (record) => resumable?.at(record) ?? null,
  };
}

/**
 * Where a parse can be taken up again: files with numeric dates whose day/month order each style's own
 * dates decided (neither an option nor chronology, which a later part could overturn), at a
 * record that starts a new date after the lines that decide the file's shape (so a later export's first
 * lines are the same).
 */
class Resumable {
  constructor(
    private readonly text: string,
    private readonly file: FileShape,
    private readonly headers: HeaderTable,
    private readonly orders: DateOrders | null,
    private readonly colonAuthors: readonly string[],
    private readonly base: ParseState | null,
  ) {}

  at(record: number): ResumePoint | null {
    const { text, file, headers, orders, colonAuthors, base } = this;
    if (orders === null || orders.evidence.includes(false)) return null;
    if (record <= 0 || record >= headers.length) return null;
    // Within a date's run the summaries, which count each run once, could not be added up.
    if (headers.dateStyle(record) === headers.dateStyle(record - 1) && headers.sameDate(record, record - 1)) return null;
    const offset = headers.start(record);
    // The lines before the record: all of them but those from it on (the last day's, when the import saves its start).
    const lines = (base?.lines ?? 0) + headers.lines - countLines(text, offset, text.length);
    if (lines < SHAPE_SAMPLE_LINES) return null;
    const { dates, rows } = datesByStyle(headers, record);
    const styles: Array<StyleState | null> = [];
    for (let style = 0; style < STYLES; style++) {
      const before = base?.styles[style] ?? null;
      const order = orders.byStyle[style];
      const count = rows[style]! + (before?.headers ?? 0);
      if (count === 0 || order === undefined) styles.push(null);
      else styles.push({ headers: count, dates: summarizeDates(dates[style]!, before?.dates), order });
    }
    // iPhone: whether an LRM-led body is an event depends on who else writes in the whole file (body.ts).
    const participants = file.close === 'dash' ? [] : [...participantsIn(recordFirstLines(text, headers, record), colonAuthors, base?.participants ?? [])];
    return { offset, state: { shape: file.shape.name, close: file.close, colonAuthors: [...colonAuthors], participants, styles, lines } };
  }
}

/** How many first lines `startsLikeExport` looks at. */
const START_LINES = 20;

/** Whether one of the text's first lines is a message header (of any shape): a file that may be an export. */
export function startsLikeExport(text: string): boolean {
  return detectShape(firstLines(text, 0, START_LINES)) !== null;
}

/** Pass 1: every header's position and fields, as numbers. */
function findHeaders(text: string, from: number, file: FileShape): HeaderTable {
  const headers = new HeaderTable();
  const fields = emptyHeader();
  // The previous header's text, when it ends in its closing space: a line that starts with exactly that
  // text is a header with the same fields (the match cannot grow or shrink), so no pattern needs to run.
  let repeat = '';
  let lines = 0;
  for (let at = from; at < text.length; lines++) {
    if (repeat !== '' && text.startsWith(repeat, at)) headers.addRepeat(at, at + repeat.length);
    else {
      const m = execHeader(file, text, at);
      if (m !== null) {
        const header = m[0];
        readHeader(file.shape, m, fields);
        headers.add(at, at + header.length, fields);
        repeat = isSpace(header.charCodeAt(header.length - 1)) ? header : '';
      }
    }
    const newline = text.indexOf('\n', at);
    at = newline < 0 ? text.length : newline + 1;
  }
  headers.lines = lines;
  return headers;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x202f || c === 0x2009;
}

/** `line N ("…")`: a line named in a message, its text cut short. */
function lineOf(text: string, at: number): string {
  return `line ${countLines(text, 0, at) + 1} (${JSON.stringify(text.slice(at, lineEnd(text, at, text.length)).slice(0, 40))})`;
}

/**
 * Pass 2: one record per header, yielded as read; a record runs to the line before the next header.
 * `firstYear` (files with month names only) is the year of the first record: a header without a year
 * takes the year of the one above it, the next one when its month is earlier (30 Dec → 1 Jan).
 */
function* readRecords(
  text: string, headers: HeaderTable, orders: DateOrders, ctx: BodyContext, firstYear: number | null,
): Generator<ParsedRecord> {
  const fields = emptyHeader();
  const body = emptyBody();
  let time: WallTime | null = null;
  let year = firstYear ?? 0;
  let month = 0;
  for (let i = 0; i < headers.length; i++) {
    const start = headers.start(i);
    const end = trimLineEnd(text, i + 1 < headers.length ? headers.start(i + 1) - 1 : text.length);
    if (time === null || !headers.repeatsPrevious(i)) {
      const style = headers.dateStyle(i);
      const order = orders.byStyle[style] ?? orders.main;
      const read = wallTimeOf(headers.read(i, fields), order);
      if (typeof read === 'string') throw invalidDate(text, start, read, order, orders.evidence[style] ?? true);
      if (read.year === null) read.year = read.month < month ? ++year : year;
      else year = read.year;
      month = read.month;
      // Frozen, because records with the same header time share it (half of an Android file).
      time = Object.freeze(read as WallTime);
    }
    const firstEnd = lineEnd(text, start, end);
    const single = firstEnd === end;
    const more = single ? NO_LINES : splitLines(text.slice(firstEnd + 1, end));
    parseBody(text.slice(headers.bodyStart(i), trimCR(text, firstEnd)), more, ctx, body);
    const original = text.slice(start, end);
    yield {
      time,
      author: body.author,
      kind: body.kind,
      text: body.text,
      edited: body.edited,
      media: body.media,
      original: single || !original.includes('\r') ? original : original.replace(CRLF, '\n'),
    };
  }
}

/** End of the line starting at or after `at`, not beyond `end`. */
function lineEnd(text: string, at: number, end: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 || newline > end ? end : newline;
}

/** `end` is just before a line break (or the text's end): drop a final line break and CR of the record. */
function trimLineEnd(text: string, end: number): number {
  let e = end;
  if (e > 0 && e === text.length && text.charCodeAt(e - 1) === 0x0a) e--;
  return trimCR(text, e);
}

function trimCR(text: string, end: number): number {
  return end > 0 && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
}

function splitLines(s: string): string[] {
  return s.includes('\r') ? s.split(/\r?\n/) : s.split('\n');
}

/** The first `n` lines (CRs dropped), for deciding the shape. */
function firstLines(text: string, from: number, n: number): string[] {
  const lines: string[] = [];
  for (let at = from; at < text.length && lines.length < n; ) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    lines.push(text.slice(at, trimCR(text, end)));
    at = end + 1;
  }
  return lines;
}

/** Lines in text[from, to): every line break counts, and a last line without one. */
function countLines(text: string, from: number, to: number): number {
  let count = 0;
  let at = from;
  for (let newline = text.indexOf('\n', at); newline >= 0 && newline < to; newline = text.indexOf('\n', at)) {
    count++;
    at = newline + 1;
  }
  return at < to ? count + 1 : count;
}

/**
 * A file in which many lines look like "date, time ] / -" but none matches a known shape is an export
 * in a format this parser does not know (an unlisted AM/PM word, say): refuse it rather than return
 * nothing, which would read as "empty chat".
 */
function refuseUnknownHeaders(sample: readonly string[]): void {
  let nonBlank = 0;
  let loose = -1;
  let looseCount = 0;
  for (let i = 0; i < sample.length; i++) {
    const line = sample[i]!;
    if (line.trim() === '') continue;
    nonBlank++;
    if (LOOSE_HEADER.test(line)) {
      looseCount++;
      if (loose < 0) loose = i;
    }
  }
  if (looseCount > 0 && looseCount >= nonBlank * LOOSE_SHARE) {
    throw new ParseError(
      'unsupported-format',
      `line ${loose + 1} looks like a WhatsApp message header, but its date/time format is not one this version can read: ${JSON.stringify(sample[loose]!.slice(0, 60))}`,
      'Please report this format (with names removed) so it can be supported.',
    );
  }
}

/** Month names say the order; report it as the file writes it (`Mar 14` → mdy, `14 Mar` → dmy). */
function namedOrder(headers: HeaderTable): DateOrder {
  return headers.read(0).namedFirst === 'month' ? 'mdy' : 'dmy';
}

/** The first line after its header of each record before `upTo`. */
function* recordFirstLines(text: string, headers: HeaderTable, upTo: number): Generator<string> {
  for (let i = 0; i < upTo; i++) {
    yield text.slice(headers.bodyStart(i), trimCR(text, lineEnd(text, headers.start(i), text.length)));
  }
}

/**
 * The year of the first record of a file with month names: counted back from the first header that
 * has one (a month going back on the way is a new year), else the caller's, else refused: a year guessed
 * from today's calendar would file old messages silently under the wrong year.
 */
function yearOfFirstRecord(text: string, headers: HeaderTable, supplied: number | undefined): number {
  const h = emptyHeader();
  let newYears = 0;
  let month = 0;
  for (let i = 0; i < headers.length; i++) {
    headers.read(i, h);
    if (h.d2 < month) newYears++;
    month = h.d2;
    if (h.d3 !== null) return h.d3 - newYears;
  }
  if (supplied !== undefined) return supplied;
  const at = headers.start(0);
  throw new ParseError(
    'missing-year',
    `no date in this file has a year (the first is ${lineOf(text, at)}); old Android exports leave out the year of the export`,
    'Run again with --year YYYY, the year of the first message (e.g. --year 2013).',
  );
}

function learnColonAuthors(text: string, headers: HeaderTable): string[] {
  const authors: string[] = [];
  for (let i = 0; i < Math.min(headers.length, NOTICE_RECORDS); i++) {
    const rest = text.slice(headers.bodyStart(i), trimCR(text, lineEnd(text, headers.start(i), text.length)));
    const author = colonAuthorOf(rest);
    if (author !== null && !authors.includes(author)) authors.push(author);
  }
  return authors;
}

/** `evidence`: the file's own dates decided the order, so --date-order cannot help and is not suggested. */
function invalidDate(text: string, start: number, reason: string, order: DateOrder, evidence: boolean): ParseError {
  return new ParseError(
    'invalid-date',
    `line ${countLines(text, 0, start) + 1}: ${reason} (read as ${order})`,
    evidence
      ? 'The line was probably edited by hand: correct it in the file, or remove it, and import again.'
      : 'If the day and month are swapped, run again with --date-order; otherwise the line was edited by hand.',
  );
}
