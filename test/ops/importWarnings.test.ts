import { describe, expect, test } from 'vitest';
import { readingWarnings, writtenWarnings, type ReadingFacts, type WrittenFacts } from '../../src/ops/importWarnings.js';

const quietRead: ReadingFacts = { earlierZone: null, tz: 'Europe/Lisbon', dateOrderOption: undefined, dateOrder: 'dmy', controlLines: 0, skippedLines: 0 };
const DAY = 86_400_000;
const quietWrite: WrittenFacts = {
  chat: 'Orders',
  total: 120,
  oldest: Date.UTC(2024, 2, 1),
  converter: { implausible: 0, latest: Date.UTC(2024, 3, 1), firstImplausible: '' },
  saved: { previousOldest: null, previousNewest: null },
  findings: { ambiguous: 0 },
};

describe('what an import reports besides its counts (ops/importWarnings.ts)', () => {
  test('a file read as it is, into a chat it continues, gives no warning', () => {
    expect(readingWarnings(quietRead)).toEqual([]);
    expect(writtenWarnings({ ...quietWrite, saved: { previousOldest: quietWrite.oldest - DAY, previousNewest: quietWrite.oldest + DAY } })).toEqual([]);
  });

  test('each thing about how the file was read is a line of its own, in order', () => {
    const warnings = readingWarnings({ earlierZone: 'Asia/Kolkata', tz: 'Europe/Lisbon', dateOrderOption: 'mdy', dateOrder: 'dmy', controlLines: 2, skippedLines: 3 });
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('read its times as Asia/Kolkata, this one as Europe/Lisbon');
    expect(warnings[1]).toBe('the dates in this file can only be read as dmy, so --date-order mdy was not used');
    expect(warnings[2]).toMatch(/^2 line\(s\) held stray control characters/);
    expect(warnings[3]).toBe('3 line(s) before the first message are not messages and were not imported');
  });

  test('the zone and the date order are only reported when they differ', () => {
    expect(readingWarnings({ ...quietRead, earlierZone: 'Europe/Lisbon' })).toEqual([]);
    expect(readingWarnings({ ...quietRead, dateOrderOption: 'dmy' })).toEqual([]);
  });

  test('implausible dates name the first such line and the latest plausible day', () => {
    const [line] = writtenWarnings({ ...quietWrite, converter: { implausible: 2, latest: Date.UTC(2024, 3, 1), firstImplausible: '01/01/2001, 10:00 - Ana: hi' } });
    expect(line).toContain('2 message(s) are dated before WhatsApp existed');
    expect(line).toContain('(2024-04-01)');
    expect(line).toContain('"01/01/2001, 10:00 - Ana: hi"');
  });

  test('an export of exactly a WhatsApp limit is cut off only where the archive did not reach back already', () => {
    const limit = { ...quietWrite, total: 40_000 };
    expect(writtenWarnings(limit)[0]).toMatch(/^this export has exactly 40,000 messages, a WhatsApp export limit/);
    expect(writtenWarnings({ ...limit, total: 10_000 })[0]).toContain('exactly 10,000 messages');
    expect(writtenWarnings({ ...limit, total: 39_999 })).toEqual([]);
    expect(writtenWarnings({ ...limit, saved: { previousOldest: limit.oldest, previousNewest: limit.oldest + DAY } })).toEqual([]);
  });

  test('a gap after the archived messages, and ambiguous deletion placeholders, are reported', () => {
    const gap = writtenWarnings({ ...quietWrite, saved: { previousOldest: quietWrite.oldest - 9 * DAY, previousNewest: quietWrite.oldest - DAY } });
    expect(gap).toEqual([
      `gap: the archive's newest message of "Orders" is from 2024-02-29T00:00:00.000Z, but this export starts at 2024-03-01T00:00:00.000Z; messages in between may be missing.`,
    ]);
    expect(writtenWarnings({ ...quietWrite, findings: { ambiguous: 3 } })[0]).toMatch(/^3 "message deleted" placeholder\(s\) sit where several/);
  });
});
