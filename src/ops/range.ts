import type { LocalRange } from '../store/messages.js';
import { OpError } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `--since`/`--until` as local wall-clock bounds (the time shown for each message): since is inclusive,
 * until includes the whole day or minute it names.
 */
export function localRange(since: string | undefined, until: string | undefined): LocalRange {
  return {
    from: since === undefined ? undefined : checked(since, '--since'),
    // '~' sorts after every digit and ':', so the bound takes in everything that starts with `until`.
    to: until === undefined ? undefined : `${checked(until, '--until')}~`,
  };
}

function checked(text: string, option: string): string {
  const m = DATE.exec(text.trim());
  const valid =
    m !== null &&
    Number(m[2]) >= 1 && Number(m[2]) <= 12 &&
    Number(m[3]) >= 1 && Number(m[3]) <= 31 &&
    (m[4] === undefined || (Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6] ?? 0) <= 59));
  if (!valid) {
    throw new OpError('usage', `${option} "${text}" is not a date`, `Write dates as YYYY-MM-DD or "YYYY-MM-DD HH:MM", e.g. ${option} 2024-03-14.`);
  }
  return text.trim().replace('T', ' ');
}
