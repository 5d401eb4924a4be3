import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, addYears } from 'date-fns';
import type { LocalRange } from '../store/messages.js';
import { OpError } from './errors.js';

/**
 * The local date now (YYYY-MM-DD), asked for only when a relative date needs it: working it out loads the
 * time-zone data, about a third of a Node start (README "Start time and scale").
 */
export type Today = () => string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const AGO = /^([1-9]\d{0,3})([dwmy])$/;

/**
 * `--since`/`--until` as local wall-clock bounds (the time shown for each message): since is inclusive,
 * until includes the whole day or minute it names. Either may be a time ago (7d, 2w, 3m, 1y): the local
 * date that long before `today` (the local date now, YYYY-MM-DD).
 */
export function localRange(since: string | undefined, until: string | undefined, today: Today): LocalRange {
  const from = since === undefined ? undefined : checked(since, '--since', today);
  // '~' sorts after every digit and ':', so the bound takes in everything that starts with `until`.
  const to = until === undefined ? undefined : `${checked(until, '--until', today)}~`;
  if (from !== undefined && to !== undefined && from > to) {
    throw new OpError('usage', `--since ${since} is after --until ${until}`, 'Swap them: --since is the earlier date.');
  }
  return { from, to };
}

/** A date as typed, with a time ago (7d, …) turned into the date it means: what a record of the selection keeps. */
export function absoluteDate(text: string, today: Today): string {
  return ago(text, today) ?? text.trim();
}

/** '7d' (days), '2w' (weeks), '3m' (months), '1y' (years) before `today`, as a date; null if `text` is no such length. */
function ago(text: string, today: Today): string | null {
  const m = AGO.exec(text.trim().toLowerCase());
  if (m === null) return null;
  const n = -Number(m[1]);
  const date = new TZDate(`${today()}T00:00:00Z`, 'UTC');
  const shifted = m[2] === 'd' ? addDays(date, n) : m[2] === 'w' ? addWeeks(date, n) : m[2] === 'm' ? addMonths(date, n) : addYears(date, n);
  return shifted.toISOString().slice(0, 10);
}

function checked(text: string, option: string, today: Today): string {
  const relative = ago(text, today);
  if (relative !== null) return relative;
  const m = DATE.exec(text.trim());
  const valid =
    m !== null &&
    Number(m[2]) >= 1 && Number(m[2]) <= 12 &&
    Number(m[3]) >= 1 && Number(m[3]) <= 31 &&
    (m[4] === undefined || (Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6] ?? 0) <= 59));
  if (!valid) {
    throw new OpError('usage', `${option} "${text}" is not a date`, `Write dates as YYYY-MM-DD or "YYYY-MM-DD HH:MM", e.g. ${option} 2024-03-14, or a time ago such as ${option} 7d (days, w weeks, m months, y years).`);
  }
  return text.trim().replace('T', ' ');
}
