/** What the parser makes of an export's text. Pure data: no Date, no time zone. */
import type { DateSummary } from './dates.js';

export type Kind = 'message' | 'system' | 'media' | 'deleted' | 'call' | 'poll' | 'location';

export type Platform = 'android' | 'ios';
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/**
 * Wall-clock time as written in the export. Where the export omits the year (pre-2014 Android), it
 * comes from the file's other dates (see parse.ts) or, in a file without any, from the caller.
 */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** null when the export has minute precision only (Android). */
  second: number | null;
}

export interface MediaRef {
  /** The attached file's name exactly as written (matches the zip entry), or null for an omitted file. */
  name: string | null;
}

export interface ParsedRecord {
  time: WallTime;
  /** null for system events. Direction marks and the `~ ` prefix are stripped. */
  author: string | null;
  kind: Kind;
  /** The body without header, edited marker and attachment markers. */
  text: string;
  edited: boolean;
  media: MediaRef[];
  /** The record's original lines, joined with '\n', exactly as in the file (marks kept). */
  original: string;
}

export interface ParseResult {
  platform: Platform;
  dateOrder: DateOrder;
  /** How many records `records` yields. */
  count: number;
  /** Lines before the first record (every line, for a file that is not an export). */
  skippedLines: number;
  /**
   * The records, read one at a time as they are iterated (iterate once), so that a million records
   * never sit in memory together. A record with an impossible date throws ParseError when reached.
   */
  records: Iterable<ParsedRecord>;
  /**
   * Where a later export that has this text up to record `record` (an index into `records`) can be read
   * from (parse.ts parseExportFrom), and what this parse knew there; null when it cannot be.
   */
  resumeAt(record: number): ResumePoint | null;
}

export interface ResumePoint {
  /** Where the record's header starts in the parsed text (UTF-16 units). */
  offset: number;
  state: ParseState;
}

/** What a parse knew before one of its records (JSON). */
export interface ParseState {
  /** The header shape and closing the file's first lines decided (all of them before this point). */
  shape: string;
  close: 'bracket' | 'dash' | 'colon';
  /** iPhone: author names with ": " the file's first records taught, and the participants so far (body.ts). */
  colonAuthors: string[];
  participants: string[];
  /** Per header style (index): its headers so far, what their dates show, and the order they were read in. */
  styles: Array<StyleState | null>;
  /** Lines before this point. */
  lines: number;
}

export interface StyleState {
  headers: number;
  dates: DateSummary;
  order: DateOrder;
}

export type ParseErrorCode = 'ambiguous-date-order' | 'unsupported-format' | 'invalid-date' | 'missing-year';

export class ParseError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}
