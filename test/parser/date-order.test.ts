/** Day/month order (docs/export-format.md, "Day/month order"): decided over the whole file, never guessed silently. */
import { describe, expect, it } from 'vitest';
import { decideDateOrder, type DateComponents } from '../../src/parser/dates.js';
import { expectParseError, fixture, wall, parseAll } from './helpers.js';

/** `d('1/4/23')` → the components as the parser hands them over (a 3-4 digit first part is a year). */
function d(s: string): DateComponents {
  const [a, b, c] = s.split('/') as [string, string, string];
  return [Number(a), Number(b), c.length <= 2 ? 2000 + Number(c) : Number(c), a.length >= 3];
}
const android = (dates: string[]) => dates.map((date, i) => `${date}, 10:${String(i % 60).padStart(2, '0')} - Priya Shah: message ${i}`).join('\n');

describe('decideDateOrder', () => {
  it.each([
    { dates: ['14/3/24', '1/4/24'], order: 'dmy', why: 'a first component above 12 is a day' },
    { dates: ['3/14/24', '4/1/24'], order: 'mdy', why: 'a second component above 12 is a day' },
    { dates: ['2024/3/4', '2024/3/5'], order: 'ymd', why: 'a four-digit first component is a year' },
    { dates: ['3/3/24', '5/5/24'], order: 'dmy', why: 'day equals month everywhere: either reading gives the same dates' },
    { dates: ['1/4/23'], order: 'ambiguous', why: 'a single 1/4/23 cannot be decided' },
    { dates: ['1/4/23', '2/4/23'], order: 'ambiguous', why: 'one change is not evidence' },
    { dates: ['14/3/24', '3/14/24'], order: 'conflicting', why: 'numbers above 12 in both places' },
    // 10 Jan … 12 Jan, 1 Feb, 2 Feb read backwards as month-first (Dec 1 → Jan 2 in the same year).
    { dates: ['10/1/24', '11/1/24', '12/1/24', '1/2/24', '2/2/24'], order: 'dmy', why: 'month wrap runs backwards only as mdy' },
    { dates: ['1/10/24', '1/11/24', '1/12/24', '2/1/24', '2/2/24'], order: 'mdy', why: 'month wrap runs backwards only as dmy' },
    // Every date chronological either way, but the first component changes at each new day.
    { dates: ['1/4/23', '2/4/23', '3/4/23', '4/4/23'], order: 'dmy', why: 'the day changes often, the month never' },
    { dates: ['4/1/23', '4/2/23', '4/3/23', '4/4/23'], order: 'mdy', why: 'the second component is the one that changes' },
  ])('$why → $order', ({ dates, order }) => {
    expect(decideDateOrder(dates.map(d))).toBe(order);
  });

  it('a late-dated first line (encryption notice) does not outvote the rest of the file', () => {
    // Notice dated 10 Jan, then messages from 1 Jan on: one inversion either way; the changing day decides.
    const dates = ['10/1/24', '1/1/24', '2/1/24', '3/1/24', '4/1/24', '5/1/24'];
    expect(decideDateOrder(dates.map(d))).toBe('dmy');
  });
});

describe('parseExport: day/month order', () => {
  it('all dates ≤ 12 with no evidence → ParseError ambiguous-date-order, with a hint naming the option', () => {
    const error = expectParseError(() => parseAll(fixture('android-ambiguous')), 'ambiguous-date-order');
    expect(error.hint).toMatch(/--date-order dmy/);
  });

  it('a single 1/4/23 line is ambiguous', () => {
    expectParseError(() => parseAll('1/4/23, 10:00 - Priya Shah: hi'), 'ambiguous-date-order');
  });

  it.each([
    { dateOrder: 'dmy', first: [2023, 4, 1, 10, 0, null], last: [2023, 4, 2, 9, 0, null] },
    { dateOrder: 'mdy', first: [2023, 1, 4, 10, 0, null], last: [2023, 2, 4, 9, 0, null] },
  ] as const)('an ambiguous file reads with the given dateOrder ($dateOrder)', ({ dateOrder, first, last }) => {
    const result = parseAll(fixture('android-ambiguous'), { dateOrder });
    expect(result.dateOrder).toBe(dateOrder);
    expect(wall(result.records[0]!.time)).toEqual(first);
    expect(wall(result.records[2]!.time)).toEqual(last);
  });

  it('the dateOrder option does not override what the file itself proves', () => {
    const result = parseAll(android(['14/03/2024', '15/03/2024']), { dateOrder: 'mdy' });
    expect(result.dateOrder).toBe('dmy');
    expect(wall(result.records[0]!.time).slice(0, 3)).toEqual([2024, 3, 14]);
  });

  it('decides from any line of the file, not just the first ones', () => {
    const dates = [...Array.from({ length: 3000 }, () => '01/02/2024'), '13/02/2024'];
    const result = parseAll(android(dates));
    expect(result.dateOrder).toBe('dmy');
    expect(wall(result.records[0]!.time).slice(0, 3)).toEqual([2024, 2, 1]);
  });

  it('chronology evidence decides a file whose dates are all ≤ 12', () => {
    const result = parseAll(android(['10/01/2024', '11/01/2024', '12/01/2024', '01/02/2024', '02/02/2024']));
    expect(result.dateOrder).toBe('dmy');
    expect(wall(result.records[3]!.time).slice(0, 3)).toEqual([2024, 2, 1]);
  });

  it('numbers above 12 in both places → ParseError unsupported-format, not half the file wrong', () => {
    expectParseError(() => parseAll(android(['14/03/2024', '03/14/2024'])), 'unsupported-format');
  });

  it('31/02 → ParseError invalid-date naming the line', () => {
    const error = expectParseError(
      () => parseAll(android(['14/02/2024', '31/02/2024'])),
      'invalid-date',
    );
    expect(error.message).toMatch(/^line 2: day 31 of month 2/);
  });

  it('29 February exists in leap years only', () => {
    expect(wall(parseAll(android(['29/02/2024'])).records[0]!.time).slice(0, 3)).toEqual([2024, 2, 29]);
    expectParseError(() => parseAll(android(['29/02/2023'])), 'invalid-date');
  });

  it('a time that is not a time of day → invalid-date', () => {
    expectParseError(() => parseAll('14/03/2024, 24:30 - Priya Shah: hi'), 'invalid-date');
  });
});
