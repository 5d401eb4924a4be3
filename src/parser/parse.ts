import { parseBody } from './body.js';
import { decideDateOrder, wallTimeOf } from './dates.js';
import { detectShape, matchHeader, type HeaderFields } from './header.js';
import { ParseError, type DateOrder, type ParseResult, type ParsedRecord, type Platform } from './types.js';

/** How many lines decide the file's header shape. */
const SHAPE_SAMPLE_LINES = 2000;

export interface ParseOptions {
  /** Used only when the file's own dates cannot decide the order. */
  dateOrder?: DateOrder;
}

interface RawRecord {
  header: HeaderFields;
  lines: string[];
  lineNumber: number;
}

/**
 * Parses an export's text in two phases: group lines into records (a line that is not a header
 * continues the record above it), then decide the day/month order over the whole file and read fields.
 */
export function parseExport(text: string, options: ParseOptions = {}): ParseResult & { skippedLines: number } {
  const lines = splitLines(text);
  const shape = detectShape(lines.slice(0, SHAPE_SAMPLE_LINES));
  if (shape === null) return { platform: 'android', dateOrder: 'dmy', records: [], skippedLines: lines.length };

  const raw: RawRecord[] = [];
  let skippedLines = 0;
  let current: RawRecord | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = matchHeader(shape, line);
    if (header !== null) raw.push((current = { header, lines: [line], lineNumber: i + 1 }));
    else if (current !== null) current.lines.push(line);
    else skippedLines++;
  }

  const platform: Platform = raw[0]!.header.close === 'dash' ? 'android' : 'ios';
  const dateOrder = resolveDateOrder(raw, options.dateOrder);
  const records = raw.map((r) => toRecord(r, dateOrder, platform));
  return { platform, dateOrder, records, skippedLines };
}

function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function resolveDateOrder(raw: readonly RawRecord[], fallback: DateOrder | undefined): DateOrder {
  if (raw[0]!.header.namedMonth) return 'dmy';
  const decided = decideDateOrder(raw.map((r) => r.header.date));
  if (decided === 'conflicting') {
    throw new ParseError(
      'unsupported-format',
      'the dates in this file have numbers above 12 in both the day and the month place, so they cannot be read',
      'Check that the file is an unedited WhatsApp export.',
    );
  }
  if (decided !== 'ambiguous') return decided;
  if (fallback !== undefined) return fallback;
  throw new ParseError(
    'ambiguous-date-order',
    'cannot tell whether the dates in this file are day/month or month/day (no day is above 12)',
    'Run again with --date-order dmy (day first, e.g. 14/03) or --date-order mdy (month first, e.g. 03/14).',
  );
}

function toRecord(r: RawRecord, order: DateOrder, platform: Platform): ParsedRecord {
  const time = wallTimeOf(r.header, order);
  if (typeof time === 'string') {
    throw new ParseError(
      'invalid-date',
      `line ${r.lineNumber}: ${time} (read as ${order})`,
      'If the day and month are swapped, run again with --date-order; otherwise the line was edited by hand.',
    );
  }
  const body = parseBody(r.header.rest, r.lines.slice(1), platform);
  const original = r.lines.length === 1 ? r.lines[0]! : r.lines.join('\n');
  return { time, ...body, original };
}
