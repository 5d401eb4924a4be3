import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import { cli, cliJson, ROOT, tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** An Android export line at a UTC instant (imported with --tz UTC). */
function line(ms: number, author: string, text: string): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} - ${author}: ${text}`;
}

const DAY = 86_400_000;
/** 60 messages, one every 10 days from 2020-01-01 09:00 UTC (to 2021-08-18); message 5 has a rare word. */
function tenDaily(author: string): string {
  const lines = Array.from({ length: 60 }, (_, i) => line(Date.UTC(2020, 0, 1, 9) + i * 10 * DAY, author, i === 5 ? `the zebrafishmarker note ${i}` : `note ${i} from ${author}`));
  return `${lines.join('\n')}\n`;
}

/** Chats Ana and Bo (60 messages each); now = 2021-07-01, so a 1y period expires what is before 2020-07-01. */
async function archiveWithTwoChats(): Promise<{ archive: string; env: Record<string, string> }> {
  const dir = tempDir();
  const archive = join(dir, 'archive');
  const env = { WA_ARCHIVE_NOW: '2021-07-01T00:00:00Z' };
  for (const author of ['Ana', 'Bo']) {
    const file = writeExport(dir, `WhatsApp Chat with ${author}.txt`, tenDaily(author));
    expect((await cli(['--archive', archive, '-q', 'import', file, '--tz', 'UTC'], { env })).code).toBe(0);
  }
  return { archive, env };
}

/** Messages before 2020-07-01: 2020-01-01 + 10 days × 0..18 (2020 is a leap year: i = 18 is 2020-06-29). */
const EXPIRED_AT_1Y = 19;

async function counts(archive: string): Promise<Record<string, number>> {
  const chats = (await cliJson(['--archive', archive, 'chats'])).json as Array<{ chat: string; messages: number }>;
  return Object.fromEntries(chats.map((c) => [c.chat, c.messages]));
}

function readArchive<T>(archive: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(archive, 'archive.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function lastAudit(archive: string): { operation: string; details: any } {
  const row = readArchive(archive, (db) => db.prepare('SELECT operation, details FROM audit_log ORDER BY seq DESC LIMIT 1').get()) as { operation: string; details: string };
  return { operation: row.operation, details: JSON.parse(row.details) };
}

describe('purge without anything to do', () => {
  test('no archive: an error (its wording: archive.test.ts), exit 1', async () => {
    const r = await cli(['--archive', join(tempDir(), 'none'), 'purge']);
    expect(r.code).toBe(1);
  });

  test('no retention period set: says so, with how to set one; succeeds and deletes nothing', async () => {
    const { archive, env } = await archiveWithTwoChats();
    const r = await cli(['--archive', archive, 'purge'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no retention period is set, so nothing ever expires');
    expect(r.stderr).toContain('hint: Set one with "wa-archive retention set PERIOD"');
    const { json } = await cliJson(['--archive', archive, 'purge'], { env });
    expect(json).toEqual({ now: '2021-07-01T00:00:00.000Z', dryRun: false, purged: [], held: [], total: 0 });
    expect(await counts(archive)).toEqual({ Ana: 60, Bo: 60 });
  });

  test('nothing expired yet: a clear "nothing to purge", exit 0', async () => {
    const { archive, env } = await archiveWithTwoChats();
    await cli(['--archive', archive, 'retention', 'set', '5y'], { env });
    const r = await cli(['--archive', archive, 'purge'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Nothing to purge: no message has expired');
  });
});

describe('purge --dry-run', () => {
  test('lists per chat what would go and what a hold keeps, changes nothing, and is audited', async () => {
    const { archive, env } = await archiveWithTwoChats();
    await cli(['--archive', archive, 'retention', 'set', '1y'], { env });
    await cli(['--archive', archive, 'hold', 'add', 'Bo', '--reason', 'case 17'], { env });
    const r = await cli(['--archive', archive, 'purge', '--dry-run'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Would delete ${EXPIRED_AT_1Y} messages from 1 chat`);
    expect(r.stdout).toMatch(new RegExp(`Ana\\s+${EXPIRED_AT_1Y}\\s+0\\s+2020-01-01\\s+2020-06-29\\s+2020-07-01 \\(1y\\)`));
    expect(r.stdout).toContain(`held: "Bo" (case 17): keeps ${EXPIRED_AT_1Y} expired messages`);
    expect(await counts(archive)).toEqual({ Ana: 60, Bo: 60 });
    const audit = lastAudit(archive);
    expect(audit.operation).toBe('purge');
    expect(audit.details).toMatchObject({ dryRun: true, removed: [], held: [{ chat: 'Bo', reason: 'case 17', wouldPurge: EXPIRED_AT_1Y }] });
    expect(audit.details.chats).toEqual([{ chat: 'Ana', period: '1y', presets: [], cutoff: '2020-07-01T00:00:00.000Z', messages: EXPIRED_AT_1Y, media: 0 }]);
  });
});

