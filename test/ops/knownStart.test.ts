/**
 * The known start of a chat's export (ops/knownStart.ts): a later export that starts with the same bytes
 * is read only from where they end, and every import comes out exactly as a read of the whole export
 * would: each scenario runs twice, in an archive as is and in a twin whose known starts are removed before
 * each import (so that it reads every export whole), and the two must agree on every result and row.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importExports, type ImportedExport } from '../../src/ops/import.js';
import { purgeExpired } from '../../src/ops/purge.js';
import { setRetention } from '../../src/ops/retention.js';
import { verifyArchive } from '../../src/ops/verify.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { useTempDir } from '../source/zipKit.js';
import { writeExport } from '../helpers/exports.js';
import { exportText, message, range, type Line } from '../helpers/minutes.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
// Local days are not UTC days here: each local day's messages fall in two UTC days.
const TZ = 'America/Sao_Paulo';

let n = 0;
function exportOf(lines: Line[], iPhone = false): string {
  const text = exportText(lines);
  return writeExport(tmp.dir, `WhatsApp Chat with Orders ${++n}.txt`, iPhone ? text.replace(/^(\d\d\/\d\d\/\d{4}), (\d\d:\d\d) - /gm, '[$1, $2:00] ') : text);
}

let archives: Archive[] = [];
afterEach(() => {
  for (const a of archives) a.db.close();
  archives = [];
});

/** An archive, and its twin that reads every export whole. */
function twins(): [Archive, Archive] {
  const open = (name: string) => openArchive(path.join(tmp.dir, name), { create: true, busyTimeoutMs: 1000, now: NOW });
  archives = [open(`known-${++n}`), open(`whole-${++n}`)];
  return archives as [Archive, Archive];
}

