/**
 * The time blocks cut into runs (store/searchRuns.ts): kept by every refresh of search's data, the same
 * as a cut of every block row, and bounds that hold for every message of a run.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { runsMissing, storedRuns, storeTimeRuns } from '../../src/store/searchRuns.js';
import { BLOCK_BITS, refreshSearchData } from '../../src/store/vocabulary.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

const runsTable = () => archive!.db.prepare('SELECT first_id, last_id, min_ts, max_ts, hex(bounds) AS bounds FROM search_time_runs ORDER BY first_id').all();

async function importInto(chat: string, count: number, minutes: number) {
  const file = writeExport(tmp.dir, `WhatsApp Chat with ${chat} ${count} ${minutes}.txt`, androidExport(count, minutes, (i) => ({ author: 'Ana', text: `ok ${chat} ${i}` })));
  const result = await importExports(archive!, { paths: [file], chat, tz: 'UTC', now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return result;
}

/** Every message's id, chat and time, in id order. */
const messages = () => archive!.db.prepare('SELECT id, chat_id AS chat, ts FROM messages ORDER BY id').all() as { id: number; chat: number; ts: number }[];

describe('the runs of the time blocks', () => {
  it('are kept by each import as a cut of every block row would make them, and bound every message exactly', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    // Chats whose imports alternate, each more than a block, and one that grows across refreshes.
    await importInto('Orders', 2500, 0);
    await importInto('Trips', 1500, -200_000);
    await importInto('Orders', 3100, 0);
    await importInto('Orders', 3200, 0); // continues the last run
    expect((await importInto('Trips', 1600, -200_000)).searchData?.refresh).toBe('added');
    const kept = runsTable();
    archive.db.exec('DELETE FROM search_time_runs');
    expect(runsMissing(archive.db)).toBe(true);
    storeTimeRuns(archive.db, 0, BLOCK_BITS);
    expect(runsTable()).toEqual(kept);

    const runs = storedRuns(archive.db)!;
    // A run per chat's turn: covering every id, none overlapping.
    expect(runs.map((r) => [r.first, r.last])).toEqual([
      [1, 2500],
      [2501, 4000],
      [4001, 4700],
      [4701, 4800],
    ]);
    const all = messages();
    for (const run of runs) {
      const inRun = all.filter((m) => m.id >= run.first && m.id <= run.last);
      expect(run.minTs).toBe(Math.min(...inRun.map((m) => m.ts)));
      expect(run.maxTs).toBe(Math.max(...inRun.map((m) => m.ts)));
      for (const id of [run.first, run.first + 1, run.first + 1023, run.first + 1024, run.last - 1, run.last, run.last + 1]) {
        const below = inRun.filter((m) => m.id < id).map((m) => m.ts);
        const above = inRun.filter((m) => m.id > id).map((m) => m.ts);
        // Bounds: never tighter than the truth, and no looser than the block holding id.
        expect(run.newestBefore(id)).toBeGreaterThanOrEqual(below.length === 0 ? -Infinity : Math.max(...below));
        expect(run.oldestAfter(id)).toBeLessThanOrEqual(above.length === 0 ? Infinity : Math.min(...above));
      }
      expect(run.newestBefore(run.first)).toBe(-Infinity);
      expect(run.newestBefore(run.last + 1)).toBe(run.maxTs);
      expect(run.oldestAfter(run.last)).toBe(Infinity);
      expect(run.oldestAfter(run.first - 1)).toBe(run.minTs);
      // For a time: the ids surely as new (old) as it hold only such messages, and none lies outside those that may.
      const times = inRun.map((m) => m.ts);
      for (const ts of [run.minTs - 1, run.minTs, times[Math.floor(times.length / 3)]!, times[Math.floor(times.length / 2)]! + 1, run.maxTs, run.maxTs + 1]) {
        for (const newest of [true, false]) {
          const reaches = (t: number) => (newest ? t >= ts : t <= ts);
          const [sureFirst, sureLast] = run.surely(ts, newest);
          const [mayFirst, mayLast] = run.maybe(ts, newest);
          expect(inRun.filter((m) => m.id >= sureFirst && m.id <= sureLast).every((m) => reaches(m.ts))).toBe(true);
          expect(inRun.filter((m) => reaches(m.ts)).every((m) => m.id >= mayFirst && m.id <= mayLast)).toBe(true);
          // No looser than the blocks: all of a run's messages reach its own far end, none reach past it.
          if (ts === (newest ? run.minTs : run.maxTs)) expect([sureFirst, sureLast]).toEqual([run.first, run.last]);
          if (ts === (newest ? run.maxTs + 1 : run.minTs - 1)) expect(mayFirst).toBeGreaterThan(mayLast);
          // A run in time order over more than two blocks: a time in its middle leaves some blocks sure, and some out.
          if (ts === times[Math.floor(times.length / 2)]! + 1 && run.last - run.first >= 2048) {
            expect(sureLast - sureFirst + 1).toBeGreaterThan(0);
            expect(mayLast - mayFirst + 1).toBeLessThan(run.last - run.first + 1);
          }
        }
      }
    }
  });

  it('join chats whose ids overlap into one run, and a purge (a rebuild) cuts them again', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    await importInto('Orders', 300, 0);
    await importInto('Trips', 300, -200_000);
    // Interleaved ids, as if messages had moved between chats: every other Trips message becomes an Orders one.
    archive.db.exec('UPDATE messages SET chat_id = (SELECT min(chat_id) FROM messages) WHERE id > 300 AND id % 2 = 0');
    archive.db.exec('DELETE FROM search_state');
    expect(refreshSearchData(archive.db)).toBe('rebuilt');
    const runs = storedRuns(archive.db)!;
    expect(runs.map((r) => [r.first, r.last])).toEqual([[1, 600]]);
    expect(runs[0]!.newestBefore(601)).toBe(Math.max(...messages().map((m) => m.ts)));
  });

  it('are missing on an archive upgraded from schema 10 until its next refresh, and searches then read without them', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    await importInto('Orders', 1200, 0);
    archive.db.exec('DELETE FROM search_time_runs');
    expect(storedRuns(archive.db)).toBeNull();
    const again = await importInto('Orders', 1200, 0);
    expect(again.imports[0]!.added).toBe(0);
    expect(again.searchData?.refresh).toBe('added');
    expect(runsMissing(archive.db)).toBe(false);
    expect(storedRuns(archive.db)!.map((r) => [r.first, r.last])).toEqual([[1, 1200]]);
  });
});
