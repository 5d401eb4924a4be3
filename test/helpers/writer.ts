import { join } from 'node:path';
import { importWriter, type NewMessage } from '../../src/store/imports.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import type { ArchiveWriter } from '../../src/store/writer.js';
import { tempDir } from './cli.js';

export const WRITER_NOW = new Date('2026-01-01T00:00:00Z');

/** Archives opened with a writer by `writerArchive`; `closeWriterArchives` (in afterEach) closes them. */
export const openWriters: Array<{ archive: Archive; writer?: ArchiveWriter }> = [];

/** A new archive and its import writer. */
export function writerArchive(): { archive: Archive; writer: ArchiveWriter } {
  const archive = openArchive(join(tempDir(), 'archive'), { create: true, busyTimeoutMs: 1000, now: WRITER_NOW });
  const writer = importWriter(archive);
  openWriters.push({ archive, writer });
  return { archive, writer };
}

export function closeWriterArchives(): void {
  for (const { archive, writer } of openWriters.splice(0)) {
    writer?.close();
    archive.db.close();
  }
}

/** Message i of one minute, by Ana: its identity, time and hash follow from i. */
export function plainMessage(i: number, over: Partial<NewMessage> = {}): NewMessage {
  const text = `message ${i}`;
  return {
    ident: `202401130900${String(i).padStart(8, '0')}`,
    ts: Date.UTC(2024, 0, 13, 9, 0) + i * 1000,
    local: '2024-01-13 09:00',
    author: 'Ana',
    kind: 'message',
    text,
    edited: false,
    original: `13/01/2024, 09:00 - Ana: ${text}`,
    media: [],
    hash: i.toString(16).padStart(64, '0'),
    ...over,
  };
}
