import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { remainderRule } from '../../src/ops/renames.js';
import { importWriter, saveImport, type NewMessage } from '../../src/store/imports.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import type { ArchiveWriter } from '../../src/store/writer.js';
import { tempDir } from '../helpers/cli.js';
import { plainMessage } from '../helpers/writer.js';

// The writer's thread syncs what a transaction wrote in the background (store/writerFlush.ts), on a
// descriptor of its own: of archive.db while the archive has no log (a new archive's first export), of
// archive.db-wal after. Seen here from outside: the process's open descriptors of each file.

const NOW = new Date('2026-01-01T00:00:00Z');
const BATCH = 2048;


/** How many of this process's descriptors are open on `file`. */
function descriptorsOf(file: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // Closed since the listing (the listing's own descriptor, among others).
    }
  }
  return n;
}

/** Whether this process holds a POSIX read lock on `file` (SQLite's shared lock: a WAL-mode connection keeps one while open). */
function readLocked(file: string): boolean {
  const inode = `:${statSync(file).ino} `;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .some((line) => line.includes(inode) && / POSIX +ADVISORY +READ /.test(line) && line.split(/\s+/).includes(String(process.pid)));
}

/**
 * Writes 70,000 messages as one export of a chat (35 batches of 2048; a background sync every 32). After
 * 33 batches are handed over, waits until the thread has a descriptor of `synced` open besides SQLite's.
 */
function writeExport(writer: ArchiveWriter, chat: string, synced: string): { extra: number } {
  const seen = { extra: 0 };
  function* messages(): Generator<NewMessage> {
    const before = descriptorsOf(synced);
    for (let i = 0; i < 70_000; i++) {
      if (i === 33 * BATCH) {
        const until = Date.now() + 20_000;
        while (descriptorsOf(synced) === before && Date.now() < until);
        seen.extra = descriptorsOf(synced) - before;
      }
      yield plainMessage(i);
    }
  }
  const record = { chat, source: `${chat}.txt`, sha256: 'ab'.repeat(32), platform: 'android', tz: 'UTC', dateOrder: 'dmy', importedAt: NOW.getTime(), toolVersion: 'test', records: 70_000 };
  expect(saveImport(writer, record, messages(), remainderRule).added).toBe(70_000);
  return seen;
}

test.runIf(process.platform === 'linux')("an export's pages are synced in the background as it is written, from the file they go to, and the archive keeps its lock", () => {
  const dir = join(tempDir(), 'archive');
  const archive: Archive = openArchive(dir, { create: true, busyTimeoutMs: 1000, now: NOW });
  const file = join(realpathSync(dir), 'archive.db');
  try {
    const writer = importWriter(archive);
    try {
      // A new archive's first export goes through the rollback journal: its pages go to archive.db.
      expect(writeExport(writer, 'First', file).extra).toBe(1);
      // Closed at its commit: SQLite's own descriptors of archive.db are all that is left (the caller's, the thread's).
      expect(descriptorsOf(file)).toBe(2);
      // Its commit switched the archive to the log.
      expect(writeExport(writer, 'Second', `${file}-wal`).extra).toBe(1);
      // A descriptor of archive.db closed in WAL mode would have released the shared lock that the
      // connections keep in that mode (and SQLite, which counts its locks per file, would not take it again).
      expect(archive.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(140_000);
      expect(readLocked(file)).toBe(true);
    } finally {
      writer.close();
    }
    expect(readLocked(file)).toBe(true);
  } finally {
    archive.db.close();
  }
  // No descriptor of the thread's is left open (SQLite keeps a closed connection's own until the process's last lock on the file goes).
  expect([descriptorsOf(file), descriptorsOf(`${file}-wal`)]).toEqual([0, 0]);
});
