import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { auditEntries } from '../../src/store/audit.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { deleteExpired, expiredSpan, scrubDatabase, sweepMediaFiles, type PurgeTarget } from '../../src/store/purge.js';
import { SetDigest } from '../../src/integrity/digest.js';
import { cli, tempDir } from '../helpers/cli.js';
import { androidExport, type GeneratedMessage } from '../helpers/exports.js';

const NOW = new Date('2026-01-01T00:00:00Z');
/** Minute i of the generated exports is 2024-01-13 09:00 UTC + i minutes; messages before minute 100 expire. */
const minute = (i: number) => Date.UTC(2024, 0, 13, 9, i);
const CUTOFF = minute(100);
const filler = 'lorem ipsum dolor sit amet '.repeat(1500);

/** Unique words in the messages that expire, and in some that are kept (so the scan is shown to find them). */
function mixed(i: number): GeneratedMessage {
  const author = i % 2 === 0 ? 'Priya Shah' : 'Tom Becker';
  const state = i < 100 ? 'gone' : 'kept';
  if (i === 30 || i === 130) return { author, text: `IMG-${state}.jpg (file attached)` };
  if (i === 40 || i === 140) return { author, text: 'IMG-shared.jpg (file attached)' };
  if (i === 50 || i === 150) return { author, text: `${filler}${state}longmarker${i}qz ${filler}${state}tailmarker${i}qz` };
  if (i === 20 || i === 120) return { author, text: `Zéphyr${state}accentmarker${i}qz` };
  if (i % 10 === 0) return { author, text: `please see ${state}marker${i}qz today` };
  return { author, text: `ordinary message ${i}` };
}

const MARKERS = {
  gone: ['gonemarker10qz', 'gonemarker90qz', 'gonelongmarker50qz', 'gonetailmarker50qz', 'Zéphyrgoneaccentmarker20qz', 'zephyrgoneaccentmarker20qz', 'gone-media-bytes'],
  kept: ['keptmarker110qz', 'keptmarker190qz', 'keptlongmarker150qz', 'kepttailmarker150qz', 'Zéphyrkeptaccentmarker120qz', 'zephyrkeptaccentmarker120qz', 'kept-media-bytes', 'shared-media-bytes'],
};

const archives: Archive[] = [];
afterEach(() => {
  for (const a of archives.splice(0)) a.db.close();
});

/**
 * An archive written by five imports (so the index has merged segments and the vocabulary was rebuilt
 * several times, leaving stale copies of words in free pages): chat Mixed has 100 expired messages.
 */
async function buildArchive(): Promise<{ dir: string; archive: Archive; mixedId: number }> {
  const dir = tempDir();
  const dir1 = join(dir, 'one');
  const dir2 = join(dir, 'two');
  for (const d of [dir1, dir2]) {
    mkdirSync(d);
    writeFileSync(join(d, 'IMG-gone.jpg'), 'gone-media-bytes');
    writeFileSync(join(d, 'IMG-kept.jpg'), 'kept-media-bytes');
    writeFileSync(join(d, 'IMG-shared.jpg'), 'shared-media-bytes');
  }
  writeFileSync(join(dir1, 'WhatsApp Chat with Mixed.txt'), androidExport(200, 0, mixed));
  writeFileSync(join(dir2, 'WhatsApp Chat with Mixed.txt'), androidExport(300, 0, mixed));
  const archiveDir = join(dir, 'archive');
  const imports = [
    join(dir1, 'WhatsApp Chat with Mixed.txt'),
    other(dir, 'Other', 0),
    join(dir2, 'WhatsApp Chat with Mixed.txt'),
    other(dir, 'Third', 0),
    other(dir, 'Other', 150),
  ];
  for (const file of imports) expect((await cli(['--archive', archiveDir, '-q', 'import', file, '--tz', 'UTC'])).code).toBe(0);
  const archive = openArchive(archiveDir, { create: false, busyTimeoutMs: 1000, now: NOW });
  archives.push(archive);
  const mixedId = archive.db.prepare("SELECT id FROM chats WHERE name = 'Mixed'").pluck().get() as number;
  return { dir: archiveDir, archive, mixedId };
}

function other(dir: string, chat: string, start: number): string {
  mkdirSync(join(dir, String(start)), { recursive: true });
  const file = join(dir, String(start), `WhatsApp Chat with ${chat}.txt`);
  writeFileSync(file, androidExport(200, start, (i) => ({ author: 'Ana', text: `${chat.toLowerCase()} word${i} and more` })));
  return file;
}

