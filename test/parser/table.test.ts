/** The packed header table gives back exactly what it was given, for every value a header can hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Era, HeaderFields, Period } from '../../src/parser/header.js';
import { HeaderTable } from '../../src/parser/table.js';

const fields: fc.Arbitrary<HeaderFields> = fc.record({
  d1: fc.integer({ min: 0, max: 9999 }),
  d2: fc.integer({ min: 0, max: 99 }),
  d3: fc.option(fc.integer({ min: 0, max: 9999 }), { nil: null }),
  yearFirst: fc.boolean(),
  shortThird: fc.boolean(),
  era: fc.constantFrom<Era>(0, 1, 2, 3),
  buddhistEra: fc.boolean(),
  namedFirst: fc.constantFrom<HeaderFields['namedFirst']>(null, 'day', 'month'),
  hour: fc.integer({ min: 0, max: 99 }),
  minute: fc.integer({ min: 0, max: 99 }),
  seconds: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
  period: fc.constantFrom<Period>(null, 'am', 'pm', 'night', 'noon12', 'midnight'),
});

describe('HeaderTable', () => {
  it('reads back every field of every row', () => {
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 50 }), (rows) => {
        const table = new HeaderTable();
        rows.forEach((h, i) => table.add(i * 100, i * 100 + 20, h));
        rows.forEach((h, i) => {
          expect(table.read(i)).toEqual(h);
          expect([table.start(i), table.bodyStart(i), table.repeatsPrevious(i)]).toEqual([i * 100, i * 100 + 20, false]);
        });
      }),
    );
  });

  it('a repeated header has the fields of the row before it and says so', () => {
    fc.assert(
      fc.property(fields, (h) => {
        const table = new HeaderTable();
        table.add(0, 20, h);
        table.addRepeat(50, 70);
        expect(table.read(1)).toEqual(h);
        expect([table.start(1), table.bodyStart(1), table.repeatsPrevious(1)]).toEqual([50, 70, true]);
        expect(table.sameDate(0, 1)).toBe(true);
      }),
    );
  });

  it('compares dates without the time', () => {
    const table = new HeaderTable();
    const base: HeaderFields = {
      d1: 14, d2: 3, d3: 24, yearFirst: false, shortThird: true, era: 0, buddhistEra: false, namedFirst: null,
      hour: 9, minute: 5, seconds: null, period: null,
    };
    table.add(0, 10, base);
    table.add(20, 30, { ...base, hour: 23, minute: 59, seconds: 59, period: 'pm' });
    table.add(40, 50, { ...base, d1: 15 });
    table.add(60, 70, { ...base, d3: 25 });
    expect([table.sameDate(0, 1), table.sameDate(1, 2), table.sameDate(0, 3)]).toEqual([true, false, false]);
  });

  it('spans chunks (65,536 rows each) without mixing rows up', () => {
    const table = new HeaderTable();
    const h: HeaderFields = {
      d1: 1, d2: 2, d3: null, yearFirst: false, shortThird: false, era: 0, buddhistEra: false, namedFirst: 'day',
      hour: 0, minute: 0, seconds: null, period: null,
    };
    for (let i = 0; i < 70_000; i++) table.add(i, i + 1, { ...h, minute: i % 60 });
    expect([table.length, table.start(65_536), table.read(65_536).minute, table.read(69_999).minute]).toEqual([70_000, 65_536, 65_536 % 60, 69_999 % 60]);
  });
});
