// Opening, retention, holds and purge pinned at the ops layer: what is refused, stored, counted and deleted, read
// from the results the ops return and from the archive, not from the CLI's wording (test/cli/* has that).
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { addHold, listHolds } from '../../src/ops/hold.js';
import { importExports } from '../../src/ops/import.js';
import { planPurge, purgeExpired } from '../../src/ops/purge.js';
import { clearRetention, setRetention, showRetention } from '../../src/ops/retention.js';
import { archiveStatus } from '../../src/ops/status.js';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ArchiveError } from '../../src/store/errors.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';

const pad = (n: number) => String(n).padStart(2, '0');
const DAY = 86_400_000;
const NOW = new Date('2021-07-01T00:00:00Z');
/** Messages of tenDaily before 2020-07-01 (a 1y period at NOW): 2020-01-01 + 10 days × 0..18. */
const EXPIRED_AT_1Y = 19;
/** ... and before 2021-01-01 (6m at NOW): 2020-01-01 + 10 days × 0..36. */
const EXPIRED_AT_6M = 37;

/** 60 messages, one every 10 days from 2020-01-01 09:00 UTC, as an Android export. */
function tenDaily(author: string): string {
  return Array.from({ length: 60 }, (_, i) => {
    const d = new Date(Date.UTC(2020, 0, 1, 9) + i * 10 * DAY);
    const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    return `${date} - ${author}: note ${i} from ${author}\n`;
  }).join('');
}

const open: Archive[] = [];
afterEach(() => {
  for (const archive of open.splice(0)) archive.db.close();
});

async function importTenDaily(archive: Archive, dir: string, author: string) {
  const file = writeExport(dir, `WhatsApp Chat with ${author}.txt`, tenDaily(author));
  return importExports(archive, { paths: [file], tz: 'UTC', dateOrder: 'dmy', now: NOW, toolVersion: 'test' });
}

