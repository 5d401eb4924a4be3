import { describe, expect, test } from 'vitest';
import { parsePeriod } from '../../src/retention/period.js';
import { findPreset, PRESETS } from '../../src/retention/presets.js';

describe('presets', () => {
  test('the presets the issue asks for, with their periods', () => {
    expect(Object.fromEntries(PRESETS.map((p) => [p.name, p.period]))).toEqual({
      'sec-17a-4': '3y',
      'finra-4511': '6y',
      'sec-204-2': '5y',
      'cftc-1-31': '5y',
      mifid2: '5y',
      'uk-fca': '5y',
      hipaa: '6y',
      'uk-company': '6y',
      'uk-vat': '6y',
      'de-letters': '6y',
      'de-vouchers': '8y',
      'de-books': '10y',
      'us-irs-bad-debt': '7y',
    });
    expect(PRESETS.filter((p) => p.fromYearEnd).map((p) => p.name)).toEqual(['sec-204-2', 'uk-company', 'de-letters', 'de-vouchers', 'de-books', 'us-irs-bad-debt']);
  });

  test.each(PRESETS.map((p) => [p.name, p] as const))('%s has a valid period, the rule it cites with its source, and one line on what it covers', (_name, preset) => {
    expect(parsePeriod(preset.period)).toBe(preset.period);
    expect(preset.rule.length).toBeGreaterThan(5);
    expect(preset.source).toMatch(/^https:\/\/[a-z.-]+\.(gov|org|de|eu|gov\.uk|fca\.org\.uk)\//);
    expect(`${preset.rule} ${preset.covers}`).not.toMatch(/complian/i);
    expect(preset.covers.length).toBeGreaterThan(40);
    expect(preset.covers).not.toContain('\n');
  });

  test('found by name in any case, unknown names are not', () => {
    expect(findPreset('FINRA-4511')?.name).toBe('finra-4511');
    expect(findPreset('gdpr')).toBeUndefined();
  });
});
