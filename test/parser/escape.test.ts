/** The line escape of wa-archive's own txt export (U+2060 at a line start), as the parser reverses it. */
import { describe, expect, it } from 'vitest';
import { parseAll } from './helpers.js';

const WJ = '\u2060';
const LS = '\u2028';
const first = (...lines: string[]) => parseAll(lines.join('\n')).records;

describe('a word joiner at the start of a line is removed once, after classifying', () => {
  it('keeps an escaped header-looking line inside the message', () => {
    const records = first('2024-03-14, 21:05 - Priya Shah: see:', `${WJ}2024-03-14, 21:06 - Tom: not a message`);
    expect(records).toHaveLength(1);
    expect(records[0]!.text).toBe('see:\n2024-03-14, 21:06 - Tom: not a message');
  });

  it('keeps an escaped placeholder a plain message', () => {
    const [r] = first(`2024-03-14, 21:05 - Priya Shah: ${WJ}null`);
    expect(r).toMatchObject({ kind: 'message', text: 'null', media: [] });
  });

  it('removes one escape per line, and none inside a line or after U+2028', () => {
    const [r] = first(`2024-03-14, 21:05 - Priya Shah: ${WJ}${WJ}a${WJ}`, `${WJ}b${LS}${WJ}c`, WJ);
    expect(r!.text).toBe(`${WJ}a${WJ}\nb${LS}${WJ}c\n`);
  });

  it('applies to system events and captions too', () => {
    const records = first(`2024-03-14, 21:05 - \u200E${WJ}Tom: joined`, '2024-03-14, 21:06 - Priya Shah: Invoice.pdf (file attached)', `${WJ}Invoice.pdf`);
    expect(records[0]).toMatchObject({ author: null, kind: 'system', text: 'Tom: joined' });
    expect(records[1]).toMatchObject({ kind: 'media', text: 'Invoice.pdf', media: [{ name: 'Invoice.pdf' }] });
  });
});
