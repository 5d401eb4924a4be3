import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson, ROOT } from '../helpers/cli.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SAMPLE = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');
let archive: string;

beforeAll(async () => {
  archive = mkdtempSync(join(tmpdir(), 'wa-archive-show-'));
  await cli(['--archive', archive, '-q', 'import', SAMPLE, '--tz', 'Europe/London']);
});
afterAll(() => rmSync(archive, { recursive: true, force: true }));

describe('chats', () => {
  test('--json has one object per chat with the contract fields', async () => {
    const { json } = await cliJson(['--archive', archive, 'chats']);
    expect(json).toEqual([
      {
        chat: 'Priya Shah',
        messages: 18,
        first: '2024-01-12T09:02:00+00:00',
        last: '2024-02-06T16:05:00+00:00',
        authors: ['Priya Shah', 'Corner Furniture'],
        retention: null,
        hold: false,
      },
    ]);
  });

  test('human output is a table', async () => {
    const r = await cli(['--archive', archive, 'chats']);
    expect(r.stdout.split('\n')[0]).toMatch(/^CHAT\s+MESSAGES\s+FIRST\s+LAST\s+AUTHORS\s+RETENTION\s+HOLD$/);
    expect(r.stdout).toMatch(/Priya Shah\s+18\s+2024-01-12\s+2024-02-06\s+2/);
  });
});

describe('show', () => {
  test('prints the transcript with days, times, authors and continuation lines', async () => {
    const r = await cli(['--archive', archive, 'show', 'Priya Shah']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('── 2024-01-12 ──');
    expect(lines).toContain('09:21  Priya Shah: Lovely. Could you deliver on Saturday?');
    expect(lines).toContain('       Morning would be best, before 11.');
    expect(lines).toContain('09:16  Corner Furniture: [media not exported]');
    expect(lines).toContain('13:40  Corner Furniture: Received, thank you! (edited)');
    expect(lines).toContain('── 2024-02-06 ──');
  });

  test('--since and --until select by local date, --until including its whole day', async () => {
    const { json } = await cliJson(['--archive', archive, 'show', 'Priya Shah', '--since', '2024-01-13', '--until', '2024-02-02']);
    expect(json.messages.map((m: any) => m.time.slice(0, 10))).toEqual([
      '2024-01-13', '2024-01-13', '2024-01-13', '2024-01-13', '2024-02-02', '2024-02-02', '2024-02-02',
    ]);
    const minute = await cliJson(['--archive', archive, 'show', 'Priya Shah', '--since', '2024-01-12 13:05', '--until', '2024-01-12 13:40']);
    expect(minute.json.messages.map((m: any) => m.text)).toEqual(['Paid ✅ reference 4411', 'Received, thank you!']);
  });

  test('--around ID -C N shows the neighbours of a message', async () => {
    const all = (await cliJson(['--archive', archive, 'show', 'Priya Shah'])).json.messages;
    const target = all[5];
    const { json } = await cliJson(['--archive', archive, 'show', 'Priya Shah', '--around', String(target.id), '-C', '2']);
    expect(json.messages.map((m: any) => m.id)).toEqual(all.slice(3, 8).map((m: any) => m.id));
    const edge = await cliJson(['--archive', archive, 'show', 'Priya Shah', '--around', String(all[0].id), '-C', '2']);
    expect(edge.json.messages).toHaveLength(3);
  });

  test('relative dates: --since 7d counts back from today in this machine\'s zone; search takes after:1y', async () => {
    const now = { env: { WA_ARCHIVE_NOW: '2024-02-09T02:00:00Z' } }; // 2024-02-08 23:00 in São Paulo, the tests' zone
    const week = await cliJson(['--archive', archive, 'show', 'Priya Shah', '--since', '7d'], now);
    expect(week.json.messages.map((m: any) => m.time.slice(0, 10))).toEqual(['2024-02-02', '2024-02-02', '2024-02-02', '2024-02-06', '2024-02-06']);
    const search = await cliJson(['--archive', archive, 'search', 'after:3w', '-lovely', '--limit', '0'], now);
    expect(search.json.results.every((r: any) => r.time >= '2024-01-19')).toBe(true);
    expect(search.json.total).toBe(week.json.messages.length);
    // An export records the dates a time ago meant, not the clock it was read with.
    const out = join(archive, '..', `week-${Date.now()}.json`);
    expect((await cli(['--archive', archive, '-q', 'export', '--format', 'json', '--since', '7d', '--out', out], now)).code).toBe(0);
    const entries = (await cliJson(['--archive', archive, 'log'])).json.entries;
    expect(entries.at(-1).details.selection).toEqual({ since: '2024-02-01' });
    rmSync(out);
  });

  test('--around works without a chat, takes #17 as search prints it, and marks the message asked for', async () => {
    const all = (await cliJson(['--archive', archive, 'show', 'Priya Shah'])).json.messages;
    const target = all[5];
    const { json } = await cliJson(['--archive', archive, 'show', '--around', `#${target.id}`, '-C', '1']);
    expect(json.chat).toBe('Priya Shah');
    expect(json.messages.map((m: any) => m.id)).toEqual(all.slice(4, 7).map((m: any) => m.id));
    const text = await cli(['--archive', archive, 'show', '--around', String(target.id), '-C', '1']);
    const lines = text.stdout.split('\n').filter((l) => /^[▶ ] \d\d:\d\d/.test(l) || /^\s{2}\d\d:\d\d/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('▶'))).toEqual([expect.stringContaining(target.time.slice(11, 16))]);
    expect(lines[1]!.startsWith('▶ ')).toBe(true);
  });

  test('a chat is found by a part of its name; -C without --around and no chat at all are usage errors', async () => {
    expect((await cliJson(['--archive', archive, 'show', 'shah'])).json.chat).toBe('Priya Shah');
    const c = await cli(['--archive', archive, 'show', 'Priya Shah', '-C', '3']);
    expect(c).toMatchObject({ code: 2, stderr: 'wa-archive: -C goes with --around\nhint: For example "wa-archive show --around 17 -C 3".\n' });
    const none = await cli(['--archive', archive, 'show']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^wa-archive: name a chat, or a message with --around ID\n/);
    const bad = await cli(['--archive', archive, 'show', '--around', 'x17']);
    expect(bad.code).toBe(2);
  });

  test('--json messages have the export fields', async () => {
    const { json } = await cliJson(['--archive', archive, 'show', 'priya shah']);
    expect(json.chat).toBe('Priya Shah');
    expect(Object.keys(json.messages[0]).sort()).toEqual(['author', 'edited', 'id', 'kind', 'media', 'text', 'time']);
  });

  test('an unknown chat or message id fails with the chats listed', async () => {
    const r = await cli(['--archive', archive, 'show', 'Nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('wa-archive: no chat named "Nobody"\nhint: The closest: "Priya Shah". "wa-archive chats" lists them all.\n');
    const id = await cli(['--archive', archive, 'show', 'Priya Shah', '--around', '99999']);
    expect(id.code).toBe(1);
    expect(id.stderr).toMatch(/no message 99999 in chat "Priya Shah"/);
    expect((await cli(['--archive', archive, 'show', '--around', '99999'])).stderr).toMatch(/no message 99999 in the archive/);
  });
});