/** Every file of the archive folder, with its bytes. */
function archiveBytes(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

/** The files that hold `marker`, as UTF-8 or UTF-16. */
function filesHolding(files: Map<string, Buffer>, marker: string): string[] {
  const forms = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  return [...files].filter(([, bytes]) => forms.some((f) => bytes.includes(f))).map(([path]) => path);
}

function purge(archive: Archive, targets: PurgeTarget[]) {
  const deletion = deleteExpired(archive, () => targets, { at: NOW.getTime(), details: (d) => ({ now: NOW.toISOString(), dryRun: false, total: 0, chats: [], held: [], removed: d.removed }) });
  const files = sweepMediaFiles(archive);
  return { deletion, files, scrubbed: scrubDatabase(archive) };
}

describe('a purge leaves no trace of the purged text in any file', () => {
  // 100 of 850 messages: the index is rebuilt. 20: their entries are deleted one by one (FTS5 secure-delete).
  test.each([
    { expiring: 100, media: 2, files: 1, gone: MARKERS.gone, kept: MARKERS.kept },
    { expiring: 20, media: 0, files: 0, gone: ['gonemarker10qz', 'gonemarker0qz'], kept: [...MARKERS.kept, 'gonemarker90qz', 'gonelongmarker50qz', 'gone-media-bytes'] },
  ])('purging $expiring messages: their words are in no file of the archive; kept words still are', async ({ expiring, media, files, gone, kept }) => {
    const { dir, archive, mixedId } = await buildArchive();
    const before = archiveBytes(dir);
    for (const marker of [...gone, ...kept]) expect(filesHolding(before, marker), marker).not.toEqual([]);

    const result = purge(archive, [{ chatId: mixedId, cutoffMs: minute(expiring) }]);
    expect(result.deletion.chats).toEqual([{ chatId: mixedId, messages: expiring, media }]);
    expect(result.files).toBe(files);
    expect(result.scrubbed).toBe(true);

    // Scanned with the connection still open: the write-ahead log must already be empty.
    const after = archiveBytes(dir);
    for (const marker of gone) expect(filesHolding(after, marker), marker).toEqual([]);
    for (const marker of kept) expect(filesHolding(after, marker), marker).not.toEqual([]);
    expect(archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
    archive.db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    const search = (word: string) => archive.db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(word);
    expect(search(gone[0]!)).toBe(0);
    expect(search(kept[0]!)).toBe(1);
    // The index of attachment names (store/mediaNames.ts) holds the kept names only.
    const named = (name: string) => archive.db.prepare('SELECT count(*) FROM media_names WHERE media_names MATCH ?').pluck().get(`"${name}"`);
    expect(named('IMG-gone.jpg')).toBe(expiring > 30 ? 0 : 1);
    expect(named('IMG-kept.jpg')).toBe(1);
  });
});

describe('what a purge deletes and records', () => {
  test('the audit entry has, per import, the count and set digest of the removed rows, and no message text', async () => {
    const { archive, mixedId } = await buildArchive();
    const rows = archive.db
      .prepare('SELECT import_id AS importId, hash FROM messages WHERE chat_id = ? AND ts < ? ORDER BY import_id')
      .all(mixedId, CUTOFF) as Array<{ importId: number; hash: string }>;
    const expected = new Map<number, SetDigest>();
    for (const r of rows) {
      if (!expected.has(r.importId)) expected.set(r.importId, new SetDigest());
      expected.get(r.importId)!.add(r.hash);
    }
    purge(archive, [{ chatId: mixedId, cutoffMs: CUTOFF }]);
    const entry = [...auditEntries(archive)].at(-1)!;
    expect(entry.operation).toBe('purge');
    expect(JSON.parse(entry.details).removed).toEqual([...expected].map(([importId, d]) => ({ importId, messages: d.count, digest: d.toHex() })));
    for (const marker of [...MARKERS.gone, 'ordinary message']) expect(entry.details).not.toContain(marker);
  });

  test('expiredSpan gives the oldest and newest expired message and their stored attachments', async () => {
    const { archive, mixedId } = await buildArchive();
    expect(expiredSpan(archive, { chatId: mixedId, cutoffMs: CUTOFF })).toEqual({ oldest: minute(0), newest: minute(99), media: 2 });
    expect(expiredSpan(archive, { chatId: mixedId, cutoffMs: minute(0) })).toEqual({ oldest: null, newest: null, media: 0 });
  });

  test('nothing expired: nothing changes but the audit entry, and search data stays fresh', async () => {
    const { archive, mixedId } = await buildArchive();
    const version = archive.db.prepare('SELECT index_version FROM search_state').pluck().get();
    const count = () => archive.db.prepare('SELECT count(*) FROM messages').pluck().get();
    const before = count();
    const result = purge(archive, [{ chatId: mixedId, cutoffMs: minute(0) }]);
    expect(result.deletion).toEqual({ chats: [], removed: [] });
    expect(count()).toBe(before);
    expect(archive.db.prepare('SELECT index_version FROM search_state').pluck().get()).toEqual(version);
  });

  test('the sweep removes files no row names and temporary leftovers, and keeps every file in use', async () => {
    const { dir, archive } = await buildArchive();
    const media = join(dir, 'media');
    const inUse = readdirSync(media, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    mkdirSync(join(media, 'ff'));
    writeFileSync(join(media, 'ff', 'f'.repeat(64)), 'left by a killed purge');
    writeFileSync(`${inUse[0]}.0a1b.tmp`, 'left by a killed import');
    expect(sweepMediaFiles(archive)).toBe(2);
    const left = readdirSync(media, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(left.sort()).toEqual(inUse.sort());
    expect(readdirSync(media)).not.toContain('ff');
  });
});
