import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { compareRetention, cutoff, expiresAt, parsePeriod, PeriodError, presetPolicy, type Policy } from '../../src/retention/period.js';

const at = (iso: string) => new Date(iso);
const byHand = (period: string): Policy => ({ period, presets: [] });
const cut = (period: string, now: string) => {
  const ms = cutoff(byHand(period), at(now));
  return ms === null ? null : new Date(ms).toISOString();
};

describe('parsePeriod', () => {
  test.each([
    ['90d', '90d'],
    ['18m', '18m'],
    ['5y', '5y'],
    ['5Y', '5y'],
    [' 9999d ', '9999d'],
    ['forever', 'forever'],
    ['FOREVER', 'forever'],
  ])('%j is the period %s', (text, period) => {
    expect(parsePeriod(text)).toBe(period);
  });

  test.each(['', '5', 'y', '0d', '05y', '-5y', '1.5y', '5w', '10000y', '5 y', 'never', '5years'])('%j is a usage error with a hint', (text) => {
    expect(() => parsePeriod(text)).toThrow(PeriodError);
    try {
      parsePeriod(text);
    } catch (error) {
      expect((error as PeriodError).message).toBe(`"${text}" is not a retention period`);
      expect((error as PeriodError).hint).toMatch(/90d, 18m or 5y, or forever/);
    }
  });
});

describe('cutoff: calendar periods on the UTC calendar', () => {
  test.each([
    // Leap days: one year before 29 Feb has no 29 Feb, four years before has one.
    ['5y', '2024-02-29T12:00:00.000Z', '2019-02-28T12:00:00.000Z'],
    ['1y', '2024-02-29T12:00:00.000Z', '2023-02-28T12:00:00.000Z'],
    ['4y', '2024-02-29T12:00:00.000Z', '2020-02-29T12:00:00.000Z'],
    ['12m', '2024-02-29T00:00:00.000Z', '2023-02-28T00:00:00.000Z'],
    // Month ends clamp to the shorter month.
    ['1m', '2024-03-31T08:00:00.000Z', '2024-02-29T08:00:00.000Z'],
    ['1m', '2023-03-31T08:00:00.000Z', '2023-02-28T08:00:00.000Z'],
    ['18m', '2024-08-31T23:59:59.999Z', '2023-02-28T23:59:59.999Z'],
    ['1m', '2024-05-31T00:30:00.000Z', '2024-04-30T00:30:00.000Z'],
    // Days are whole UTC days, whatever a local clock did in between (DST in Europe 31 Mar 2024, US 10 Mar 2024).
    ['90d', '2024-04-15T12:00:00.000Z', '2024-01-16T12:00:00.000Z'],
    ['1d', '2024-03-10T07:30:00.000Z', '2024-03-09T07:30:00.000Z'],
    ['1d', '2024-03-31T01:30:00.000Z', '2024-03-30T01:30:00.000Z'],
    ['forever', '2024-02-29T12:00:00.000Z', null],
  ])('%s before %s is %s', (period, now, expected) => {
    expect(cut(period, now)).toBe(expected);
  });

  describe('the machine time zone never matters', () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });

    test.each(['America/Sao_Paulo', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Kiritimati'])('TZ=%s', (zone) => {
      // Instants next to local DST changes and to local midnights, where a local-calendar computation would slip.
      const cases: [string, string][] = [
        ['1d', '2024-03-10T07:30:00.000Z'],
        ['1m', '2024-03-31T01:30:00.000Z'],
        ['1y', '2024-02-29T23:30:00.000Z'],
        ['90d', '2024-11-03T06:30:00.000Z'],
        ['18m', '2024-10-06T02:00:00.000Z'],
      ];
      const utcResults = cases.map(([p, now]) => cut(p, now));
      process.env.TZ = zone;
      // The zone really is in effect: local midnight is not UTC midnight in any of these.
      expect(new Date(2024, 0, 1).getTime()).not.toBe(Date.UTC(2024, 0, 1));
      expect(cases.map(([p, now]) => cut(p, now))).toEqual(utcResults);
      expect(cut('1y', '2024-02-29T23:30:00.000Z')).toBe('2023-02-28T23:30:00.000Z');
      expect(cut('1d', '2024-03-10T07:30:00.000Z')).toBe('2024-03-09T07:30:00.000Z');
    });
  });
});

