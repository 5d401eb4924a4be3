/**
 * The settings every archive connection gets (store/open.ts). The page cache is small on purpose: a command
 * reads a few hundred scattered pages and exits, and with better-sqlite3's default (16 MB) each of those
 * reads landed in fresh memory, whose first touch cost more than the read (measured on a 10M-message archive).
 */
import Database from 'better-sqlite3';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { useWriteAheadLog } from '../../src/store/journal.js';
import { openArchive } from '../../src/store/open.js';
import { looseModes } from '../../src/store/private.js';
import { tempDir } from '../helpers/cli.js';

test('an archive connection is in WAL mode, syncs fully, checks foreign keys and keeps a 1 MiB page cache', () => {
  const dir = join(tempDir(), 'archive');
  openArchive(dir, { create: true, busyTimeoutMs: 1000, now: new Date() }).db.close();
  const archive = openArchive(dir, { create: false, busyTimeoutMs: 1000, now: new Date() });
  try {
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(archive.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(archive.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(archive.db.pragma('cache_size', { simple: true })).toBe(-1024);
  } finally {
    archive.db.close();
  }
});

test('a new archive keeps the rollback journal until useWriteAheadLog, which a busy archive leaves to the next open', () => {
  const dir = join(tempDir(), 'archive');
  const archive = openArchive(dir, { create: true, busyTimeoutMs: 100, now: new Date() });
  const reader = new Database(join(dir, 'archive.db'));
  try {
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('delete');
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM messages').get();
    useWriteAheadLog(archive.db);
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('delete');
    reader.exec('COMMIT');
    useWriteAheadLog(archive.db);
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('wal');
  } finally {
    reader.close();
    archive.db.close();
  }
});

test.runIf(process.platform !== 'win32')("looseModes names a rollback journal (a new archive's first import) that others may read", () => {
  const dir = join(tempDir(), 'archive');
  const archive = openArchive(dir, { create: true, busyTimeoutMs: 1000, now: new Date() });
  try {
    expect(looseModes(archive)).toEqual([]);
    // An empty journal, as a first import's can be at its start: SQLite ignores it.
    writeFileSync(join(dir, 'archive.db-journal'), '', { mode: 0o644 });
    chmodSync(join(dir, 'archive.db-journal'), 0o644);
    expect(looseModes(archive)).toEqual([{ path: 'archive.db-journal', mode: 0o644 }]);
  } finally {
    archive.db.close();
  }
});
