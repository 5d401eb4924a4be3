import { describe, expect, test } from 'vitest';
import { cut, outputWidth, table } from '../../src/cli/format.js';

describe('table (cli/format.ts)', () => {
  test('aligns columns two spaces apart, numbers to the right, no trailing spaces', () => {
    expect(table([['Orders', '1,200', 'x'], ['Priya Shah', '7', '']], { header: ['CHAT', 'N', 'NOTE'], numeric: [1] })).toEqual([
      'CHAT            N  NOTE',
      'Orders      1,200  x',
      'Priya Shah      7',
    ]);
  });

  test('fits the width by cutting the widest text column with …, never a number', () => {
    const long = 'A chat with a very long name indeed, longer than any terminal would like to show';
    const lines = table([[long, '1,000,000', 'short note']], { header: ['CHAT', 'MESSAGES', 'NOTE'], numeric: [1], indent: '  ' });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^ {2}A chat with .*…  1,000,000  short note$/);
    expect(lines[1]).toHaveLength(80);
    expect(table([[long]], { width: 40 })).toEqual([`${long.slice(0, 39)}…`]);
  });

  test('colour codes take no width and survive a cut', () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
    expect(table([[red('ab'), 'c'], ['abcd', 'e']])).toEqual([`${red('ab')}    c`, 'abcd  e']);
    expect(cut(red('abcdef'), 4)).toBe('\u001b[31mabc…\u001b[0m');
  });

  test('the width is the terminal\'s when stdout is one, else 80', () => {
    expect(outputWidth({ isTTY: true, columns: 120 })).toBe(120);
    expect(outputWidth({ isTTY: false, columns: 120 })).toBe(80);
    expect(outputWidth({})).toBe(80);
  });
});
