import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, cli, runKilledAt, spawnCli, startCli, twoAtATime, type CliRun } from '../helpers/cli.js';
import { androidExport } from '../helpers/exports.js';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it)');
});

/**
 * Minute i of androidExport is 2024-01-13 09:00Z + i; with a 30d period at NOW, minutes before 30,000 expire:
 * the archive's messages are minutes FIRST to FIRST + SIZE, the first EXPIRED of them expired.
 */
const NOW = { WA_ARCHIVE_NOW: '2024-03-04T05:00:00Z' };
const FIRST = 27_000;
const SIZE = 6_000;
const EXPIRED = 3_000;
const MARKER = 'vanishingmarkerword';

/** Every 500th message has an attachment; the archive's eighth message has a word that must not survive the purge. */
function bigExport(dir: string, chat: string, count: number, start: number): string {
  const text = androidExport(count, start, (i) => {
    if (i % 500 === 0) {
      writeFileSync(join(dir, `IMG-${i}.jpg`), `attachment ${chat} ${i}`);
      return { author: 'Ana', text: `IMG-${i}.jpg (file attached)` };
    }
    return { author: 'Ana', text: i === FIRST + 7 ? `the ${MARKER} here` : `message number ${i} about things` };
  });
  const file = join(dir, `WhatsApp Chat with ${chat}.txt`);
  writeFileSync(file, text);
  return file;
}

/** An archive of SIZE messages with a 30d default period, built once and copied for each run. */
let base: string;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-purge-'));
  base = join(dir, 'base');
  expectOk(spawnCli(['--archive', base, '-q', 'import', bigExport(dir, 'Big', SIZE, FIRST), '--tz', 'UTC'], NOW));
  expectOk(spawnCli(['--archive', base, '-q', 'retention', 'set', '30d'], NOW));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOk(run: CliRun): void {
  expect(run.code, run.stderr).toBe(0);
}

async function finished(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

function copyOfBase(name: string): string {
  const archive = join(dir, name);
  cpSync(base, archive, { recursive: true });
  return archive;
}

/** Consistency a kill must never break: the database is whole, and every file a row names is there. */
function check(archive: string): { messages: number; files: string[]; referenced: string[] } {
  const db = new Database(join(archive, 'archive.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    const referenced = db.prepare('SELECT sha256 FROM media_files ORDER BY sha256').pluck().all() as string[];
    const files = readdirSync(join(archive, 'media'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    for (const sha of referenced) expect(files).toContain(sha);
    return { messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number, files, referenced };
  } finally {
    db.close();
  }
}

function holdsMarker(archive: string): boolean {
  return readdirSync(archive, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .some((e) => readFileSync(join(e.parentPath, e.name)).includes(MARKER));
}

// Each kill stops the purge at one boundary between its steps (src/cli/killPoint.ts): before the archive is
// opened, inside the deletion's transaction, after its commit (the files of the deleted messages still there),
// after those files are swept (the database not yet rewritten), and after everything. Two at a time; what a
// kill left is checked, and purged again, in this process.
describe('a purge killed at any moment', () => {
  test('leaves a consistent archive (all deleted or none), and a re-run finishes the job', async () => {
    const left = SIZE - EXPIRED;
    const expiredFiles = EXPIRED / 500;
    const points: Record<string, { messages: number; orphans: number }> = {
      open: { messages: SIZE, orphans: 0 },
      opened: { messages: SIZE, orphans: 0 },
      'progress:1': { messages: SIZE, orphans: 0 },
      deleted: { messages: left, orphans: expiredFiles },
      swept: { messages: left, orphans: 0 },
      done: { messages: left, orphans: 0 },
    };
    const outcomes = await twoAtATime(Object.keys(points), async (point) => {
      const archive = copyOfBase(`killed-${point}`);
      const killed = await runKilledAt(point, ['--archive', archive, '-q', 'purge'], NOW);
      const state = check(archive);
      const verified = (await cli(['--archive', archive, 'verify'])).code;
      const rerun = await cli(['--archive', archive, '-q', 'purge'], { env: NOW });
      expect(rerun.code, rerun.stderr).toBe(0);
      const end = check(archive);
      expect(end.files).toEqual(end.referenced); // files a killed run left behind are swept too
      const final = { messages: end.messages, files: end.referenced.length, marker: holdsMarker(archive), verified: (await cli(['--archive', archive, 'verify'])).code };
      return { point, signal: killed.signal, messages: state.messages, orphans: state.files.length - state.referenced.length, verified, final };
    });
    expect(outcomes).toEqual(
      Object.entries(points).map(([point, state]) => ({
        point, signal: 'SIGKILL', ...state, verified: 0, final: { messages: left, files: left / 500, marker: false, verified: 0 },
      })),
    );
  }, 120_000);
});

describe('purge and import on the same archive', () => {
  test('a purge that waits too long for a writer exits 75 and changes nothing', () => {
    const archive = copyOfBase('busy');
    const holder = new Database(join(archive, 'archive.db'));
    holder.exec('BEGIN IMMEDIATE');
    const busy = spawnCli(['--archive', archive, 'purge'], { ...NOW, WA_ARCHIVE_BUSY_TIMEOUT: '700' });
    holder.exec('ROLLBACK');
    const audit = holder.prepare('SELECT count(*) FROM audit_log').pluck().get();
    holder.close();
    expect(busy.code, busy.stderr).toBe(75);
    expect(check(archive).messages).toBe(SIZE);
    const after = new Database(join(archive, 'archive.db'), { readonly: true });
    expect(after.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(audit);
    after.close();
  });

  test('started together, one waits for the other and both succeed; no file of the import is swept', async () => {
    const archive = copyOfBase('together');
    const exports = join(dir, 'recent');
    mkdirSync(exports);
    // 2,000 recent messages (right after the archive's: not expired, and none after NOW, which would warn)
    // with 4 attachments of their own.
    const recent = 2_000;
    const file = bigExport(exports, 'Recent', recent, FIRST + SIZE);
    const runs = await Promise.all([
      finished(startCli(['--archive', archive, '-q', 'purge'], NOW)),
      finished(startCli(['--archive', archive, '-q', 'import', file, '--tz', 'UTC', '--date-order', 'dmy'], NOW)),
    ]);
    expect(runs).toEqual([{ code: 0, stderr: '' }, { code: 0, stderr: '' }]);
    const end = check(archive);
    expect(end.messages).toBe(SIZE - EXPIRED + recent);
    expect(end.referenced).toHaveLength((SIZE - EXPIRED) / 500 + recent / 500);
    expectOk(spawnCli(['--archive', archive, 'verify']));
  }, 60_000);
});
