import Database from 'better-sqlite3';
import { once } from 'node:events';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, cli, cliJson, runKilledAt, spawnCli, startCli, tempDir, twoAtATime } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { writeZip } from '../source/zipKit.js';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it)');
});

function messageCount(archive: string): number {
  const db = new Database(join(archive, 'archive.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Killed while the schema was being created: the migration is one transaction, so no tables at all.
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'messages'").pluck().get();
    if (tables === 0) {
      expect(db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()).toBe(0);
      return 0;
    }
    db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    return db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('two processes writing one archive', () => {
  test('the second waits, then exits 75 with a clear message and changes nothing', () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', androidExport(50));
    expect(spawnCli(['--archive', archive, '-q', 'import', file]).code).toBe(0);
    // Another chat: other words (the same ones in another chat would be refused as that chat renamed).
    const other = writeExport(dir, 'WhatsApp Chat with Ana.txt', androidExport(50, 0, (i) => ({ author: i % 2 ? 'Ana' : 'Tom Becker', text: `reply ${i}` })));

    const holder = new Database(join(archive, 'archive.db'));
    holder.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const busy = spawnCli(['--archive', archive, 'import', other], { WA_ARCHIVE_BUSY_TIMEOUT: '700' });
    const waited = Date.now() - started;
    holder.exec('ROLLBACK');
    holder.close();

    expect(busy.code).toBe(75);
    expect(busy.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ wa-archive: the archive is busy.*\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ hint: Try again later/);
    expect(waited).toBeGreaterThanOrEqual(700);
    expect(messageCount(archive)).toBe(50);

    const retry = spawnCli(['--archive', archive, '-q', 'import', other]);
    expect(retry.code).toBe(0);
    expect(messageCount(archive)).toBe(100);
  });
});

// What a killed process left is checked (and repaired) in this process: only the kill needs one of its own.

/** Verify's problems besides a stale search vocabulary (rebuilt after the commit; importing again repairs it). */
async function problemsBesidesVocabulary(archive: string): Promise<{ kind: string }[]> {
  const problems = (await cliJson(['--archive', archive, 'verify'])).json.problems as { kind: string }[];
  return problems.filter((p) => p.kind !== 'vocabulary');
}

async function verifies(archive: string): Promise<void> {
  const r = await cli(['--archive', archive, '-q', 'verify']);
  expect(r.code, r.stderr).toBe(0);
}

async function imports(archive: string, ...argv: string[]): Promise<void> {
  const r = await cli(['--archive', archive, '-q', 'import', ...argv]);
  expect(r.code, r.stderr).toBe(0);
}

// Each kill stops the process at one boundary between an import's steps (src/cli/killPoint.ts): before the
// archive exists, with its schema only, inside the transaction (progress reports), after the commit but before
// search's vocabulary is refreshed, and after everything. Two processes run at a time.
describe('an import killed at any moment', () => {
  test('leaves the archive with all of the export or none of it, and takes the export whole afterwards', async () => {
    const dir = tempDir();
    const size = 12_000; // progress:1 is reported at 10,000 messages written, progress:2 after the last
    const file = writeExport(dir, 'WhatsApp Chat with Big.txt', androidExport(size));
    const points = { open: 0, opened: 0, 'progress:1': 0, 'progress:2': 0, committed: size, done: size };
    const outcomes = await twoAtATime(Object.keys(points), async (point) => {
      const archive = join(dir, `archive-${point}`);
      const killed = await runKilledAt(point, ['--archive', archive, '-q', 'import', file]);
      const count = existsSync(join(archive, 'archive.db')) ? messageCount(archive) : -1;
      const problems = count === size ? await problemsBesidesVocabulary(archive) : [];
      await imports(archive, file);
      const after = messageCount(archive);
      await verifies(archive);
      return { point, signal: killed.signal, count, problems, after };
    });
    expect(outcomes).toEqual(
      Object.entries(points).map(([point, count]) => ({ point, signal: 'SIGKILL', count: point === 'open' ? -1 : count, problems: [], after: size })),
    );
  }, 60_000);
});

describe('an import that attaches media, killed at any moment', () => {
  test('leaves the archive as before or as after, and verify passes', async () => {
    const dir = tempDir();
    const size = 2_000;
    const name = (i: number) => `IMG-20240113-WA${String(i).padStart(4, '0')}.jpg`;
    const isMedia = (i: number) => i % 100 === 7;
    const textOnly = writeExport(dir, 'text.txt', androidExport(size, 0, (i) => ({ author: 'Tom Becker', text: isMedia(i) ? '<Media omitted>' : `message number ${i}` })));
    const withMedia = androidExport(size, 0, (i) => ({ author: 'Tom Becker', text: isMedia(i) ? `${name(i)} (file attached)` : `message number ${i}` }));
    const files: Record<string, string | Buffer> = { 'WhatsApp Chat with Big.txt': withMedia };
    for (let i = 0; i < size; i++) if (isMedia(i)) files[name(i)] = Buffer.from(`photo ${i}`);
    const zip = writeZip(join(dir, 'WhatsApp Chat with Big.zip'), files);
    const attachable = Object.keys(files).length - 1;
    const base = join(dir, 'base');
    await imports(base, textOnly, '--chat', 'Big');

    // opened: before the files are staged; progress:1: staged and written, not committed.
    const points = { opened: 0, 'progress:1': 0, committed: attachable, done: attachable };
    const outcomes = await twoAtATime(Object.keys(points), async (point) => {
      const archive = join(dir, `archive-${point}`);
      cpSync(base, archive, { recursive: true });
      const killed = await runKilledAt(point, ['--archive', archive, '-q', 'import', zip, '--chat', 'Big']);
      const count = messageCount(archive);
      const [attached, entries] = mediaAttached(archive);
      const problems = await problemsBesidesVocabulary(archive);
      // An archive left by a killed import takes the files afterwards.
      await imports(archive, zip, '--chat', 'Big');
      const after = mediaAttached(archive);
      await verifies(archive);
      return { point, signal: killed.signal, count, attached, entries, problems, after };
    });
    expect(outcomes).toEqual(
      Object.entries(points).map(([point, attached]) => ({
        point, signal: 'SIGKILL', count: size, attached, entries: attached === 0 ? 0 : 1, problems: [], after: [attachable, 1],
      })),
    );
  }, 60_000);
});

/** Attachments attached after their messages were archived, and the audit entries that say so. */
function mediaAttached(archive: string): [number, number] {
  const db = new Database(join(archive, 'archive.db'), { readonly: true });
  try {
    return [
      db.prepare('SELECT count(*) FROM media_late').pluck().get() as number,
      db.prepare("SELECT count(*) FROM audit_log WHERE operation = 'media-attached'").pluck().get() as number,
    ];
  } finally {
    db.close();
  }
}

describe('an import that records an alias, killed at any moment', () => {
  test('leaves the archive as before (no alias, no new messages) or as after (the alias and only the new messages)', async () => {
    const dir = tempDir();
    const base = join(dir, 'base');
    const half = 2_000;
    // The customer is a number in the first export and a saved name in the second, which repeats all of
    // the first (each of those messages is written, found to be a rename, and removed again) and adds as many.
    const customer = (name: string) => (i: number) => ({ author: i % 2 === 0 ? name : 'Shop', text: `message number ${i}` });
    const first = writeExport(dir, 'one.txt', androidExport(half, 0, customer('+44 7700 900123')));
    const second = writeExport(dir, 'two.txt', androidExport(2 * half, 0, customer('Dana Lee')));
    await imports(base, first, '--chat', 'Dana');
    const aliases = (archive: string) => {
      const db = new Database(join(archive, 'archive.db'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM author_aliases').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    // progress:1: every message written, the renamed copies not yet found and removed.
    const points = { opened: half, 'progress:1': half, committed: 2 * half, done: 2 * half };
    const outcomes = await twoAtATime(Object.keys(points), async (point) => {
      const archive = join(dir, `archive-${point}`);
      cpSync(base, archive, { recursive: true });
      const killed = await runKilledAt(point, ['--archive', archive, '-q', 'import', second, '--chat', 'Dana']);
      const state = [messageCount(archive), aliases(archive)];
      const problems = await problemsBesidesVocabulary(archive);
      await imports(archive, second, '--chat', 'Dana');
      const after = [messageCount(archive), aliases(archive)];
      await verifies(archive);
      return { point, signal: killed.signal, state, problems, after };
    });
    expect(outcomes).toEqual(
      Object.entries(points).map(([point, count]) => ({
        point, signal: 'SIGKILL', state: [count, count === half ? 0 : 1], problems: [], after: [2 * half, 1],
      })),
    );
  }, 60_000);
});

describe('output to a reader that stops early', () => {
  test('show | head ends quietly with exit 0', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    const file = writeExport(dir, 'WhatsApp Chat with Long.txt', androidExport(10_000));
    expect(spawnCli(['--archive', archive, '-q', 'import', file]).code).toBe(0);
    const child = startCli(['--archive', archive, 'show', 'Long']);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.once('data', () => child.stdout!.destroy());
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
