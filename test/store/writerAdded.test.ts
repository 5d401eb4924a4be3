/**
 * A first import's time blocks and per-chat counts come from the writer thread's sums of what it wrote
 * (store/writerAdded.ts), not from reading every message again: the same tables as a rebuild, and used only
 * when they are the whole archive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { refreshSearchData } from '../../src/store/vocabulary.js';
import { lastAuditSeq, type AddedRows } from '../../src/store/writerAdded.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { FIXTURES, useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const DAY = 24 * 60;

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

/** Media without a file, a named file missing from the export, and text, by several authors. */
const message = (i: number) => ({
  author: ['Ana', 'Tom', 'Priya Shah'][i % 3]!,
  text: i % 7 === 0 ? '<Media omitted>' : i % 11 === 0 ? `IMG-${i}.jpg (file attached)` : i % 13 === 0 ? `notes.v${i}.pdf (file attached)` : `word ${i}`,
});

/** Each derived table, rows in their stored order. */
function derived(db: Archive['db']) {
  return {
    counts: db.prepare('SELECT rowid, * FROM chat_counts ORDER BY rowid').all(),
    media: db.prepare('SELECT rowid, * FROM chat_media ORDER BY rowid').all(),
    blocks: db.prepare('SELECT * FROM search_time_blocks ORDER BY block, chat_id').all(),
  };
}

/** One run: the sample exports (an attachment stored) and two generated chats over several months and id blocks. */
async function importFolder(): Promise<void> {
  const folder = path.join(tmp.dir, 'exports');
  fs.cpSync(path.join(FIXTURES, 'ios-export'), path.join(folder, 'WhatsApp Chat - Orders'), { recursive: true });
  writeExport(folder, 'WhatsApp Chat with Ana.txt', androidExport(2500, 0, message) + androidExport(400, 40 * DAY, message));
  writeExport(folder, 'WhatsApp Chat with Tom.txt', androidExport(1500, 70 * DAY, message));
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  const result = await importExports(archive, { paths: [folder], tz: 'UTC', now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  expect(result.searchData?.refresh).toBe('rebuilt');
}

describe("a first import's derived data from the writer's sums", () => {
  it('is what a rebuild from the messages makes, row for row', async () => {
    await importFolder();
    const db = archive!.db;
    const summed = derived(db);
    expect(summed.blocks.length).toBeGreaterThan(4);
    expect(summed.media).toContainEqual(expect.objectContaining({ suffix: null, stored: 0 }));
    expect(summed.media).toContainEqual(expect.objectContaining({ suffix: '.pdf', stored: 0 }));
    expect(summed.media).toContainEqual(expect.objectContaining({ suffix: '.jpg', stored: 1 }));

    db.exec('DELETE FROM search_state');
    expect(refreshSearchData(db)).toBe('rebuilt');
    expect(derived(db)).toEqual(summed);
  });

  it('are used only when they are every message of the archive and nothing changed it since', async () => {
    await importFolder();
    const db = archive!.db;
    const chat = db.prepare('SELECT min(id) FROM chats').pluck().get() as number;
    const messages = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    // Sums that differ from the messages, so that it shows whether they were used.
    const sums: AddedRows = {
      fromEmpty: true,
      auditSeq: lastAuditSeq(db),
      messages,
      blocks: [[0, chat, 1, 1, 0, 0]],
      counts: [[chat, '1999-01', 'Nobody', messages]],
      media: [],
    };
    const used = (s: AddedRows): boolean => {
      db.exec('DELETE FROM search_state');
      refreshSearchData(db, s);
      return (db.prepare("SELECT count(*) FROM chat_counts WHERE month = '1999-01'").pluck().get() as number) === 1;
    };
    expect(used(sums)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM search_time_blocks').pluck().get()).toBe(1);
    expect(used({ ...sums, fromEmpty: false })).toBe(false);
    expect(used({ ...sums, messages: messages + 1 })).toBe(false);
    expect(used({ ...sums, auditSeq: sums.auditSeq! - 1 })).toBe(false);
    expect(derived(db).blocks.length).toBeGreaterThan(4);
  });

  it('are not used for a run into an archive that held messages', async () => {
    await importFolder();
    const db = archive!.db;
    const before = derived(db);
    const file = writeExport(tmp.dir, 'WhatsApp Chat with Eve.txt', androidExport(300, 100 * DAY, message));
    db.exec('DELETE FROM search_state');
    const result = await importExports(archive!, { paths: [file], tz: 'UTC', now: NOW, toolVersion: 'test' });
    expect(result.searchData?.refresh).toBe('rebuilt');
    const after = derived(db);
    expect(after.counts.length).toBeGreaterThan(before.counts.length);
    db.exec('DELETE FROM search_state');
    refreshSearchData(db);
    expect(derived(db)).toEqual(after);
  });
});
