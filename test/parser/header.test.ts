/** Header shapes and AM/PM spellings, one line each (docs/export-format.md, "Header lines"). */
import { describe, expect, it } from 'vitest';
import { expectParseError, wall, type Wall, parseAll } from './helpers.js';

const NNBSP = '\u202F';
const NBSP = '\u00A0';
const RLM = '\u200F';

/** Parses one header line (plus `Priya Shah: hi`) and returns its wall time. */
function timeOf(header: string, dateOrder: 'dmy' | 'mdy' = 'dmy'): Wall {
  const result = parseAll(`${header}Priya Shah: hi`, { dateOrder, year: 2013 });
  expect(result.records).toHaveLength(1);
  expect(result.records[0]!.author).toBe('Priya Shah');
  return wall(result.records[0]!.time);
}

describe('AM/PM spellings', () => {
  it.each([
    { header: '14/03/2024, 9:05 PM - ', time: [2024, 3, 14, 21, 5, null], quirk: 'plain space' },
    { header: `14/03/2024, 9:05${NNBSP}PM - `, time: [2024, 3, 14, 21, 5, null], quirk: 'NNBSP (2023+)' },
    { header: `14/03/2024, 9:05${NBSP}PM - `, time: [2024, 3, 14, 21, 5, null], quirk: 'NBSP' },
    { header: '14/03/2024, 9:05PM - ', time: [2024, 3, 14, 21, 5, null], quirk: 'no gap' },
    { header: '14/03/2024, 9:05 pm - ', time: [2024, 3, 14, 21, 5, null], quirk: 'lowercase' },
    { header: '14/03/2024, 9:05 p.m. - ', time: [2024, 3, 14, 21, 5, null], quirk: 'dotted' },
    { header: '14/03/2024, 9:05 p. m. - ', time: [2024, 3, 14, 21, 5, null], quirk: 'dotted with a space' },
    { header: `14/03/2024, 9:05 p.${NBSP}m. - `, time: [2024, 3, 14, 21, 5, null], quirk: 'dotted with NBSP inside' },
    { header: '14/03/2024, 9:05 a. m. - ', time: [2024, 3, 14, 9, 5, null], quirk: 'a. m.' },
    { header: '14/03/2024, 9:05 A.M. - ', time: [2024, 3, 14, 9, 5, null], quirk: 'upper-case A.M.' },
    { header: '14/03/2024, 12:30 AM - ', time: [2024, 3, 14, 0, 30, null], quirk: '12 AM is midnight' },
    { header: '14/03/2024, 12:30 PM - ', time: [2024, 3, 14, 12, 30, null], quirk: '12 PM is noon' },
    { header: '14/03/2024, 00:04 AM - ', time: [2024, 3, 14, 0, 4, null], quirk: 'hand-edited 00:04 AM tolerated' },
    { header: '14/03/2024, 23:59 PM - ', time: [2024, 3, 14, 23, 59, null], quirk: 'hand-edited 23:59 PM tolerated' },
    { header: '14/03/2024, 9:05 in the morning - ', time: [2024, 3, 14, 9, 5, null], quirk: 'en day period' },
    { header: '14/03/2024, 3:05 in the afternoon - ', time: [2024, 3, 14, 15, 5, null], quirk: 'en day period' },
    { header: '14/03/2024, 7:05 in the evening - ', time: [2024, 3, 14, 19, 5, null], quirk: 'en day period' },
    { header: '14/03/2024, 11:05 at night - ', time: [2024, 3, 14, 23, 5, null], quirk: '"at night" before midnight' },
    { header: '14/03/2024, 2:05 at night - ', time: [2024, 3, 14, 2, 5, null], quirk: '"at night" after midnight' },
    { header: '14/03/2024, 12:30 at night - ', time: [2024, 3, 14, 0, 30, null], quirk: '"at night" at 12' },
    { header: '14/03/2024, 12:00 noon - ', time: [2024, 3, 14, 12, 0, null], quirk: 'noon' },
    { header: '14/03/2024, 12:00 midnight - ', time: [2024, 3, 14, 0, 0, null], quirk: 'midnight' },
    { header: '14.03.24, 9:05 vorm. - ', time: [2024, 3, 14, 9, 5, null], quirk: 'German vorm.' },
    { header: '14.03.24, 9:05 nachm. - ', time: [2024, 3, 14, 21, 5, null], quirk: 'German nachm.' },
    { header: '14.03.24, 8:05 abends - ', time: [2024, 3, 14, 20, 5, null], quirk: 'German abends' },
    { header: '14.03.24, 1:05 mittags - ', time: [2024, 3, 14, 13, 5, null], quirk: 'German mittags' },
    { header: '[14.03.24, 9:05:41 PM] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'German date with PM (iOS)' },
    { header: `14${RLM}/3${RLM}/2024\u060C 9:05 \u0645 - `, time: [2024, 3, 14, 21, 5, null], quirk: 'Arabic م' },
    { header: `14${RLM}/3${RLM}/2024\u060C 9:05 \u0635 - `, time: [2024, 3, 14, 9, 5, null], quirk: 'Arabic ص' },
    { header: '[2024/3/14 下午9:05:41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'zh 下午 before the time' },
    { header: '[2024/3/14 上午12:05:41] ', time: [2024, 3, 14, 0, 5, 41], quirk: 'zh 上午 12 is midnight' },
    { header: '[2024/03/14 午後9:05:41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'ja 午後' },
    { header: '[2024. 3. 14. 오후 9:05:41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'ko date with spaces, 오후' },
  ] as const)('$quirk: $header', ({ header, time }) => {
    expect(timeOf(header)).toEqual(time);
  });
});

describe('header shapes', () => {
  it.each([
    { header: '[14.3.2024, 21.05.41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'fi iOS with a comma instead of klo' },
    { header: '[14.3.2024 klo 21.05.41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'fi iOS with klo' },
    { header: '14.03.2024 um 21:05 - ', time: [2024, 3, 14, 21, 5, null], quirk: 'de "um"' },
    { header: '14-03-2024 om 21:05 - ', time: [2024, 3, 14, 21, 5, null], quirk: 'nl "om"' },
    { header: '14.03.2024 kl. 21.05 - ', time: [2024, 3, 14, 21, 5, null], quirk: 'da/nb "kl."' },
    { header: '14.03.24. 21:05 - ', time: [2024, 3, 14, 21, 5, null], quirk: 'trailing dot after the year' },
    { header: '14 Mar 21:05 - ', time: [2013, 3, 14, 21, 5, null], quirk: 'pre-2014 day month, no year (supplied)' },
    { header: '21:05, 14 Mar 2013 - ', time: [2013, 3, 14, 21, 5, null], quirk: 'pre-2014 time first, month name' },
    { header: 'Mar 14, 2013, 9:05 PM - ', time: [2013, 3, 14, 21, 5, null], quirk: 'pre-2014 month name with year' },
    { header: '[14/3/2567, 21:05:41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'Buddhist year without "BE"' },
    { header: '[4/30/H31, 21:05:41] ', time: [2019, 4, 30, 21, 5, 41], quirk: 'Heisei era year' },
    { header: '\u200E[14/03/2024, 21:05:41] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'iOS LRM before the bracket' },
    { header: '[21:05:41, 14/3/24] ', time: [2024, 3, 14, 21, 5, 41], quirk: 'time first, day first' },
  ] as const)('$quirk: $header', ({ header, time }) => {
    expect(timeOf(header)).toEqual(time);
  });

  it('month-name-first files report mdy, day-first ones dmy', () => {
    expect(parseAll('Mar 14, 9:05 PM - Priya Shah: hi', { year: 2013 }).dateOrder).toBe('mdy');
    expect(parseAll('14 Mar 21:05 - Priya Shah: hi', { year: 2013 }).dateOrder).toBe('dmy');
  });

  it('an iOS-bracketed line and an Android dash line are different platforms', () => {
    expect(parseAll('[14/03/2024, 21:05:41] Priya Shah: hi').platform).toBe('ios');
    expect(parseAll('14/03/2024, 21:05 - Priya Shah: hi').platform).toBe('android');
    expect(parseAll('3/14/16, 9:05:41 PM: Priya Shah: hi').platform).toBe('ios');
  });

  it('a bracket without its closing bracket is not a header', () => {
    expect(parseAll('[14/03/2024, 21:05:41 Priya Shah: hi').records).toHaveLength(0);
  });
});

describe('unknown formats', () => {
  it('a file of header-like lines in an unknown AM/PM spelling → ParseError unsupported-format, not an empty chat', () => {
    const text = ['14/03/2024, 9:05 अपराह्न - Priya Shah: hi', '14/03/2024, 9:06 अपराह्न - Ravi Kumar: hello'].join('\n');
    const error = expectParseError(() => parseAll(text), 'unsupported-format');
    expect(error.message).toMatch(/^line 1 looks like a WhatsApp message header/);
  });
});
