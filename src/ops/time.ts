import { TZDate } from '@date-fns/tz';
import type { WallTime } from '../parser/types.js';

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Wall-clock time to UTC milliseconds in `zone`. Zones change on the hour, at most once a day: a local day
 * whose first and last hour have the same offset has it throughout (one lookup a day, where one an hour
 * took 0.4 s of a million-message import); the day of a change is resolved hour by hour.
 */
export function instantResolver(zone: string): (t: WallTime) => number {
  const offsetAt = (t: WallTime, hour: number) => Date.UTC(t.year, t.month - 1, t.day, hour) - new TZDate(t.year, t.month - 1, t.day, hour, 0, 0, zone).getTime();
  /** Per local day: its offset, or NaN on a day the offset changes (then per hour). */
  const days = new Map<number, number>();
  const hours = new Map<number, number>();
  return (t) => {
    const dayKey = (t.year * 13 + t.month) * 32 + t.day;
    let offset = days.get(dayKey);
    if (offset === undefined) {
      const first = offsetAt(t, 0);
      offset = first === offsetAt(t, 23) ? first : NaN;
      days.set(dayKey, offset);
    }
    if (Number.isNaN(offset)) {
      const hourKey = dayKey * 24 + t.hour;
      offset = hours.get(hourKey);
      if (offset === undefined) hours.set(hourKey, (offset = offsetAt(t, t.hour)));
    }
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second ?? 0) - offset;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYYMMDDHHMM', the minute an identity is keyed on. */
export function compactMinute(t: WallTime): string {
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}${pad(t.hour)}${pad(t.minute)}`;
}

/** 'YYYY-MM-DD HH:MM[:SS]': seconds only where the export has them. */
export function localText(t: WallTime): string {
  const minute = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
  return t.second === null ? minute : `${minute}:${pad(t.second)}`;
}