describe('purge', () => {
  test('--json is exactly the contract; held chats keep everything; the archive verifies; search forgets the words', async () => {
    const { archive, env } = await archiveWithTwoChats();
    await cli(['--archive', archive, 'retention', 'set', '1y'], { env });
    await cli(['--archive', archive, 'hold', 'add', 'Bo', '--reason', 'case 17'], { env });
    const typo = await cli(['--archive', archive, 'search', 'zebrafishmarkr']);
    expect(typo.stderr).toContain('Did you mean: zebrafishmarker ?');

    const { code, json } = await cliJson(['--archive', archive, 'purge'], { env });
    expect(code).toBe(0);
    expect(json).toEqual({
      now: '2021-07-01T00:00:00.000Z',
      dryRun: false,
      purged: [{ chat: 'Ana', messages: EXPIRED_AT_1Y, media: 0, cutoff: '2020-07-01T00:00:00.000Z' }],
      held: [{ chat: 'Bo', reason: 'case 17', wouldPurge: EXPIRED_AT_1Y }],
      total: EXPIRED_AT_1Y,
    });
    expect(await counts(archive)).toEqual({ Ana: 60 - EXPIRED_AT_1Y, Bo: 60 });
    const shown = (await cliJson(['--archive', archive, 'show', 'Ana'])).json.messages;
    expect(shown[0].time).toBe('2020-07-09T09:00:00+00:00');
    expect(lastAudit(archive).details).toMatchObject({ dryRun: false, total: EXPIRED_AT_1Y });
    expect((await cli(['--archive', archive, 'verify'])).code).toBe(0);

    // Bo still has the word; Ana's copy is gone, and so is the suggestion once Bo's goes too.
    expect((await cliJson(['--archive', archive, 'search', 'zebrafishmarker'])).json.results.map((h: any) => h.chat)).toEqual(['Bo']);
    await cli(['--archive', archive, 'hold', 'remove', 'Bo'], { env });
    expect((await cli(['--archive', archive, '-q', 'purge'], { env })).code).toBe(0);
    const after = await cli(['--archive', archive, 'search', 'zebrafishmarkr']);
    expect(after.stderr).toBe('No messages match.\n');

  });

  test('-q prints nothing on success; the human report goes to stderr', async () => {
    const { archive, env } = await archiveWithTwoChats();
    await cli(['--archive', archive, 'retention', 'set', '1y'], { env });
    const quiet = await cli(['--archive', archive, '-q', 'purge', '--yes'], { env });
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    await cli(['--archive', archive, 'retention', 'set', '6m', '--force'], { env });
    const loud = await cli(['--archive', archive, 'purge'], { env });
    expect(loud.stdout).toBe('');
    expect(loud.stderr).toMatch(/^Deleted 36 messages from 2 chats \(as of 2021-07-01T00:00:00.000Z\):\n/);
  });

  test('the cutoff is UTC calendar arithmetic: a leap day, and messages on both sides of a DST change', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    // Berlin wall-clock times: 2024-03-31 01:30 is CET (00:30Z); 03:30 is CEST (01:30Z).
    const berlin = writeExport(dir, 'WhatsApp Chat with Berlin.txt', '31/03/2024, 01:30 - Ana: before the change\n31/03/2024, 03:30 - Ana: after the change\n');
    await cli(['--archive', archive, '-q', 'import', berlin, '--tz', 'Europe/Berlin']);
    const leap = writeExport(dir, 'WhatsApp Chat with Leap.txt', [line(Date.UTC(2023, 1, 28, 8, 59), 'Bo', 'one minute early'), line(Date.UTC(2023, 1, 28, 9, 0), 'Bo', 'exactly at the cutoff')].join('\n'));
    await cli(['--archive', archive, '-q', 'import', leap, '--tz', 'UTC']);
    await cli(['--archive', archive, 'retention', 'set', '1y', '--chat', 'Leap']);
    await cli(['--archive', archive, 'retention', 'set', '30d', '--chat', 'Berlin']);

    // 2024-02-29 minus one year is 2023-02-28 (calendar arithmetic clamps to the month's end).
    const leapRun = await cliJson(['--archive', archive, 'purge'], { env: { WA_ARCHIVE_NOW: '2024-02-29T09:00:00Z' } });
    expect(leapRun.json.purged).toEqual([{ chat: 'Leap', messages: 1, media: 0, cutoff: '2023-02-28T09:00:00.000Z' }]);
    expect((await cliJson(['--archive', archive, 'show', 'Leap'])).json.messages.map((m: any) => m.text)).toEqual(['exactly at the cutoff']);
    // 2024-04-30 01:00Z minus 30 days is 2024-03-31 01:00Z: between the two Berlin messages.
    const { json } = await cliJson(['--archive', archive, 'purge'], { env: { WA_ARCHIVE_NOW: '2024-04-30T01:00:00Z' } });
    expect(json.purged).toEqual([
      { chat: 'Berlin', messages: 1, media: 0, cutoff: '2024-03-31T01:00:00.000Z' },
      { chat: 'Leap', messages: 1, media: 0, cutoff: '2023-04-30T01:00:00.000Z' },
    ]);
    const berlinLeft = (await cliJson(['--archive', archive, 'show', 'Berlin'])).json.messages;
    expect(berlinLeft.map((m: any) => [m.time, m.text])).toEqual([['2024-03-31T03:30:00+02:00', 'after the change']]);
  });
});

