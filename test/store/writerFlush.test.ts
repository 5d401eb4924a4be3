import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { decideRemainder } from '../../src/ops/renames.js';
import { importWriter, saveImport, type NewMessage } from '../../src/store/imports.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';

// The real fdatasync, watched: which files the writer asks to sync in the background.
const synced = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const fdatasync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
    synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    fs.fdatasync(fd, done);
  };
  return { ...fs, default: { ...fs, fdatasync }, fdatasync };
});

afterEach(() => void synced.splice(0));

const NOW = new Date('2026-01-01T00:00:00Z');

function message(i: number): NewMessage {
  const text = `message ${i}`;
  return {
    ident: `202401130900${String(i).padStart(8, '0')}`,
    ts: Date.UTC(2024, 0, 13, 9, 0) + i,
    local: '2024-01-13 09:00',
    author: 'Ana',
    kind: 'message',
    text,
    edited: false,
    original: `13/01/2024, 09:00 - Ana: ${text}`,
    media: [],
    hash: i.toString(16).padStart(64, '0'),
  };
}

/** Writes 70,000 messages as one export of a chat (35 batches of 2048: one background sync, every 32 batches). */
function writeExport(archive: Archive, chat: string): void {
  const writer = importWriter(archive);
  try {
    const messages = Array.from({ length: 70_000 }, (_, i) => message(i));
    const record = { chat, source: `${chat}.txt`, sha256: 'ab'.repeat(32), platform: 'android', tz: 'UTC', dateOrder: 'dmy', importedAt: NOW.getTime(), toolVersion: 'test', records: messages.length };
    expect(saveImport(writer, record, messages, decideRemainder).added).toBe(messages.length);
  } finally {
    writer.close();
  }
}

test.runIf(process.platform === 'linux')("an export's log is synced in the background while it is written, and the export is kept whole", () => {
  const dir = join(tempDir(), 'archive');
  const archive = openArchive(dir, { create: true, busyTimeoutMs: 1000, now: NOW });
  try {
    // A new archive's first export has no log, and archive.db is never opened beside SQLite's descriptor.
    writeExport(archive, 'First');
    expect(synced).toEqual([]);
    // Its commit switched the archive to the log.
    writeExport(archive, 'Second');
    expect(synced).toEqual([`${realpathSync(dir)}/archive.db-wal`]);
    expect(archive.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(140_000);
  } finally {
    archive.db.close();
  }
});
