import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addYears, startOfDay, startOfYear } from 'date-fns';
import { findPreset, PRESETS } from './presets.js';

/** A retention policy: how long messages are kept. */
export interface Policy {
  /** '90d', '18m', '5y' or 'forever'. */
  period: string;
  /** The preset names it came from; [] when the period was set by hand. */
  presets: string[];
}

/** A period or preset the user wrote that is not one (a usage error). */
export class PeriodError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'PeriodError';
  }
}

const PERIOD = /^([1-9]\d{0,3})([dmy])$/;

/** Validates a period ('90d', '18m', '5y', 'forever'; any case) and returns it in lower case. */
export function parsePeriod(text: string): string {
  const period = text.trim().toLowerCase();
  if (period === 'forever' || PERIOD.test(period)) return period;
  throw new PeriodError(
    `"${text}" is not a retention period`,
    'Use a number (1 to 9999) of days, months or years such as 90d, 18m or 5y, or forever.',
  );
}

/** The policy of one or more presets: all of them apply, so the longest wins at every moment. */
export function presetPolicy(names: readonly string[], now: Date): Policy {
  const presets = [...new Set(names.map((name) => findPreset(name)?.name ?? unknownPreset(name)))];
  const longest = presets
    .map((name) => ({ period: findPreset(name)!.period, presets: [name] }))
    .reduce((a, b) => (compareRetention(b, a, now) > 0 ? b : a));
  return { period: longest.period, presets };
}

function unknownPreset(name: string): never {
  throw new PeriodError(`no preset named "${name}"`, `Presets: ${PRESETS.map((p) => p.name).join(', ')} ("wa-archive retention --presets" says what each covers).`);
}

/** UTC milliseconds: a message expires when its time is before this; null when nothing expires. */
export function cutoff(policy: Policy, now: Date): number | null {
  const cutoffs = rules(policy).map((rule) => ruleCutoff(rule, now.getTime()));
  return cutoffs.includes(null) ? null : Math.min(...(cutoffs as number[]));
}

/** The first instant (UTC ms) at which a message of time `ts` counts as expired under `policy`; null: never. */
export function expiresAt(policy: Policy, ts: number): number | null {
  const instants = rules(policy).map((rule) => ruleExpiry(rule, ts));
  return instants.includes(null) ? null : Math.max(...(instants as number[]));
}

/** Positive when `a` keeps messages longer than `b` at `now`, negative when shorter, 0 when the same. No policy keeps everything. */
export function compareRetention(a: Policy | null, b: Policy | null, now: Date): number {
  const ca = (a === null ? null : cutoff(a, now)) ?? -Infinity;
  const cb = (b === null ? null : cutoff(b, now)) ?? -Infinity;
  return ca === cb ? 0 : ca < cb ? 1 : -1;
}

export function samePolicy(a: Policy | null, b: Policy | null): boolean {
  if (a === null || b === null) return a === b;
  return a.period === b.period && a.presets.join() === b.presets.join();
}

interface Rule {
  period: string;
  fromYearEnd: boolean;
}

/** A hand-set period is one rule; presets are one rule each (all apply). */
function rules(policy: Policy): Rule[] {
  if (policy.presets.length === 0) return [{ period: policy.period, fromYearEnd: false }];
  return policy.presets.map((name) => findPreset(name) ?? { period: policy.period, fromYearEnd: false });
}

function ruleCutoff(rule: Rule, now: number): number | null {
  if (rule.period === 'forever') return null;
  const from = rule.fromYearEnd ? startOfYear(utc(now)).getTime() : now;
  return shift(from, rule.period, -1);
}

/**
 * Calendar arithmetic clamps to month ends (31 Mar − 1m = 29 Feb), so the instant a message expires is not
 * always its time plus the period: when clamping held the cutoff back, it passes the message at the next
 * UTC midnight instead.
 */
function ruleExpiry(rule: Rule, ts: number): number | null {
  if (rule.period === 'forever') return null;
  if (rule.fromYearEnd) return shift(addYears(startOfYear(utc(ts)), 1).getTime(), rule.period, 1);
  const kept = shift(ts, rule.period, 1);
  if (shift(kept + 1, rule.period, -1) > ts) return kept + 1;
  return addDays(startOfDay(utc(kept)), 1).getTime();
}

/** `ms` plus (sign 1) or minus (sign −1) a period, on the UTC calendar. */
function shift(ms: number, period: string, sign: 1 | -1): number {
  const [, amount, unit] = PERIOD.exec(period)!;
  const n = sign * Number(amount);
  const date = utc(ms);
  const shifted = unit === 'd' ? addDays(date, n) : unit === 'm' ? addMonths(date, n) : addYears(date, n);
  return shifted.getTime();
}

function utc(ms: number): TZDate {
  return new TZDate(ms, 'UTC');
}