class Capture extends Writable {
  text = '';
  isTTY = true;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI as on a terminal, answering the confirmation question with `answer`. */
async function onTerminal(argv: string[], env: Record<string, string>, answer: string | null) {
  const stdout = new Capture();
  const stderr = new Capture();
  const asked: string[] = [];
  const code = await run(argv, {
    stdout, stderr, stdinIsTTY: true, env, cwd: ROOT, platform: 'linux', homedir: '/nonexistent-home', localTimeZone: 'UTC',
    readLine: async () => {
      asked.push(stderr.text);
      return answer;
    },
  });
  return { code, stderr: stderr.text, asked };
}

describe('confirmation on a terminal', () => {
  test('asks, showing what would go; anything but yes deletes nothing', async () => {
    const { archive, env } = await archiveWithTwoChats();
    await cli(['--archive', archive, 'retention', 'set', '1y'], { env });
    const audits = () => readArchive(archive, (db) => db.prepare('SELECT count(*) FROM audit_log').pluck().get());
    const before = audits();
    for (const answer of ['n', '', null]) {
      const r = await onTerminal(['--archive', archive, '--no-color', 'purge'], env, answer);
      expect(r.code).toBe(1);
      expect(r.asked).toHaveLength(1);
      expect(r.asked[0]).toContain(`Would delete ${EXPIRED_AT_1Y * 2} messages from 2 chats`);
      expect(r.asked[0]).toMatch(/Delete these 38 messages for good\? \[y\/N\] $/);
      expect(r.stderr).toContain('wa-archive: purge cancelled: nothing was deleted\nhint: Run "wa-archive purge --yes"');
    }
    expect(await counts(archive)).toEqual({ Ana: 60, Bo: 60 });
    expect(audits()).toBe(before);

    const yes = await onTerminal(['--archive', archive, 'purge'], env, 'yes');
    expect(yes.code).toBe(0);
    expect(await counts(archive)).toEqual({ Ana: 60 - EXPIRED_AT_1Y, Bo: 60 - EXPIRED_AT_1Y });
  });

  test('--yes and --dry-run do not ask; nor does a run with nothing to delete', async () => {
    const { archive, env } = await archiveWithTwoChats();
    await cli(['--archive', archive, 'retention', 'set', '1y'], { env });
    expect((await onTerminal(['--archive', archive, 'purge', '--dry-run'], env, 'n')).asked).toEqual([]);
    const yes = await onTerminal(['--archive', archive, 'purge', '--yes'], env, 'n');
    expect([yes.code, yes.asked]).toEqual([0, []]);
    const nothing = await onTerminal(['--archive', archive, 'purge'], env, 'n');
    expect([nothing.code, nothing.asked]).toEqual([0, []]);
  });
});
