import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';

/** An archive of one chat (30 messages from 2024-01-13), with a 1-year default retention. */
async function archiveOfOneChat(): Promise<{ archive: string; file: string }> {
  const dir = tempDir();
  const archive = join(dir, 'archive');
  const file = writeExport(dir, 'WhatsApp Chat with Priya Shah.txt', androidExport(30));
  const at = (now: string) => ({ env: { WA_ARCHIVE_NOW: now } });
  expect((await cli(['--archive', archive, '-q', 'import', file, '--tz', 'UTC'], at('2024-02-01T10:00:00Z'))).code).toBe(0);
  expect((await cli(['--archive', archive, '-q', 'retention', 'set', '1y'], at('2024-02-01T10:01:00Z'))).code).toBe(0);
  return { archive, file };
}

const status = (archive: string, now: string, ...args: string[]) => cliJson(['--archive', archive, 'status', ...args], { env: { WA_ARCHIVE_NOW: now } });

describe('status', () => {
  test('says where the archive is, what it holds, and when import, purge and verify last ran', async () => {
    const { archive } = await archiveOfOneChat();
    const before = await status(archive, '2024-02-02T00:00:00Z');
    expect(before.code).toBe(0);
    expect(before.json).toMatchObject({
      archive,
      chats: 1,
      messages: 30,
      lastImport: { at: '2024-02-01T10:00:00.000Z', chat: 'Priya Shah', added: 30 },
      lastPurge: null,
      lastVerify: null,
      retention: '1y',
      holds: [],
      awaitingPurge: 0,
      stale: [],
    });
    expect(before.json.bytes).toBeGreaterThan(4096);
    expect(before.json.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // A year later everything has expired; a dry run is not a purge, a real one is; verify is recorded.
    const later = { env: { WA_ARCHIVE_NOW: '2025-03-01T00:00:00Z' } };
    expect((await status(archive, '2025-03-01T00:00:00Z')).json.awaitingPurge).toBe(30);
    expect((await cli(['--archive', archive, '-q', 'purge', '--dry-run'], later)).code).toBe(0);
    expect((await status(archive, '2025-03-01T00:00:00Z')).json.lastPurge).toBeNull();
    expect((await cli(['--archive', archive, '-q', 'purge'], later)).code).toBe(0);
    expect((await cli(['--archive', archive, '-q', 'verify'], { env: { WA_ARCHIVE_NOW: '2025-03-01T01:00:00Z' } })).code).toBe(0);
    const after = await status(archive, '2025-03-02T00:00:00Z');
    expect(after.json).toMatchObject({
      messages: 0,
      awaitingPurge: 0,
      lastPurge: { at: '2025-03-01T00:00:00.000Z', messages: 30 },
      lastVerify: { at: '2025-03-01T01:00:00.000Z', ok: true, problems: 0 },
    });
  });

  test('the human view names every part', async () => {
    const { archive } = await archiveOfOneChat();
    const r = await cli(['--archive', archive, 'status'], { env: { WA_ARCHIVE_NOW: '2024-02-02T00:00:00Z' } });
    expect(r.code).toBe(0);
    for (const label of ['archive', 'contents', 'last import', 'last purge', 'last verify', 'retention', 'on hold', 'to purge', 'fingerprint']) {
      expect(r.stdout).toMatch(new RegExp(`^${label} +\\S`, 'm'));
    }
    expect(r.stdout).toContain(archive);
    expect(r.stdout).toMatch(/^contents +1 chat, 30 messages$/m);
    expect(r.stdout).toMatch(/^last purge +never$/m);
  });

  test('--stale-after: exit 3 and a warning when no purge or verify ran within the period; -q prints only that', async () => {
    const { archive } = await archiveOfOneChat();
    const never = await cli(['--archive', archive, '-q', 'status', '--stale-after', '8d'], { env: { WA_ARCHIVE_NOW: '2024-02-02T00:00:00Z' } });
    expect(never.code).toBe(3);
    expect(never.stdout).toBe('');
    expect(never.stderr).toMatch(/warning: no purge has run yet\n.*warning: no verify has run yet\n$/);

    const at = (now: string) => ({ env: { WA_ARCHIVE_NOW: now } });
    expect((await cli(['--archive', archive, '-q', 'purge'], at('2024-02-03T00:00:00Z'))).code).toBe(0);
    expect((await cli(['--archive', archive, '-q', 'verify'], at('2024-02-03T00:00:00Z'))).code).toBe(0);
    const fresh = await cli(['--archive', archive, '-q', 'status', '--stale-after', '8d'], at('2024-02-10T00:00:00Z'));
    expect(fresh).toMatchObject({ code: 0, stdout: '', stderr: '' });

    const stale = await status(archive, '2024-02-12T00:00:00Z', '--stale-after', '8d');
    expect(stale.code).toBe(3);
    expect(stale.json.stale).toEqual([
      'the last purge ran on 2024-02-03T00:00:00.000Z, more than 8d ago',
      'the last verify ran on 2024-02-03T00:00:00.000Z, more than 8d ago',
    ]);
  });

  test('a policy edited behind the tool: status still reports, warns, exits 3, and cannot say what purge would delete', async () => {
    const { archive } = await archiveOfOneChat();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(archive, 'archive.db'));
    db.prepare("UPDATE retention_policies SET period = '1d' WHERE chat_id IS NULL").run();
    db.close();
    const r = await status(archive, '2024-02-02T00:00:00Z');
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ messages: 30, awaitingPurge: null });
    expect(r.json.policy).toHaveLength(1);
    expect(r.stderr).toMatch(/warning: the policy in force is not what the audit log set: /);
  });

  test('a bad --stale-after is a usage error; a missing archive says to import first', async () => {
    const { archive } = await archiveOfOneChat();
    const bad = await cli(['--archive', archive, 'status', '--stale-after', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--stale-after "soon" is not a length of time/);
    const missing = await cli(['--archive', join(tempDir(), 'nothing-here'), 'status']);
    expect(missing.code).toBe(1);
  });
});
