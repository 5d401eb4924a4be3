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

/** Wall-clock time to UTC milliseconds in `zone`; offsets are cached per local hour (zones change on the hour). */
export function instantResolver(zone: string): (t: WallTime) => number {
  const offsets = new Map<number, number>();
  return (t) => {
    const hourKey = ((t.year * 13 + t.month) * 32 + t.day) * 24 + t.hour;
    let offset = offsets.get(hourKey);
    if (offset === undefined) {
      const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour);
      offset = wall - new TZDate(t.year, t.month - 1, t.day, t.hour, 0, 0, zone).getTime();
      offsets.set(hourKey, offset);
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

