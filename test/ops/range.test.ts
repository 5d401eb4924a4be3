import { describe, expect, test } from 'vitest';
import { localRange } from '../../src/ops/range.js';

const on = (date: string) => () => date;

describe('dates as people type them', () => {
  test.each([
    ['7d', '2024-03-03'],
    ['2w', '2024-02-25'],
    ['3m', '2023-12-10'],
    ['1y', '2023-03-10'],
    ['1M', '2024-02-10'],
  ])('--since %s counts back from today (2024-03-10) to %s', (ago, date) => {
    expect(localRange(ago, undefined, on('2024-03-10')).from).toBe(date);
  });

  test('calendar months clamp at month ends, and --until a time ago includes that whole day', () => {
    expect(localRange('1m', '1d', on('2024-03-31'))).toEqual({ from: '2024-02-29', to: '2024-03-30~' });
  });

  test('a --since after the --until is a usage error, also when written as times ago', () => {
    expect(() => localRange('2024-03-02', '2024-03-01', on('2024-03-10'))).toThrow(/--since 2024-03-02 is after --until 2024-03-01/);
    expect(() => localRange('1d', '1w', on('2024-03-10'))).toThrow(/--since 1d is after --until 1w/);
    expect(localRange('2024-03-01 10:00', '2024-03-01', on('2024-03-10'))).toEqual({ from: '2024-03-01 10:00', to: '2024-03-01~' });
  });

  test('absolute dates are unchanged; anything else is a usage error naming both forms', () => {
    expect(localRange('2024-01-02', '2024-01-03 10:00', on('2024-03-10'))).toEqual({ from: '2024-01-02', to: '2024-01-03 10:00~' });
    expect(() => localRange('0d', undefined, on('2024-03-10'))).toThrow(/--since "0d" is not a date/);
    expect(() => localRange('7 days', undefined, on('2024-03-10'))).toThrow(expect.objectContaining({ hint: expect.stringContaining('--since 7d') }));
  });

  test('today is asked for only when a date is relative (working it out loads the time-zone data)', () => {
    const never = () => {
      throw new Error('today was asked for');
    };
    expect(localRange('2024-01-02', '2024-01-03', never)).toEqual({ from: '2024-01-02', to: '2024-01-03~' });
    expect(localRange(undefined, undefined, never)).toEqual({ from: undefined, to: undefined });
    expect(() => localRange('7d', undefined, never)).toThrow('today was asked for');
  });
});
