import Database from 'better-sqlite3';
import { once } from 'node:events';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, spawnCli, startCli, tempDir } from '../helpers/cli.js';
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
    const other = writeExport(dir, 'WhatsApp Chat with Ana.txt', androidExport(50));

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

describe('an import killed at any moment', () => {
  test('leaves the archive with all of the export or none of it', async () => {
    const dir = tempDir();
    const size = 60_000;
    const file = writeExport(dir, 'WhatsApp Chat with Big.txt', androidExport(size));
    const outcomes = new Set<string>();
    // Kill after increasing delays: before the database exists, while parsing, while writing, after commit.
    for (const delay of [30, 150, 300, 450, 600, 800, 1000, 1300, 1700, 2500]) {
      const archive = join(dir, `archive-${delay}`);
      const child = startCli(['--archive', archive, '-q', 'import', file]);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      clearTimeout(timer);
      const count = existsSync(join(archive, 'archive.db')) ? messageCount(archive) : 0;
      expect([0, size]).toContain(count);
      if (count === size) {
        // A whole import is whole everywhere: content hashes, import digest, audit entry, full-text index.
        // Only search's vocabulary, rebuilt after the commit, may be stale; importing again repairs it.
        const problems = JSON.parse(spawnCli(['--archive', archive, 'verify', '--json']).stdout).problems as { kind: string }[];
        expect(problems.filter((p) => p.kind !== 'vocabulary')).toEqual([]);
        expect(spawnCli(['--archive', archive, '-q', 'import', file]).code).toBe(0);
        expect(spawnCli(['--archive', archive, '-q', 'verify']).code).toBe(0);
      }
      outcomes.add(signal === 'SIGKILL' ? `killed:${count}` : `exited:${code}:${count}`);
    }
    // The runs must actually have been interrupted (the early kills cannot miss on any machine).
    expect([...outcomes].some((o) => o.startsWith('killed'))).toBe(true);
    // And an archive left by a killed import takes the same export whole afterwards.
    const archive = join(dir, 'archive-30');
    expect(spawnCli(['--archive', archive, '-q', 'import', file]).code).toBe(0);
    expect(messageCount(archive)).toBe(size);
    expect(spawnCli(['--archive', archive, '-q', 'verify']).code).toBe(0);
  }, 60_000);
});

describe('an import that attaches media, killed at any moment', () => {
  test('leaves the archive as before or as after, and verify passes', async () => {
    const dir = tempDir();
    const size = 10_000;
    const name = (i: number) => `IMG-20240113-WA${String(i).padStart(4, '0')}.jpg`;
    const isMedia = (i: number) => i % 100 === 7;
    const textOnly = writeExport(dir, 'text.txt', androidExport(size, 0, (i) => ({ author: 'Tom Becker', text: isMedia(i) ? '<Media omitted>' : `message number ${i}` })));
    const withMedia = androidExport(size, 0, (i) => ({ author: 'Tom Becker', text: isMedia(i) ? `${name(i)} (file attached)` : `message number ${i}` }));
    const files: Record<string, string | Buffer> = { 'WhatsApp Chat with Big.txt': withMedia };
    for (let i = 0; i < size; i++) if (isMedia(i)) files[name(i)] = Buffer.from(`photo ${i}`);
    const zip = writeZip(join(dir, 'WhatsApp Chat with Big.zip'), files);
    const attachable = Object.keys(files).length - 1;
    const base = join(dir, 'base');
    expect(spawnCli(['--archive', base, '-q', 'import', textOnly, '--chat', 'Big']).code).toBe(0);

    // Kills spread over the time a whole run takes on this machine (media files are written with a sync each).
    const whole = join(dir, 'whole');
    cpSync(base, whole, { recursive: true });
    const started = Date.now();
    expect(spawnCli(['--archive', whole, '-q', 'import', zip, '--chat', 'Big']).code).toBe(0);
    const took = Date.now() - started;
    const outcomes = new Set<string>();
    for (const share of [0.05, 0.3, 0.5, 0.7, 0.85, 0.95]) {
      const delay = Math.round(share * took);
      const archive = join(dir, `archive-${share}`);
      cpSync(base, archive, { recursive: true });
      const child = startCli(['--archive', archive, '-q', 'import', zip, '--chat', 'Big']);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      clearTimeout(timer);
      expect(messageCount(archive)).toBe(size);
      const db = new Database(join(archive, 'archive.db'), { readonly: true });
      const attached = db.prepare('SELECT count(*) FROM media_late').pluck().get() as number;
      const entries = db.prepare("SELECT count(*) FROM audit_log WHERE operation = 'media-attached'").pluck().get() as number;
      db.close();
      expect([0, attachable]).toContain(attached);
      expect(entries).toBe(attached === 0 ? 0 : 1);
      expect(spawnCli(['--archive', archive, '-q', 'verify']).code).toBe(0);
      outcomes.add(signal === 'SIGKILL' ? `killed:${attached}` : `exited:${code}:${attached}`);
    }
    expect([...outcomes].some((o) => o.startsWith('killed'))).toBe(true);
    // An archive left by a killed import takes the files afterwards.
    const archive = join(dir, 'archive-0.05');
    expect(spawnCli(['--archive', archive, '-q', 'import', zip, '--chat', 'Big']).code).toBe(0);
    const db = new Database(join(archive, 'archive.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM media_late').pluck().get()).toBe(attachable);
    db.close();
    expect(spawnCli(['--archive', archive, '-q', 'verify']).code).toBe(0);
  }, 90_000);
});

