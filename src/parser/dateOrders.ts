// The day/month order of an export's dates, per header style (docs/export-format.md, "Day/month order").
import { decideBySummary, decideDateOrder, summarizeDates, thirdAsYear, type DateComponents } from './dates.js';
import { emptyHeader } from './header.js';
import type { HeaderTable } from './table.js';
import { ParseError, type DateOrder, type ParseState } from './types.js';

/** The day/month order of each header style in a file (see `HeaderTable.dateStyle`), and of the most common. */
export interface DateOrders {
  byStyle: (DateOrder | undefined)[];
  /** Whether the style's order came from its own dates (not from the caller's option). */
  evidence: boolean[];
  main: DateOrder;
}

export const STYLES = 8;

/**
 * Decides day/month order per header style, each from its own dates: a file can mix styles
 * (`6/30/23, 4:13 PM` and `30/6/2023, 16:15`; a year-first file with a stray `30/6/2023`). Each run of
 * equal dates counts once: Android writes many records per date, and the decision needs only the runs.
 */
export function resolveDateOrders(headers: HeaderTable, fallback: DateOrder | undefined, lineAt: (at: number) => string): DateOrders {
  const { dates, rows, firstRow } = datesByStyle(headers, headers.length);
  const orders: DateOrders = { byStyle: [], evidence: [], main: 'dmy' };
  let most = 0;
  for (let style = 0; style < STYLES; style++) {
    if (firstRow[style]! < 0) continue;
    const decided = decideDateOrder(dates[style]!);
    const line = () => lineAt(headers.start(firstRow[style]!));
    if (decided === 'conflicting') {
      throw new ParseError(
        'unsupported-format',
        `the dates written like ${line()} have numbers above 12 in both the day and the month place, so they cannot be read`,
        'Check that the file is an unedited WhatsApp export.',
      );
    }
    const order = decided === 'ambiguous' ? fallback : decided;
    if (order === undefined) {
      throw new ParseError(
        'ambiguous-date-order',
        `cannot tell whether the dates written like ${line()} are day/month or month/day (no day is above 12)`,
        'Run again with --date-order dmy (day first, e.g. 14/03) or --date-order mdy (month first, e.g. 03/14).',
      );
    }
    orders.byStyle[style] = order;
    orders.evidence[style] = decided !== 'ambiguous';
    if (rows[style]! > most) [orders.main, most] = [order, rows[style]!];
  }
  return orders;
}

/**
 * The orders of a file's rest (`headers`) and its start (`state`) together, as resolveDateOrders would
 * decide them over the whole file, when the dates' summaries decide them, each the order the start was
 * read in. null otherwise.
 */
export function resumedDateOrders(headers: HeaderTable, state: ParseState): DateOrders | null {
  const { dates, rows } = datesByStyle(headers, headers.length);
  const orders: DateOrders = { byStyle: [], evidence: [], main: 'dmy' };
  let most = 0;
  for (let style = 0; style < STYLES; style++) {
    const before = state.styles[style] ?? null;
    const count = rows[style]! + (before?.headers ?? 0);
    if (count === 0) continue;
    const decided = decideBySummary(summarizeDates(dates[style]!, before?.dates));
    if (decided !== 'dmy' && decided !== 'mdy' && decided !== 'ymd') return null;
    if (before !== null && before.order !== decided) return null;
    orders.byStyle[style] = decided;
    orders.evidence[style] = true;
    if (count > most) [orders.main, most] = [decided, count];
  }
  return orders;
}

/**
 * The dates of headers [0, upTo) per header style, each run of equal dates once (Android writes many
 * records per date, and the decision needs only the runs), with each style's header count and first header.
 */
export function datesByStyle(headers: HeaderTable, upTo: number): { dates: DateComponents[][]; rows: number[]; firstRow: number[] } {
  const dates: DateComponents[][] = Array.from({ length: STYLES }, () => []);
  const firstRow = new Array<number>(STYLES).fill(-1);
  const rows = new Array<number>(STYLES).fill(0);
  const h = emptyHeader();
  let previous = -1;
  for (let i = 0; i < upTo; i++) {
    const style = headers.dateStyle(i);
    rows[style]!++;
    if (style === previous && headers.sameDate(i, i - 1)) continue;
    previous = style;
    if (firstRow[style]! < 0) firstRow[style] = i;
    headers.read(i, h);
    dates[style]!.push([h.d1, h.d2, thirdAsYear(h), h.yearFirst]);
  }
  return { dates, rows, firstRow };
}

