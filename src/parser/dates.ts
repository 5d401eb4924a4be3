import type { DateOrder, WallTime } from './types.js';
import type { HeaderFields, Period } from './header.js';

/** A header's date for the order decision: first and second component, the year (if any), year-first. */
export type DateComponents = readonly [first: number, second: number, year: number | null, yearFirst: boolean];

/** Chronology evidence must be this lopsided before it decides (a wrong guess silently shifts dates). */
const EVIDENCE_RATIO = 3;
/** …and the changing component must have changed at least this often. */
const MIN_DAY_CHANGES = 3;

/**
 * Decides day/month order over the whole file (docs/export-format.md, "Day/month order"):
 * 1. a 3-4 digit first component means year-first;
 * 2. a component above 12 anywhere shows which one is the day;
 * 3. otherwise chronology: the reading under which the file runs backwards clearly less often wins,
 *    then the reading whose day component changes clearly more often than its month;
 * 4. otherwise the file is ambiguous and the caller must be told, not guessed for.
 * Dates equal in both places (3/3) read the same either way, so they never make a file ambiguous.
 */
export function decideDateOrder(dates: readonly DateComponents[]): DateOrder | 'ambiguous' | 'conflicting' {
  return decideBySummary(summarizeDates(dates)) ?? chronologyEvidence(dates);
}

/** What rules 1 and 2 (and dates equal in both places) need of a list of dates: it adds up over parts of a file. */
export interface DateSummary {
  dates: number;
  yearFirst: number;
  firstOver12: boolean;
  secondOver12: boolean;
  allEqual: boolean;
}

export function summarizeDates(dates: readonly DateComponents[], base?: DateSummary): DateSummary {
  const s: DateSummary = base === undefined
    ? { dates: 0, yearFirst: 0, firstOver12: false, secondOver12: false, allEqual: true }
    : { ...base };
  for (const [x, y, , isYearFirst] of dates) {
    s.dates++;
    if (isYearFirst) s.yearFirst++;
    if (x > 12) s.firstOver12 = true;
    if (y > 12) s.secondOver12 = true;
    if (x !== y) s.allEqual = false;
  }
  return s;
}

/** The order rules 1 and 2 decide, or null when only the dates' chronology can (rule 3). */
export function decideBySummary(s: DateSummary): DateOrder | 'ambiguous' | 'conflicting' | null {
  if (s.dates === 0) return 'ambiguous';
  if (s.yearFirst > s.dates / 2) return 'ymd';
  if (s.firstOver12 && s.secondOver12) return 'conflicting';
  if (s.firstOver12) return 'dmy';
  if (s.secondOver12) return 'mdy';
  if (s.allEqual) return 'dmy';
  return null;
}

function chronologyEvidence(dates: readonly DateComponents[]): DateOrder | 'ambiguous' {
  const dmy = inversions(dates, 'dmy');
  const mdy = inversions(dates, 'mdy');
  if (dmy * EVIDENCE_RATIO < mdy) return 'dmy';
  if (mdy * EVIDENCE_RATIO < dmy) return 'mdy';
  // In a chronological chat the day changes at almost every new date and the month rarely.
  let firstChanges = 0;
  let secondChanges = 0;
  for (let i = 1; i < dates.length; i++) {
    const [a, b] = dates[i]!;
    const [pa, pb] = dates[i - 1]!;
    if (a !== pa) firstChanges++;
    if (b !== pb) secondChanges++;
  }
  if (firstChanges >= MIN_DAY_CHANGES && secondChanges * EVIDENCE_RATIO < firstChanges) return 'dmy';
  if (secondChanges >= MIN_DAY_CHANGES && firstChanges * EVIDENCE_RATIO < secondChanges) return 'mdy';
  return 'ambiguous';
}

/** How often a record is dated before the one above it, reading the dates in `order`. */
function inversions(dates: readonly DateComponents[], order: 'dmy' | 'mdy'): number {
  let count = 0;
  let previous = -Infinity;
  for (const [a, b, year] of dates) {
    const key = (year ?? 0) * 10000 + (order === 'dmy' ? b * 100 + a : a * 100 + b);
    if (key < previous) count++;
    previous = key;
  }
  return count;
}

/** A header's wall time; `year` is null where the header omits it. */
export type HeaderTime = Omit<WallTime, 'year'> & { year: number | null };

/** Wall time of a header under a decided order, or a reason it is not a real time. */
export function wallTimeOf(h: HeaderFields, order: DateOrder): HeaderTime | string {
  // Named months are already [day, month, year]; the order only applies to numeric dates.
  const ymd = order === 'ymd' && h.namedFirst === null;
  const mdy = order === 'mdy' && h.namedFirst === null;
  const year = ymd ? firstAsYear(h) : thirdAsYear(h);
  const month = mdy ? h.d1 : h.d2;
  const day = ymd ? h.d3! : mdy ? h.d2 : h.d1;
  const hour = to24h(h.hour, h.period);
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${day} of month ${month} does not exist`;
  if (hour > 23 || h.minute > 59 || (h.seconds ?? 0) > 59) return 'the time is not a time of day';
  return { year, month, day, hour, minute: h.minute, second: h.seconds };
}

/** Years past 2400 are Buddhist-era years even without "BE" (2567 BE = 2024). */
const BUDDHIST_FROM = 2400;
const BUDDHIST_OFFSET = 543;
/** The Gregorian year before year 1 of Reiwa, Heisei and Showa. */
const ERA_BASE = [0, 2018, 1988, 1925] as const;

/** The third date component read as a year: 2 digits → 20xx, Japanese and Buddhist eras converted. */
export function thirdAsYear(h: HeaderFields): number | null {
  const n = h.d3;
  if (n === null) return null;
  if (h.era !== 0) return ERA_BASE[h.era] + n;
  if (h.shortThird) return 2000 + n;
  return h.buddhistEra || n >= BUDDHIST_FROM ? n - BUDDHIST_OFFSET : n;
}

/** The first date component of a year-first date read as a year. */
function firstAsYear(h: HeaderFields): number {
  return h.buddhistEra || h.d1 >= BUDDHIST_FROM ? h.d1 - BUDDHIST_OFFSET : h.d1;
}

/**
 * 12 h → 24 h. Hours that are already 0 or 13-23 are kept as written, so hand-edited impossibilities
 * such as `00:04 AM` and `23:59 PM` read as the time they plainly mean.
 */
function to24h(hour: number, period: Period): number {
  switch (period) {
    case 'am':
    case 'midnight':
      return hour === 12 ? 0 : hour;
    case 'pm':
      return hour < 12 ? hour + 12 : hour;
    case 'night': // en "at night" runs from 21:00 to 05:59
      return hour === 12 ? 0 : hour >= 6 && hour < 12 ? hour + 12 : hour;
    case 'noon12': // 12 mittags is 12:xx, 1 mittags is 13:xx
      return hour >= 1 && hour < 6 ? hour + 12 : hour;
    case null:
      return hour;
  }
}

function daysInMonth(year: number | null, month: number): number {
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
