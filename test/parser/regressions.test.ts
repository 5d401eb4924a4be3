/** Bugs other parsers had (docs/export-format.md, "Oddities handled"), each pinned by a test named after it. */
import { describe, expect, it } from 'vitest';
import { fixture, summary, wall, parseAll } from './helpers.js';

const BOM = '\uFEFF';
const LRM = '\u200E';

describe('regressions', () => {
  it.each([
    ['Android', `${BOM}14/03/2024, 09:05 - Priya Shah: first\n14/03/2024, 09:06 - Ravi Kumar: second`],
    ['iOS', `${BOM}[14/03/2024, 09:05:41] Priya Shah: first\r\n[14/03/2024, 09:06:00] Ravi Kumar: second\r\n`],
    ['iOS with LRM after the BOM', `${BOM}${LRM}[14/03/2024, 09:05:41] Priya Shah: first\r\n[14/03/2024, 09:06:00] Ravi Kumar: second`],
  ])('BOM at the start does not kill the first message (%s)', (_, text) => {
    const { records, skippedLines } = parseAll(text);
    expect(records).toHaveLength(2);
    expect(skippedLines).toBe(0);
    expect(records[0]).toMatchObject({ author: 'Priya Shah', text: 'first' });
  });

  it('an edited caption of an Android attachment loses its edited marker', () => {
    const { records } = parseAll([
      '14/03/2024, 09:05 - Priya Shah: IMG-20240314-WA0002.jpg (file attached)',
      'the new caption <This message was edited>',
      '14/03/2024, 09:06 - Priya Shah: IMG-20240314-WA0003.jpg (file attached)',
      '<This message was edited>',
    ].join('\n'));
    expect(records.map((r) => [r.kind, r.text, r.edited])).toEqual([['media', 'the new caption', true], ['media', '', true]]);
  });

  it('CRLF record ends with bare LF inside a message (iOS) keep the message whole', () => {
    const text = '[14/03/2024, 09:05:41] Priya Shah: line 1\nline 2\n\nline 4\r\n[14/03/2024, 09:06:00] Ravi Kumar: ok\r\n';
    const { records } = parseAll(text);
    expect(records.map((r) => r.text)).toEqual(['line 1\nline 2\n\nline 4', 'ok']);
    expect(records[0]!.text).not.toContain('\r');
  });

  it('a lone CR ends a line too (old Mac line ends)', () => {
    const { records } = parseAll('14/03/2024, 09:05 - Priya Shah: a\rb\r14/03/2024, 09:06 - Ravi Kumar: c');
    expect(records.map((r) => r.text)).toEqual(['a\nb', 'c']);
  });

  it('continuation lines, blank ones included, belong to the record above', () => {
    const { records } = parseAll(['14/03/2024, 09:05 - Priya Shah: one', '', 'three', '   ', '14/03/2024, 09:06 - Ravi Kumar: ok'].join('\n'));
    expect(records[0]!.text).toBe('one\n\nthree\n   ');
    expect(records[0]!.original).toBe('14/03/2024, 09:05 - Priya Shah: one\n\nthree\n   ');
  });

  it('non-chronological lines keep file order and their own times', () => {
    const { records } = parseAll([
      '15/03/2024, 10:00 - Priya Shah: later',
      '14/03/2024, 09:00 - Ravi Kumar: earlier',
      '16/03/2024, 08:00 - Priya Shah: latest',
    ].join('\n'));
    expect(records.map((r) => wall(r.time).slice(0, 3))).toEqual([[2024, 3, 15], [2024, 3, 14], [2024, 3, 16]]);
  });

  it('several messages in one minute (Android) stay separate records', () => {
    const { records } = parseAll('14/03/2024, 09:05 - Priya Shah: a\n14/03/2024, 09:05 - Priya Shah: a\n14/03/2024, 09:05 - Priya Shah: b');
    expect(records).toHaveLength(3);
  });

  it('wall times are frozen values: records with the same header time may share one', () => {
    const { records } = parseAll('14/03/2024, 09:05 - Priya Shah: a\n14/03/2024, 09:05 - Ravi Kumar: b\n14/03/2024, 09:06 - Priya Shah: c');
    expect(Object.isFrozen(records[0]!.time)).toBe(true);
    expect(records[1]!.time).toBe(records[0]!.time);
    expect(records[2]!.time).not.toBe(records[1]!.time);
    expect(() => { (records[0]!.time as { minute: number }).minute = 7; }).toThrow(TypeError);
    expect(wall(records[1]!.time)).toEqual([2024, 3, 14, 9, 5, null]);
  });

  it('a file that is not an export gives no records and counts its lines as skipped', () => {
    const result = parseAll(fixture('not-an-export'));
    expect(result.records).toEqual([]);
    expect(result.skippedLines).toBe(4);
  });

  it('an empty file gives no records', () => {
    expect(parseAll('')).toMatchObject({ records: [], skippedLines: 0 });
    expect(parseAll('\n\n')).toMatchObject({ records: [], skippedLines: 2 });
  });

  it('lines before the first header are skipped and counted', () => {
    const result = parseAll('exported by a helper app\n\n14/03/2024, 09:05 - Priya Shah: hi');
    expect(result.skippedLines).toBe(2);
    expect(result.records).toHaveLength(1);
  });

  // Known limitation (docs/export-format.md, "Known limits"): a pasted line in the file's own header style is a header.
  it('a pasted line in the file\'s own header style starts a new record', () => {
    const { records } = parseAll('14/03/2024, 09:05 - Priya Shah: look what he wrote:\n13/03/2024, 21:00 - Ravi Kumar: hi');
    expect(records).toHaveLength(2);
  });

  it('a pasted Android line inside an iOS export stays part of the message', () => {
    const { records } = parseAll([
      '[14/03/2024, 09:05:41] Priya Shah: look what he wrote:',
      '13/03/2024, 21:00 - Ravi Kumar: hi',
      '[14/03/2024, 09:06:00] Ravi Kumar: ok',
    ].join('\r\n'));
    expect(records).toHaveLength(2);
    expect(records[0]!.text).toBe('look what he wrote:\n13/03/2024, 21:00 - Ravi Kumar: hi');
  });

  it('a pasted iOS line inside an Android export stays part of the message', () => {
    const { records } = parseAll([
      '14/03/2024, 09:05 - Priya Shah: quoting:',
      '[13/03/2024, 21:00:00] Ravi Kumar: hi',
      '14/03/2024, 09:06 - Ravi Kumar: ok',
    ].join('\n'));
    expect(records.map((r) => summary(r).author)).toEqual(['Priya Shah', 'Ravi Kumar']);
  });

  // Quadratic backtracking: at this size the old patterns ran for over a minute; linear ones take milliseconds.
  const HUGE = 100_000;
  it('a line of many direction marks does not make the header pattern backtrack quadratically', { timeout: 3000 }, () => {
    const marks = '\u200E'.repeat(HUGE);
    const text = ['14/03/2024, 09:05 - Priya Shah: hi', `${marks}x`, `14/03/2024${marks}x`, `14/03/2024, 09:05${marks}x`].join('\n');
    expect(parseAll(text).records).toHaveLength(1);
  });

  it('a long run of spaces before a final ">" does not make the edited-marker search quadratic', { timeout: 3000 }, () => {
    const { records } = parseAll(`14/03/2024, 09:05 - Priya Shah: x${' '.repeat(HUGE)}a>`);
    expect(records[0]!.edited).toBe(false);
  });

  it('the original of each record keeps its direction marks', () => {
    const line = `[14/03/2024, 09:05:41] Priya Shah: ${LRM}image omitted`;
    expect(parseAll(line).records[0]!.original).toBe(line);
  });
});