describe('presets', () => {
  test('sec-204-2 keeps a message until 5 years after the end of its calendar year', () => {
    const policy = presetPolicy(['sec-204-2'], at('2030-06-01T00:00:00Z'));
    expect(policy).toEqual({ period: '5y', presets: ['sec-204-2'] });
    // Any time in 2030 the cutoff is the start of 2025: everything from 2024 and before has expired.
    expect(cutoff(policy, at('2030-01-01T00:00:00Z'))).toBe(Date.UTC(2025, 0, 1));
    expect(cutoff(policy, at('2030-12-31T23:59:59.999Z'))).toBe(Date.UTC(2025, 0, 1));
    expect(cutoff(policy, at('2029-12-31T23:59:59.999Z'))).toBe(Date.UTC(2024, 0, 1));
    // A message from year Y expires at the start of Y + 6.
    expect(expiresAt(policy, Date.UTC(2024, 0, 1))).toBe(Date.UTC(2030, 0, 1));
    expect(expiresAt(policy, Date.UTC(2024, 11, 31, 23, 59, 59, 999))).toBe(Date.UTC(2030, 0, 1));
  });

  test('the longest preset wins, compared by the cutoffs they give', () => {
    const now = at('2026-07-01T00:00:00Z');
    expect(presetPolicy(['sec-17a-4', 'finra-4511'], now)).toEqual({ period: '6y', presets: ['sec-17a-4', 'finra-4511'] });
    // sec-204-2 and cftc-1-31 are both "5y", but the year-end rule keeps longer: its cutoff applies.
    const fiveYears = presetPolicy(['cftc-1-31', 'sec-204-2'], now);
    expect(fiveYears.presets).toEqual(['cftc-1-31', 'sec-204-2']);
    expect(cutoff(fiveYears, now)).toBe(Date.UTC(2021, 0, 1));
    expect(cutoff(presetPolicy(['cftc-1-31'], now), now)).toBe(Date.UTC(2021, 6, 1));
    // finra-4511's six years keep longer than sec-204-2's year end plus five.
    const withFinra = presetPolicy(['sec-204-2', 'finra-4511'], now);
    expect(withFinra.period).toBe('6y');
    expect(cutoff(withFinra, now)).toBe(Date.UTC(2020, 6, 1));
  });

  test('names are case-insensitive and repeated names count once', () => {
    expect(presetPolicy(['HIPAA', 'hipaa'], at('2026-01-01T00:00:00Z'))).toEqual({ period: '6y', presets: ['hipaa'] });
  });

  test('an unknown preset is a usage error listing the presets', () => {
    expect(() => presetPolicy(['sec-17a-4', 'gdpr'], at('2026-01-01T00:00:00Z'))).toThrow(PeriodError);
    try {
      presetPolicy(['gdpr'], at('2026-01-01T00:00:00Z'));
    } catch (error) {
      expect((error as PeriodError).message).toBe('no preset named "gdpr"');
      expect((error as PeriodError).hint).toContain('sec-17a-4, finra-4511, sec-204-2, cftc-1-31, mifid2, uk-fca, hipaa');
    }
  });
});

describe('compareRetention', () => {
  const now = at('2024-02-29T12:00:00Z');
  test.each([
    [byHand('18m'), byHand('1y'), 1],
    [byHand('1y'), byHand('18m'), -1],
    [byHand('12m'), byHand('1y'), 0],
    [null, byHand('99y'), 1],
    [byHand('forever'), null, 0],
    [byHand('5y'), byHand('forever'), -1],
    // On 29 Feb 2024 one calendar year back is 28 Feb 2023: 366 days, so 365 days keep less.
    [byHand('366d'), byHand('1y'), 0],
    [byHand('365d'), byHand('1y'), -1],
  ])('%j against %j is %i', (a, b, expected) => {
    expect(compareRetention(a, b, now)).toBe(expected);
  });
});

describe('expiresAt is the first instant the cutoff passes the message', () => {
  const policies = [
    ...['1d', '90d', '1m', '18m', '1y', '5y'].map(byHand),
    { period: '5y', presets: ['sec-204-2'] },
    { period: '6y', presets: ['sec-204-2', 'finra-4511'] },
  ];

  test('at it the message has expired, a millisecond before it has not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...policies),
        (ts, policy) => {
          const when = expiresAt(policy, ts)!;
          expect(ts).toBeLessThan(cutoff(policy, new Date(when))!);
          expect(ts).toBeGreaterThanOrEqual(cutoff(policy, new Date(when - 1))!);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('month ends: a message of 31 March kept a month expires at the start of 1 May', () => {
    expect(new Date(expiresAt(byHand('1m'), Date.UTC(2023, 2, 31, 12))!).toISOString()).toBe('2023-05-01T00:00:00.000Z');
    expect(new Date(expiresAt(byHand('1y'), Date.UTC(2024, 1, 29, 12))!).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(new Date(expiresAt(byHand('1m'), Date.UTC(2024, 2, 15, 12))!).toISOString()).toBe('2024-04-15T12:00:00.001Z');
    expect(expiresAt(byHand('forever'), 0)).toBeNull();
  });
});
