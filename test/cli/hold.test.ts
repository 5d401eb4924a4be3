import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { cli, cliJson, ROOT, tempDir } from '../helpers/cli.js';

const SAMPLE = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');
const NOW = '2025-03-01T00:00:00Z';

let archive: string;
const run = (args: string[], now = NOW) => cli(['--archive', archive, ...args], { env: { WA_ARCHIVE_NOW: now } });
const runJson = (args: string[], now = NOW) => cliJson(['--archive', archive, ...args], { env: { WA_ARCHIVE_NOW: now } });

function holdEntries(): any[] {
  const db = new Database(join(archive, 'archive.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT details FROM audit_log WHERE operation = 'hold' ORDER BY seq").pluck().all() as string[];
    return rows.map((d) => JSON.parse(d));
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  archive = tempDir();
  expect((await run(['-q', 'import', SAMPLE, '--tz', 'Europe/London'])).code).toBe(0);
});

describe('hold', () => {
  test('add, list, chats and retention show it; the audit log records it without message text', async () => {
    const added = await run(['hold', 'add', 'priya shah', '--reason', 'litigation 2024-117']);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('"Priya Shah" is held');
    expect((await runJson(['hold', 'list'])).json).toEqual([
      { chat: 'Priya Shah', reason: 'litigation 2024-117', placedAt: '2025-03-01T00:00:00.000Z' },
    ]);
    expect((await run(['hold'])).stdout).toBe('Priya Shah  since 2025-03-01  litigation 2024-117\n');
    expect((await runJson(['chats'])).json[0]).toMatchObject({ chat: 'Priya Shah', hold: true });
    expect((await run(['chats'])).stdout).toMatch(/Priya Shah\s+18\s+2024-01-12\s+2024-02-06\s+2\s+-\s+held$/m);
    const retention = await runJson(['retention']);
    expect(retention.json.chats[0].hold).toEqual({ reason: 'litigation 2024-117', placedAt: '2025-03-01T00:00:00.000Z' });
    expect((await run(['retention'])).stdout).toContain('"Priya Shah": litigation 2024-117 (since 2025-03-01)');
    expect(holdEntries()).toEqual([{ chat: 'Priya Shah', action: 'add', reason: 'litigation 2024-117', previousReason: null }]);
    expect(JSON.stringify(holdEntries())).not.toMatch(/Lovely|deliver|Saturday/);
  });

  test('adding a hold twice updates its reason and says so; the same reason changes nothing', async () => {
    await run(['hold', 'add', 'Priya Shah', '--reason', 'first matter']);
    const again = await run(['hold', 'add', 'Priya Shah', '--reason', 'second matter'], '2025-04-01T00:00:00Z');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('was already held; its reason changed from "first matter"');
    const same = await runJson(['hold', 'add', 'Priya Shah', '--reason', 'second matter']);
    expect(same.json).toEqual({ status: 'unchanged', previousReason: 'second matter', chat: 'Priya Shah' });
    // The hold has been in force since it was first placed.
    expect((await runJson(['hold', 'list'])).json).toEqual([{ chat: 'Priya Shah', reason: 'second matter', placedAt: '2025-03-01T00:00:00.000Z' }]);
    expect(holdEntries().map((e) => [e.action, e.reason, e.previousReason])).toEqual([
      ['add', 'first matter', null],
      ['update', 'second matter', 'first matter'],
    ]);
  });

  test('remove lifts it; removing again is an error', async () => {
    await run(['hold', 'add', 'Priya Shah', '--reason', 'audit']);
    const removed = await runJson(['hold', 'remove', 'Priya Shah']);
    expect(removed.code).toBe(0);
    expect(removed.json).toEqual({ chat: 'Priya Shah', reason: 'audit', placedAt: '2025-03-01T00:00:00.000Z' });
    expect((await runJson(['hold', 'list'])).json).toEqual([]);
    expect((await run(['hold', 'list'])).stderr).toBe('No chat is held.\n');
    expect((await runJson(['chats'])).json[0].hold).toBe(false);
    expect(holdEntries().at(-1)).toMatchObject({ chat: 'Priya Shah', action: 'remove', reason: 'audit' });
    const again = await run(['hold', 'remove', 'Priya Shah']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('wa-archive: chat "Priya Shah" has no hold\nhint: "wa-archive hold list" shows the held chats.\n');
    expect(holdEntries()).toHaveLength(2);
  });

  test.each([
    [['hold', 'add', 'Nobody', '--reason', 'x'], 1, 'wa-archive: no chat named "Nobody"\nhint: The closest: "Priya Shah". "wa-archive chats" lists them all.\n'],
    [['hold', 'remove', 'Nobody'], 1, 'wa-archive: no chat named "Nobody"\nhint: The closest: "Priya Shah". "wa-archive chats" lists them all.\n'],
    [['hold', 'add', 'Priya Shah', '--reason', '  '], 2, 'wa-archive: the reason of a hold cannot be empty\nhint: Say why the chat is held, e.g. --reason "litigation 2024-117".\n'],
  ])('%j exits %i', async (args, code, stderr) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(stderr);
    expect(holdEntries()).toEqual([]);
  });

  test('a hold needs a reason', async () => {
    const r = await run(['hold', 'add', 'Priya Shah']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-archive: required option '--reason <text>' not specified\n/);
  });
});
