import type { DateOrder, WallTime } from './types.js';
import type { HeaderFields } from './header.js';

export type DateComponents = HeaderFields['date'];

/**
 * Decides day/month order over the whole file (format doc, "Day/month order"):
 * a 3-4 digit first component means year-first; a component above 12 shows which one is the day;
 * otherwise the order under which the file reads more chronologically wins; a tie is ambiguous.
 */
export function decideDateOrder(dates: readonly DateComponents[]): DateOrder | 'ambiguous' | 'conflicting' {
  let yearFirst = 0;
  let firstOver12 = false;
  let secondOver12 = false;
  let allEqual = true;
  for (const [a, b] of dates) {
    if (a.length >= 3) yearFirst++;
    const x = Number(a);
    const y = Number(b);
    if (x > 12) firstOver12 = true;
    if (y > 12) secondOver12 = true;
    if (x !== y) allEqual = false;
  }
  if (yearFirst > dates.length / 2) return 'ymd';
  if (firstOver12 && secondOver12) return 'conflicting';
  if (firstOver12) return 'dmy';
  if (secondOver12) return 'mdy';
  if (allEqual) return 'dmy';
  const dmy = inversions(dates, 'dmy');
  const mdy = inversions(dates, 'mdy');
  if (dmy === mdy) return 'ambiguous';
  return dmy < mdy ? 'dmy' : 'mdy';
}

/** How often a record is dated before the one above it, reading the dates in `order`. */
function inversions(dates: readonly DateComponents[], order: 'dmy' | 'mdy'): number {
  let count = 0;
  let previous = -Infinity;
  for (const [a, b, c] of dates) {
    const [day, month] = order === 'dmy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
    const key = (c === null ? 0 : yearOf(c, false)) * 10000 + month * 100 + day;
    if (key < previous) count++;
    previous = key;
  }
  return count;
}

/** A year as written: 2 digits (20xx), 4 digits, Buddhist era (BE, or any year past 2400), Japanese era (R6). */
export function yearOf(text: string, buddhistEra: boolean): number {
  const era = text[0];
  if (era === 'R' || era === 'H' || era === 'S') {
    const n = Number(text.slice(1));
    return n + (era === 'R' ? 2018 : era === 'H' ? 1988 : 1925);
  }
  const n = Number(text);
  if (text.length <= 2) return 2000 + n;
  return buddhistEra || n >= 2400 ? n - 543 : n;
}

/** Wall time of a header under a decided order, or a reason it is not a real time. */
export function wallTimeOf(h: HeaderFields, order: DateOrder): WallTime | string {
  const [a, b, c] = h.date;
  let day: string, month: string, year: string | null;
  if (h.namedMonth) [day, month, year] = [a, b, c];
  else if (order === 'ymd') [year, month, day] = [a, b, c!];
  else if (order === 'dmy') [day, month, year] = [a, b, c];
  else [month, day, year] = [a, b, c];
  const time: WallTime = {
    year: year === null ? null : yearOf(year, h.buddhistEra),
    month: Number(month),
    day: Number(day),
    hour: to24h(h.hour, h.amPm),
    minute: h.minute,
    second: h.second,
  };
  if (time.month < 1 || time.month > 12) return `month ${time.month} does not exist`;
  if (time.day < 1 || time.day > daysInMonth(time.year, time.month)) return `day ${time.day} of month ${time.month} does not exist`;
  if (time.hour > 23 || time.minute > 59 || (time.second ?? 0) > 59) return 'the time is not a time of day';
  return time;
}

/** Tolerates hand-edited impossibilities such as `00:04 AM` and `23:59 PM`. */
function to24h(hour: number, amPm: 'am' | 'pm' | null): number {
  if (amPm === 'pm' && hour < 12) return hour + 12;
  if (amPm === 'am' && hour === 12) return 0;
  return hour;
}

function daysInMonth(year: number | null, month: number): number {
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