/** Chats Ana and Bo, 60 messages each. */
async function archiveWithTwoChats(): Promise<Archive> {
  const dir = tempDir();
  const archive = openArchive(join(dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  open.push(archive);
  for (const author of ['Ana', 'Bo']) expect((await importTenDaily(archive, dir, author)).imports[0]!.added).toBe(60);
  return archive;
}

const messages = (archive: Archive) => Object.fromEntries(showRetention(archive, NOW).chats.map((c) => [c.chat, c.expired]));
const stored = (archive: Archive) => archive.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
const auditEntries = (archive: Archive) => archive.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
const set = (archive: Archive, period: string, more: { chat?: string; force?: boolean } = {}) =>
  setRetention(archive, { period, presets: [], force: more.force ?? false, now: NOW, chat: more.chat });

describe('the archive every command but import opens', () => {
  test('missing: refused as missing, and nothing is created', () => {
    const dir = join(tempDir(), 'none');
    expect(() => openArchive(dir, { create: false, busyTimeoutMs: 1000, now: NOW })).toThrow(expect.objectContaining({ code: 'missing' }));
    expect(existsSync(dir)).toBe(false);
  });

  test('busy: a change that waits too long for another writer is refused as busy, and nothing changes', async () => {
    const archive = await archiveWithTwoChats();
    const waiting = openArchive(archive.dir, { create: false, busyTimeoutMs: 50, now: NOW });
    open.push(waiting);
    const holder = new Database(join(archive.dir, 'archive.db'));
    const entries = auditEntries(archive);
    try {
      holder.exec('BEGIN IMMEDIATE');
      for (const change of [() => set(waiting, '1y'), () => addHold(waiting, { chat: 'Ana', reason: 'x', now: NOW }), () => purgeExpired(waiting, { now: NOW, dryRun: false })]) {
        expect(change).toThrow(ArchiveError);
        expect(change).toThrow(expect.objectContaining({ code: 'busy' }));
      }
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect([showRetention(archive, NOW).default, listHolds(archive), auditEntries(archive)]).toEqual([null, [], entries]);
  });
});

describe('retention at the ops layer', () => {
  test('shortening is refused without force, with the counts that would become eligible, and writes nothing', async () => {
    const archive = await archiveWithTwoChats();
    expect(set(archive, '5y').status).toBe('applied');
    const entries = auditEntries(archive);
    const refused = set(archive, '1y');
    expect(refused).toMatchObject({ status: 'refused', shortened: true, inForceBefore: { period: '5y' }, inForceAfter: { period: '1y' } });
    expect(refused.chats).toEqual([
      { chat: 'Ana', eligible: EXPIRED_AT_1Y, held: false },
      { chat: 'Bo', eligible: EXPIRED_AT_1Y, held: false },
    ]);
    expect(showRetention(archive, NOW).default).toEqual({ period: '5y', presets: [] });
    expect(auditEntries(archive)).toBe(entries);
    expect(set(archive, '1y', { force: true }).status).toBe('applied');
    expect(messages(archive)).toEqual({ Ana: EXPIRED_AT_1Y, Bo: EXPIRED_AT_1Y });
    expect(auditEntries(archive)).toBe(entries + 1);
  });

  test('the same policy again is unchanged and writes nothing; lengthening needs no force', async () => {
    const archive = await archiveWithTwoChats();
    set(archive, '1y');
    const entries = auditEntries(archive);
    expect(set(archive, '1Y').status).toBe('unchanged');
    expect(auditEntries(archive)).toBe(entries);
    expect(set(archive, '5y')).toMatchObject({ status: 'applied', shortened: false });
  });

  test("a chat's own period: shorter than the default is refused without force; clearing it falls back", async () => {
    const archive = await archiveWithTwoChats();
    set(archive, '5y');
    const refused = set(archive, '1y', { chat: 'ana' });
    expect(refused).toMatchObject({ status: 'refused', chat: 'Ana', chats: [{ chat: 'Ana', eligible: EXPIRED_AT_1Y, held: false }] });
    expect(set(archive, '1y', { chat: 'ana', force: true }).status).toBe('applied');
    expect(messages(archive)).toEqual({ Ana: EXPIRED_AT_1Y, Bo: 0 });
    // Clearing a chat's longer period in favour of a shorter default is a shortening too.
    set(archive, '1y', { force: true });
    set(archive, 'forever', { chat: 'Bo' });
    expect(clearRetention(archive, { chat: 'Bo', force: false, now: NOW })).toMatchObject({ status: 'refused', chats: [{ chat: 'Bo', eligible: EXPIRED_AT_1Y }] });
    expect(clearRetention(archive, { chat: 'Bo', force: true, now: NOW }).status).toBe('applied');
    expect(showRetention(archive, NOW).chats.map((c) => [c.chat, c.period, c.source])).toEqual([['Ana', '1y', 'chat'], ['Bo', '1y', 'default']]);
  });
});

describe('holds at the ops layer', () => {
  test('placed, then its reason updated (in force since first placed), then unchanged', async () => {
    const archive = await archiveWithTwoChats();
    expect(addHold(archive, { chat: 'bo', reason: 'first matter', now: NOW })).toEqual({ status: 'placed', previousReason: null, chat: 'Bo' });
    const later = new Date('2021-08-01T00:00:00Z');
    expect(addHold(archive, { chat: 'Bo', reason: ' second matter ', now: later })).toEqual({ status: 'updated', previousReason: 'first matter', chat: 'Bo' });
    const entries = auditEntries(archive);
    expect(addHold(archive, { chat: 'Bo', reason: 'second matter', now: later }).status).toBe('unchanged');
    expect(auditEntries(archive)).toBe(entries);
    expect(listHolds(archive)).toEqual([{ chat: 'Bo', reason: 'second matter', placedAt: NOW.toISOString() }]);
  });
});

describe('purge at the ops layer', () => {
  const purge = (archive: Archive) => purgeExpired(archive, { now: NOW, dryRun: false });

  test('no period set: nothing ever expires, nothing is deleted', async () => {
    const archive = await archiveWithTwoChats();
    expect(purge(archive)).toMatchObject({ noRetention: true, total: 0, purged: [], wiped: true });
    expect(stored(archive)).toBe(120);
  });

  test('nothing expired yet: total 0, and a period is in force', async () => {
    const archive = await archiveWithTwoChats();
    set(archive, '5y');
    expect(purge(archive)).toMatchObject({ noRetention: false, total: 0, purged: [] });
    expect(stored(archive)).toBe(120);
  });

  test('deletes what expired in chats without a hold, counts what holds keep; a second run finds nothing', async () => {
    const archive = await archiveWithTwoChats();
    set(archive, '1y');
    addHold(archive, { chat: 'Bo', reason: 'case 17', now: NOW });
    const status = () => archiveStatus(archive, { now: NOW, staleAfter: '8d' });
    expect(status()).toMatchObject({ lastPurge: null, lastVerify: null, stale: [expect.any(String), expect.any(String)] });
    const plan = planPurge(archive, NOW);
    expect(plan).toMatchObject({ dryRun: true, total: EXPIRED_AT_1Y, held: [{ chat: 'Bo', wouldPurge: EXPIRED_AT_1Y }] });
    expect(stored(archive)).toBe(120);
    const done = purge(archive);
    expect(done).toMatchObject({ dryRun: false, total: EXPIRED_AT_1Y, wiped: true, filesRemoved: 0 });
    expect(done.purged.map((p) => [p.chat, p.messages, p.oldest, p.newest])).toEqual([['Ana', EXPIRED_AT_1Y, '2020-01-01T09:00:00.000Z', '2020-06-29T09:00:00.000Z']]);
    expect(done.held).toEqual([{ chat: 'Bo', reason: 'case 17', wouldPurge: EXPIRED_AT_1Y, cutoff: '2020-07-01T00:00:00.000Z' }]);
    expect(stored(archive)).toBe(120 - EXPIRED_AT_1Y);
    expect(purge(archive).total).toBe(0);
    // status: a purge ran (a verify never did).
    expect(status().lastPurge).not.toBeNull();
    expect(status().stale).toHaveLength(1);
  });

  test('a shorter period later purges the rest of what expired, in every chat', async () => {
    const archive = await archiveWithTwoChats();
    set(archive, '1y');
    purge(archive);
    set(archive, '6m', { force: true });
    const done = purge(archive);
    expect(done.total).toBe(2 * (EXPIRED_AT_6M - EXPIRED_AT_1Y));
    expect(done.purged.map((p) => [p.chat, p.messages])).toEqual([['Ana', EXPIRED_AT_6M - EXPIRED_AT_1Y], ['Bo', EXPIRED_AT_6M - EXPIRED_AT_1Y]]);
    expect(stored(archive)).toBe(120 - 2 * EXPIRED_AT_6M);
  });

  test('an import after a purge stores nothing past retention and counts it as expired', async () => {
    const archive = await archiveWithTwoChats();
    set(archive, '1y');
    purge(archive);
    const again = (await importTenDaily(archive, tempDir(), 'Ana')).imports[0]!;
    expect(again).toMatchObject({ added: 0, expired: EXPIRED_AT_1Y, duplicates: 60 - EXPIRED_AT_1Y });
    expect(stored(archive)).toBe(120 - 2 * EXPIRED_AT_1Y);
  });
});