async function importInto(archive: Archive, file: string): Promise<ImportedExport> {
  const result = await importExports(archive, { paths: [file], chat: 'Orders', tz: TZ, now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return result.imports[0]!;
}

const ROWS = [
  'SELECT chat_id, import_id, ident, ts, local, author, kind, text, edited, original, hash FROM messages ORDER BY id',
  'SELECT * FROM message_media ORDER BY message_id, position',
  'SELECT * FROM deleted_later ORDER BY 1',
  'SELECT id, chat_id, source, sha256, records, added FROM imports ORDER BY id',
];
/** Held days (ops/heldDays.ts) are derived: a known start's days keep the digests the archive had for them, if any. */
const HELD_DAYS = 'SELECT chat_id, day, records FROM held_days ORDER BY chat_id, day';

/** Imports the export into both archives; they must agree. Returns the known-start archive's result. */
async function both([known, whole]: [Archive, Archive], lines: Line[], iPhone = false): Promise<ImportedExport> {
  const file = exportOf(lines, iPhone);
  const a = await importInto(known, file);
  whole.db.exec('DELETE FROM known_starts');
  const b = await importInto(whole, file);
  expect(b.unchangedStart).toBe(0);
  expect({ ...a, unchangedStart: 0 }).toEqual(b);
  for (const sql of ROWS) expect(known.db.prepare(sql).all(), sql).toEqual(whole.db.prepare(sql).all());
  expect(whole.db.prepare(HELD_DAYS).all()).toEqual(expect.arrayContaining(known.db.prepare(HELD_DAYS).all()));
  return a;
}

describe('a later export that starts as the one before it', () => {
  it('is read from the start of the last day the archive had on: the same messages, counts and rows', async () => {
    const pair = twins();
    expect((await both(pair, range(0, 6000))).unchangedStart).toBe(0);
    // 50 more on the last local day (17) and after: the start up to day 16 is not read again.
    const second = await both(pair, range(0, 6050));
    expect(second.unchangedStart).toBe(5220);
    expect(second.added).toBe(50);
    expect(second.duplicates).toBe(6000);
    // Two new days: read from day 17 on.
    const third = await both(pair, range(0, 8000));
    expect(third.unchangedStart).toBe(5220);
    expect(third.added).toBe(1950);
    // Then from day 18 on.
    expect((await both(pair, range(0, 8100))).unchangedStart).toBe(6660);
    expect(verifyArchive(pair[0], { now: NOW }).ok).toBe(true);
  });

  it('from an iPhone too', async () => {
    const pair = twins();
    expect(await both(pair, range(0, 6000), true)).toMatchObject({ platform: 'ios', unchangedStart: 0 });
    expect(await both(pair, range(0, 6050), true)).toMatchObject({ platform: 'ios', unchangedStart: 5220, added: 50 });
  });

  it('that repeats a message of an old day at its end (a later run of that day) counts the archived ones for its ordinal', async () => {
    const pair = twins();
    await both(pair, range(0, 6000));
    // Message 1000 again, same minute, author and text, after the last one: a second message, not a duplicate.
    const again = await both(pair, [...range(0, 6010), message(1000)]);
    expect(again.unchangedStart).toBe(5220);
    expect(again.added).toBe(11);
  });

  it('that shows an archived message of its last day as deleted marks it, as a whole read does', async () => {
    const pair = twins();
    await both(pair, range(0, 6000));
    const later = range(0, 6050);
    later[5990] = { ...later[5990]!, text: 'This message was deleted' };
    const second = await both(pair, later);
    expect(second.unchangedStart).toBe(5220);
    expect(second.deletedLater).toBe(1);
    // The placeholder matched an archived message: this import keeps no known start, the next reads all.
    expect((await both(pair, [...later, ...range(6050, 6060)])).unchangedStart).toBe(0);
  });
});

describe('an export read whole although the archive knows a start', () => {
  it('when its start differs by one byte', async () => {
    const pair = twins();
    await both(pair, range(0, 6000));
    const later = range(0, 6050);
    later[1000] = { ...later[1000]!, text: 'message number 1000, edited' };
    const second = await both(pair, later);
    expect(second.unchangedStart).toBe(0);
    expect(second.added).toBe(51);
  });

  it('when its saved state is damaged (derived data: read whole, not failed)', async () => {
    const pair = twins();
    await both(pair, range(0, 6000));
    pair[0].db.exec(`UPDATE known_starts SET state = '{"records": 5'`);
    expect((await both(pair, range(0, 6050))).unchangedStart).toBe(0);
    pair[0].db.exec(`UPDATE known_starts SET state = '{"records": 5}'`);
    expect((await both(pair, range(0, 6100))).unchangedStart).toBe(0);
  });

  it('when the chat changed since (a purge), or retention reaches into the start', async () => {
    const pair = twins();
    await both(pair, range(0, 6000));
    for (const archive of pair) setRetention(archive, { period: '2y', presets: [], force: true, now: NOW });
    // 2024-01-13 is within two years of NOW; two years after 2024-01-14 12:00 it is not.
    const later = new Date('2026-01-14T12:00:00Z');
    for (const archive of pair) purgeExpired(archive, { now: later, dryRun: false });
    const second = await both(pair, range(0, 6050));
    expect(second.unchangedStart).toBe(0);
  });
});

describe('two imports of the chat at once (two connections, as two processes would)', () => {
  it('the one whose transaction starts after the other changed the chat reads its export whole', async () => {
    const dir = path.join(tmp.dir, `shared-${++n}`);
    const open = () => openArchive(dir, { create: true, busyTimeoutMs: 5000, now: NOW });
    archives = [open()];
    await importInto(archives[0]!, exportOf(range(0, 6000)));
    archives.push(open());
    // Both look at the chat before either writes; the second to write finds it changed and starts again.
    const [a, b] = await Promise.all([importInto(archives[0]!, exportOf(range(0, 6050))), importInto(archives[1]!, exportOf(range(0, 6100)))]);
    expect([a.unchangedStart, b.unchangedStart].sort()).toEqual([0, 5220]);
    expect(a.added + b.added).toBe(100);
    const whole = b.unchangedStart === 0 ? b : a;
    expect(whole.duplicates).toBe(whole.messages - whole.added);
    expect(count(archives[0]!, 'SELECT count(*) FROM messages')).toBe(6100);
    expect(count(archives[0]!, 'SELECT count(DISTINCT ident) FROM messages')).toBe(6100);
    expect(verifyArchive(archives[0]!, { now: NOW }).ok).toBe(true);
  });
});

function count(archive: Archive, sql: string): number {
  return archive.db.prepare(sql).pluck().get() as number;
}
