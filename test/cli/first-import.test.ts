// A new archive's first export is written through SQLite's rollback journal, the others through the
// write-ahead log (store/journal.ts). Real processes: a kill, and a second export in one run.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, runKilledAt, runProcess, spawnCli, tempDir } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { openArchive } from '../../src/store/open.js';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it)');
});

function journalMode(archive: string): string {
  const db = new Database(join(archive, 'archive.db'));
  try {
    return db.pragma('journal_mode', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Opens the archive (rolling back what a killed writer left) and counts its messages. */
function messageCount(archive: string): number {
  const db = new Database(join(archive, 'archive.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe("a new archive's first export", () => {
  test('killed after its pages reached the database file, is rolled back by the next open; imported again, leaves the archive in WAL mode', async () => {
    const dir = tempDir();
    const size = 80_000;
    const file = writeExport(dir, 'WhatsApp Chat with Big.txt', androidExport(size));
    const archive = join(dir, 'archive');
    const db = join(archive, 'archive.db');
    // progress:7: 70,000 messages handed to the writer, more than its page cache holds.
    const killed = await runKilledAt('progress:7', ['--archive', archive, '-q', 'import', file]);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(statSync(`${db}-journal`).mode & 0o777).toBe(0o600);
    // The written pages are in the database file itself, the journal holds what they replaced.
    expect(statSync(db).size).toBeGreaterThan(4 * 1024 * 1024);

    expect(messageCount(archive)).toBe(0);
    expect(existsSync(`${db}-journal`)).toBe(false);
    expect(statSync(db).size).toBeLessThan(1024 * 1024);

    const again = spawnCli(['--archive', archive, '-q', 'import', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(messageCount(archive)).toBe(size);
    expect(journalMode(archive)).toBe('wal');
    const verified = spawnCli(['--archive', archive, '-q', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
  }, 60_000);

  test('is followed in the same run by exports written through the log, whose reads of the archive mid-export do not wait for the writer', () => {
    const dir = tempDir();
    // Ana's export starts long before Tom's messages (the first in the folder), so the check that it is not
    // Tom's chat renamed reads the archive again where it reaches them (ops/chatMatch.ts): after 60,000 of its
    // messages are written, more than the writer's page cache holds. Through a rollback journal that read would
    // wait for the writer's transaction, and give up when the busy timeout ran out.
    const reach = 60_000;
    writeExport(dir, 'WhatsApp Chat with A Tom.txt', androidExport(100, reach));
    writeExport(dir, 'WhatsApp Chat with B Ana.txt', androidExport(reach + 100, 0, (i) => ({ author: i % 2 ? 'Ana' : 'Tom Becker', text: `reply ${i}` })));
    const archive = join(dir, 'archive');
    const run = spawnCli(['--archive', archive, '--json', 'import', dir], { WA_ARCHIVE_BUSY_TIMEOUT: '1000' });
    expect(run.code, run.stderr).toBe(0);
    const imports = (JSON.parse(run.stdout) as { imports: { chat: string; added: number }[] }).imports;
    expect(imports.map((i) => [i.chat, i.added])).toEqual([['A Tom', 100], ['B Ana', reach + 100]]);
    expect(journalMode(archive)).toBe('wal');
  }, 60_000);

  test('while it is written, another command waits for its commit and then reads the archive', async () => {
    const archive = join(tempDir(), 'archive');
    openArchive(archive, { create: true, busyTimeoutMs: 1000, now: new Date() }).db.close();
    // The writer of a first export: in the rollback journal, its transaction holds the database to itself.
    const writer = new Database(join(archive, 'archive.db'));
    writer.exec('BEGIN EXCLUSIVE');
    writer.prepare('INSERT INTO chats (name, created_at) VALUES (?, ?)').run('Tom', Date.now());
    const started = Date.now();
    const reading = runProcess(['--archive', archive, '--json', 'chats'], { WA_ARCHIVE_BUSY_TIMEOUT: '10000' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    writer.exec('COMMIT');
    // Then the import's refresh writes: the archive cannot be switched to the log meanwhile, and is read as it is.
    writer.exec('BEGIN IMMEDIATE');
    await new Promise((resolve) => setTimeout(resolve, 500));
    writer.exec('COMMIT');
    writer.close();
    const read = await reading;
    expect(read.code, read.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(JSON.parse(read.stdout))).toContain('"Tom"');
  });
});