describe('an import that records an alias, killed at any moment', () => {
  test('leaves the archive as before (no alias, no new messages) or as after (the alias and only the new messages)', async () => {
    const dir = tempDir();
    const base = join(dir, 'base');
    const half = 10_000;
    // The customer is a number in the first export and a saved name in the second, which repeats all of
    // the first (each of those messages is written, found to be a rename, and removed again) and adds as many.
    const customer = (name: string) => (i: number) => ({ author: i % 2 === 0 ? name : 'Shop', text: `message number ${i}` });
    const first = writeExport(dir, 'one.txt', androidExport(half, 0, customer('+44 7700 900123')));
    const second = writeExport(dir, 'two.txt', androidExport(2 * half, 0, customer('Dana Lee')));
    expect(spawnCli(['--archive', base, '-q', 'import', first, '--chat', 'Dana']).code).toBe(0);
    const aliases = (archive: string) => {
      const db = new Database(join(archive, 'archive.db'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM author_aliases').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    const outcomes = new Set<string>();
    for (const delay of [30, 250, 600, 1000, 1500, 2500]) {
      const archive = join(dir, `archive-${delay}`);
      cpSync(base, archive, { recursive: true });
      const child = startCli(['--archive', archive, '-q', 'import', second, '--chat', 'Dana']);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      clearTimeout(timer);
      const count = messageCount(archive);
      expect([half, 2 * half]).toContain(count);
      expect(aliases(archive)).toBe(count === half ? 0 : 1);
      const problems = JSON.parse(spawnCli(['--archive', archive, 'verify', '--json']).stdout).problems as { kind: string }[];
      expect(problems.filter((p) => p.kind !== 'vocabulary')).toEqual([]);
      expect(spawnCli(['--archive', archive, '-q', 'import', second, '--chat', 'Dana']).code).toBe(0);
      expect([messageCount(archive), aliases(archive)]).toEqual([2 * half, 1]);
      expect(spawnCli(['--archive', archive, '-q', 'verify']).code).toBe(0);
      outcomes.add(signal === 'SIGKILL' ? `killed:${count}` : `exited:${code}:${count}`);
    }
    expect([...outcomes].some((o) => o.startsWith('killed'))).toBe(true);
  }, 180_000);
});

describe('output to a reader that stops early', () => {
  test('show | head ends quietly with exit 0', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    const file = writeExport(dir, 'WhatsApp Chat with Long.txt', androidExport(30_000));
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
