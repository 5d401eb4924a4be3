// The holds and retention in force must be what the audit log made them (verify replays the log's
// 'retention' and 'hold' entries), and a fingerprint kept elsewhere (verify --witness) catches what no
// local check can: a consistent rewrite of the whole chain, or its newest entries cut.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { entryHash, GENESIS } from '../../src/integrity/chain.js';
import { cli, cliJson, ROOT } from '../helpers/cli.js';

const env = { WA_ARCHIVE_NOW: '2026-11-25T12:00:00Z' };
let root: string;
let template: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wa-archive-verify-policy-'));
  template = join(root, 'template');
  const run = async (...argv: string[]) => expect((await cli(['--archive', template, '-q', ...argv], { env })).code).toBe(0);
  await run('import', join(ROOT, 'fixtures/source/android-export'), '--tz', 'Europe/Berlin');
  await run('import', join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt'), '--chat', 'Sample');
  // Every message is from 2024: under 1y all of them expire, so only the hold keeps Priya Shah's.
  await run('retention', 'set', '1y');
  await run('retention', 'set', '5y', '--chat', 'Sample');
  await run('hold', 'add', 'Priya Shah', '--reason', 'litigation 2024-117');
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
function tampered(sql: string): string {
  const dir = join(root, `copy-${++copies}`);
  cpSync(template, dir, { recursive: true });
  const db = new Database(join(dir, 'archive.db'));
  db.exec(sql);
  db.close();
  return dir;
}

function facts(dir: string): { messages: number; entries: number } {
  const db = new Database(join(dir, 'archive.db'), { readonly: true });
  try {
    return {
      messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number,
      entries: db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('policy that cannot be edited around', () => {
  test('set with the tool, the policy verifies; purge keeps the held chat', async () => {
    const dir = tampered('');
    expect((await cli(['--archive', dir, 'verify'])).code).toBe(0);
    const { json, code } = await cliJson(['--archive', dir, 'purge', '--yes'], { env });
    expect(code).toBe(0);
    expect(json.held.map((h: any) => h.chat)).toEqual(['Priya Shah']);
  });

  test.each([
    ['a deleted hold row', 'DELETE FROM holds', /chat "Priya Shah" has no hold, but the audit log placed one \("litigation 2024-117"\)/],
    ['a shortened retention row', "UPDATE retention_policies SET period = '1d' WHERE chat_id IS NOT NULL", /chat "Sample" has a retention of 1d, but the audit log gives it a retention of 5y/],
    ['a changed default', "UPDATE retention_policies SET period = '2y' WHERE chat_id IS NULL", /the default retention is 2y, but the audit log set it to 1y/],
    ['an inserted hold row', "INSERT INTO holds (chat_id, reason, placed_at) SELECT id, 'made up', 0 FROM chats WHERE name = 'Sample'", /chat "Sample" has a hold \("made up"\) that the audit log never placed/],
  ])('%s: verify exits 3 naming it; purge refuses (exit 1, with a hint) and deletes nothing', async (_, sql, problem) => {
    const dir = tampered(sql);
    const { json, code } = await cliJson(['--archive', dir, 'verify']);
    expect(code).toBe(3);
    expect(json.problems).toEqual([{ kind: 'policy', detail: expect.stringMatching(problem) }]);
    const before = facts(dir);
    for (const argv of [['purge', '--yes'], ['purge', '--dry-run']]) {
      const purge = await cli(['--archive', dir, ...argv], { env });
      expect(purge.code).toBe(1);
      expect(purge.stderr).toMatch(/^wa-archive: purge refused: the retention and holds in force are not what the audit log records: /);
      expect(purge.stderr).toMatch(problem);
      expect(purge.stderr).toMatch(/\nhint: Nothing was deleted\. "wa-archive verify" lists every difference/);
    }
    expect(facts(dir)).toEqual(before);
  });

  test('putting the policy back with the tool (which logs it) makes the archive verify again', async () => {
    const dir = tampered('DELETE FROM holds');
    expect((await cli(['--archive', dir, '-q', 'hold', 'add', 'Priya Shah', '--reason', 'litigation 2024-117'], { env })).code).toBe(0);
    expect((await cli(['--archive', dir, 'verify'])).code).toBe(0);
  });
});

/** An export changes no record, but is an audit entry: the newest state of the chain. */
async function exportSample(dir: string): Promise<void> {
  expect((await cli(['--archive', dir, '-q', 'export', '--format', 'txt', '--chat', 'Sample', '--out', join(dir, '..', `out-${copies}.txt`)], { env })).code).toBe(0);
}

describe('verify --witness', () => {
  const witnessLine = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ [0-9a-f]{64} messages=\d+ entries=\d+$/;

  test('creates the file (owner only), appends a line per verify, and checks the earlier ones', async () => {
    const dir = tampered('');
    const witness = join(dir, '..', `witness-${copies}`);
    const first = await cli(['--archive', dir, 'verify', '--witness', witness], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`witness: 0 earlier fingerprints in ${witness} are states of the audit chain; appended this one`);
    expect(statSync(witness).mode & 0o777).toBe(0o600);
    const { json } = await cliJson(['--archive', dir, 'verify', '--witness', witness], { env });
    expect(json.witness).toEqual({ file: witness, checked: 1, appended: expect.stringMatching(witnessLine) });
    const lines = readFileSync(witness, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`2026-11-25T12:00:00Z ${json.fingerprint} messages=22 entries=5`);
    // A later state (a new entry) keeps the earlier fingerprints states of the chain.
    await exportSample(dir);
    expect((await cli(['--archive', dir, 'verify', '--witness', witness], { env })).code).toBe(0);
  });

  test('a cut chain passes the local checks, but not the witness; nothing is appended', async () => {
    const dir = tampered('');
    const witness = join(dir, '..', `witness-${copies}`);
    await exportSample(dir);
    expect((await cli(['--archive', dir, 'verify', '--witness', witness], { env })).code).toBe(0);
    const db = new Database(join(dir, 'archive.db'));
    db.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE operation = 'export'");
    db.close();
    expect((await cli(['--archive', dir, 'verify'])).code).toBe(0);
    const { json, code } = await cliJson(['--archive', dir, 'verify', '--witness', witness], { env });
    expect(code).toBe(3);
    expect(json.problems).toEqual([
      expect.objectContaining({ kind: 'witness', detail: expect.stringMatching(/is not a state of the archive's audit chain; the audit log was cut since then: it ends at entry 5, but held 6 entries at that time$/) }),
    ]);
    expect(json.witness.appended).toBeNull();
    expect(readFileSync(witness, 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  test('a consistent rewrite of the whole chain passes the local checks, but not the witness', async () => {
    const dir = tampered('');
    const witness = join(dir, '..', `witness-${copies}`);
    expect((await cli(['--archive', dir, 'verify', '--witness', witness], { env })).code).toBe(0);
    // The imports a minute earlier, every hash recomputed: a chain as consistent as the original.
    const db = new Database(join(dir, 'archive.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    const entries = db.prepare('SELECT seq, at, operation, details FROM audit_log ORDER BY seq').all() as Array<{ seq: number; at: number; operation: string; details: string }>;
    let prev = GENESIS;
    for (const e of entries) {
      const rewritten = { ...e, at: e.operation === 'import' ? e.at - 60_000 : e.at };
      const hash = entryHash(prev, rewritten);
      db.prepare('UPDATE audit_log SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(rewritten.at, prev, hash, e.seq);
      prev = hash;
    }
    db.close();
    expect((await cli(['--archive', dir, 'verify'])).code).toBe(0);
    const r = await cli(['--archive', dir, 'verify', '--witness', witness], { env });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/witness: fingerprint [0-9a-f]{64} \(line 1, 2026-11-25T12:00:00Z\) is not a state of the archive's audit chain; the audit log was rewritten since then: entry 5 is not the one witnessed/);
    expect(r.stdout).toContain('witness: nothing appended to');
  });

  test('a line that is not a fingerprint line: exit 1 with a hint, nothing appended; --witness with --bundle is a usage error', async () => {
    const dir = tampered('');
    const witness = join(dir, '..', `witness-${copies}`);
    writeFileSync(witness, '# kept on the backup disk\nnot a fingerprint\n');
    const r = await cli(['--archive', dir, 'verify', '--witness', witness], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wa-archive: line 2 of the witness file .* is not a fingerprint line\nhint: /);
    expect(readFileSync(witness, 'utf8')).toBe('# kept on the backup disk\nnot a fingerprint\n');
    expect((await cli(['--archive', dir, 'verify', '--witness', witness, '--bundle', 'x.zip'])).code).toBe(2);
    expect(existsSync(join(dir, 'x.zip'))).toBe(false);
  });
});
