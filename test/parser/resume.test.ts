// parseExportFrom: the rest of an export read from a record on, as the parse of the whole export reads it.
import { describe, expect, it } from 'vitest';
import { parseExport, parseExportFrom } from '../../src/parser/parse.js';
import type { ParseState } from '../../src/parser/types.js';

/** An Android export of `days` days from 1 March 2024 (day/month order shown by days above 12), `perDay` records a day. */
function androidExport(days: number, perDay: number, order: 'dmy' | 'mdy' = 'dmy'): string {
  const lines: string[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.UTC(2024, 2, 1 + d));
    const [dd, mm] = [String(date.getUTCDate()).padStart(2, '0'), String(date.getUTCMonth() + 1).padStart(2, '0')];
    const day = order === 'dmy' ? `${dd}/${mm}/2024` : `${mm}/${dd}/2024`;
    for (let i = 0; i < perDay; i++) {
      const time = `${String(9 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      lines.push(`${day}, ${time} - ${i % 3 === 0 ? 'Priya Shah' : 'Tom'}: message ${d}.${i}`);
      if (i % 7 === 0) lines.push('a second line');
    }
  }
  return `${lines.join('\n')}\n`;
}

function records(text: string, state?: ParseState) {
  const parsed = state === undefined ? parseExport(text) : parseExportFrom(text, state);
  return parsed === null ? null : [...parsed.records];
}

describe('parseExportFrom', () => {
  it('reads the rest of an export from a record on exactly as the whole parse does', () => {
    const text = androidExport(40, 60);
    const whole = parseExport(text);
    const all = records(text)!;
    // Record 2040 starts day 35.
    expect(whole.resumeAt(2039)).toBeNull();
    const point = whole.resumeAt(2040)!;
    expect(point).not.toBeNull();
    const rest = parseExportFrom(text.slice(point.offset), point.state)!;
    expect(rest.count).toBe(whole.count - 2040);
    expect(rest.dateOrder).toBe(whole.dateOrder);
    expect([...rest.records]).toEqual(all.slice(2040));
  });

  it('gives the same state from a resumed parse as from the whole one', () => {
    const text = androidExport(40, 60, 'mdy');
    const whole = parseExport(text);
    const first = whole.resumeAt(2040)!;
    const rest = parseExportFrom(text.slice(first.offset), first.state)!;
    const later = whole.resumeAt(2280)!;
    const again = rest.resumeAt(240)!;
    expect(again.state).toEqual(later.state);
    expect(first.offset + again.offset).toBe(later.offset);
    expect(later.state.styles.find((s) => s !== null)?.order).toBe('mdy');
  });

  it("counts the lines before the record (a BOM, continuation lines, a last line without a line break)", () => {
    const text = `\uFEFF${androidExport(40, 60).trimEnd()}`;
    const point = parseExport(text).resumeAt(2040)!;
    expect(point.state.lines).toBe(text.slice(0, point.offset).split('\n').length - 1);
    expect(point.state.lines).toBe(2040 + Math.ceil(60 / 7) * 34);
  });

  it('cannot resume before the lines that decide the shape', () => {
    expect(parseExport(androidExport(40, 60)).resumeAt(10)).toBeNull();
  });

  it("reads an iPhone export's rest as the whole parse does, knowing who wrote in its start", () => {
    // Ana writes an ordinary message only in the start; in the rest, an LRM-led body of hers is her text
    // (she is a participant), not a group event, as in the whole parse.
    const start = androidExport(35, 60).replace(/^(\d\d\/\d\d\/2024), (\d\d:\d\d) - /gm, '[$1, $2:00] ');
    const rest = ['[05/04/2024, 09:00:00] Ana: \u200Ephoto sent', '[05/04/2024, 09:01:00] Tom: ok'].join('\n');
    const ios = `[29/02/2024, 08:00:00] Ana: hello\n${start}${rest}\n`;
    const whole = parseExport(ios);
    expect(whole.platform).toBe('ios');
    const all = [...parseExport(ios).records];
    expect(all.at(-2)).toMatchObject({ author: 'Ana', kind: 'message' });
    const point = whole.resumeAt(all.length - 2)!;
    expect(point.state.participants).toContain('Ana');
    const resumed = parseExportFrom(ios.slice(point.offset), point.state)!;
    expect([...resumed.records]).toEqual(all.slice(-2));
  });

  it('refuses to resume where the rest would change how the start was read', () => {
    // The start's dates show the day first (days above 12); a rest whose dates show the month first would
    // make the whole file's dates conflicting: parse the whole instead (which says so).
    const text = androidExport(40, 60);
    const point = parseExport(text).resumeAt(2040)!;
    expect(parseExportFrom('03/25/2024, 10:00 - Tom: late\n', point.state)).toBeNull();
    // A rest that does not start with a header is no rest of this export.
    expect(parseExportFrom('no header here\n25/03/2024, 10:00 - Tom: late\n', point.state)).toBeNull();
  });
});
