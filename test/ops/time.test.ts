import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { instantResolver } from '../../src/ops/time.js';

describe('instantResolver: one offset a day, except on days the zone changes', () => {
  it('gives every hour of 2016–2019 the instant of that hour’s own offset, across transitions at midnight, 02:00 and by half an hour', () => {
    // Sao Paulo changed at midnight (until 2019), Berlin at 02:00/03:00, Lord Howe by 30 minutes, Tehran at midnight (until 2022).
    for (const zone of ['America/Sao_Paulo', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Tehran']) {
      const instant = instantResolver(zone);
      const wrong: string[] = [];
      for (let day = Date.UTC(2016, 0, 1); day < Date.UTC(2020, 0, 1); day += 86_400_000) {
        const d = new Date(day);
        for (let hour = 0; hour < 24; hour++) {
          const t = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute: 59, second: null };
          const offset = Date.UTC(t.year, t.month - 1, t.day, hour) - new TZDate(t.year, t.month - 1, t.day, hour, 0, 0, zone).getTime();
          if (instant(t) !== Date.UTC(t.year, t.month - 1, t.day, hour, 59) - offset) wrong.push(`${zone} ${d.toISOString().slice(0, 10)} ${hour}:59`);
        }
      }
      expect(wrong).toEqual([]);
    }
  });
});
