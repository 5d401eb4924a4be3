/**
 * The index of attachments' names (store/mediaNames.ts): a search for a file name finds through it exactly
 * the messages a comparison of every name finds, as LIKE compares (ASCII case ignored, nothing else folded),
 * after a first import, after a later one that adds names, and after a rebuild.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { messagesWithAttachmentNamed, rebuildMediaNames } from '../../src/store/mediaNames.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { searchDataIsFresh } from '../../src/store/vocabulary.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { SCHEMA_13_OBJECTS_DROPPED } from '../helpers/schema.js';
import { makeTempDir } from '../source/zipKit.js';

const tmp = makeTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const NAMES = ['IMG-20240101-WA0001.jpg', 'img-20240102-wa0002.JPG', 'Invoice_Ünïcode%100.PDF', 'Résumé "final".docx', 'a.b', 'PTT-20240101-WA0007.opus'];
const QUERIES = ['IMG-20240101', 'wa000', 'WA0001.jpg', 'invoice_', '%100', 'Ünï', 'ünï', 'ÜNÏ', 'RÉSUMÉ', 'résumé', '"final"', '.docx', 'a.b', 'jpg', 'ab', 'zzz'];
let archive: Archive;

const messages = (count: number, from: number) =>
  androidExport(count, from, (i) => ({ author: 'Ana', text: i % 4 === 0 ? `${NAMES[(i / 4) % NAMES.length]} (file attached)` : `plain words ${i}` }));

async function importText(name: string, body: string) {
  const file = writeExport(tmp.dir, `WhatsApp Chat with ${name}.txt`, body);
  expect((await importExports(archive, { paths: [file], chat: 'Files', tz: 'UTC', now: NOW, toolVersion: 'test' })).failed).toEqual([]);
}

/** Each query's messages through the index (which must be asked) and by reading every name. */
function both() {
  expect(searchDataIsFresh(archive)).toBe(true);
  const prepare = vi.spyOn(archive.db, 'prepare');
  const indexed = QUERIES.map((q) => messagesWithAttachmentNamed(archive, q, true).sort((a, b) => a - b));
  expect(prepare.mock.calls.filter(([sql]) => sql.includes('media_names MATCH')).length).toBe(QUERIES.filter((q) => q.length >= 3).length);
  prepare.mockRestore();
  const read = QUERIES.map((q) => messagesWithAttachmentNamed(archive, q, false).sort((a, b) => a - b));
  return { indexed, read };
}

beforeAll(() => {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
});
afterAll(() => {
  archive.db.close();
  tmp.cleanup();
});

describe('attachments found by name through the index of their trigrams', () => {
  it('finds what reading every name finds, as LIKE compares', async () => {
    await importText('Files', messages(120, 0));
    const { indexed, read } = both();
    expect(indexed).toEqual(read);
    const count = (q: string) => indexed[QUERIES.indexOf(q)]!.length;
    expect(count('wa000')).toBe(15); // both WhatsApp images and the voice note, either case
    expect(count('jpg')).toBe(10);
    expect(count('Ünï')).toBe(5);
    // LIKE ignores the case of ASCII letters only; the index, which folds Ü and ü alike, does not decide.
    expect(count('ünï')).toBe(0);
    expect(count('ÜNÏ')).toBe(0);
    expect(count('RÉSUMÉ')).toBe(0);
    expect(count('%100')).toBe(5);
    expect(count('"final"')).toBe(5);
    expect(count('zzz')).toBe(0);
  });

  it('a later import adds its names, and a rebuild holds the same', async () => {
    await importText('Files 2', messages(240, 0));
    const added = both();
    expect(added.indexed).toEqual(added.read);
    expect(added.indexed[QUERIES.indexOf('wa000')]!.length).toBe(30);
    rebuildMediaNames(archive.db);
    expect(both().indexed).toEqual(added.indexed);
  });

  it('an archive from before the index (schema 12) gets it filled on opening, as fresh as the rest', () => {
    const before = both().indexed;
    archive.db.exec(SCHEMA_13_OBJECTS_DROPPED);
    archive.db.close();
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: false, busyTimeoutMs: 1000, now: NOW });
    expect(both().indexed).toEqual(before);
  });
});
