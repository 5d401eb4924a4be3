// Issue 12: what later exports of a chat do to what the archive already holds. A year of exports of one
// chat, through the CLI: after each step the message count, `verify` and the audit log.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';
import { writeZip } from '../source/zipKit.js';
import { SCHEMA_4_OBJECTS_DROPPED } from '../helpers/schema.js';

const pad = (n: number) => String(n).padStart(2, '0');
const DAY = 86_400_000;
const CHAT = 'Priya Shah';

/** An Android export line at a UTC instant (imported with --tz UTC). */
function line(ms: number, author: string, text: string): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} - ${author}: ${text}`;
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;
/** Weekly messages of a year from 2023-01-02 09:00 UTC: message i is `week i`. */
const weekly = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(Date.UTC(2023, 0, 2, 9) + (from + k) * 7 * DAY, k % 2 ? 'Tom' : 'Priya', `week ${from + k}`));

interface Step {
  archive: string;
  env: Record<string, string>;
  dir: string;
}

function setup(now = '2024-01-01T00:00:00Z'): Step {
  const dir = tempDir();
  return { dir, archive: join(dir, 'archive'), env: { WA_ARCHIVE_NOW: now } };
}

async function importJson(s: Step, file: string): Promise<any> {
  const r = await cliJson(['--archive', s.archive, 'import', file, '--tz', 'UTC', '--chat', CHAT], { env: s.env });
  expect(r.code).toBe(0);
  return r.json.imports[0];
}

async function messages(s: Step): Promise<any[]> {
  return (await cliJson(['--archive', s.archive, 'show', CHAT], { env: s.env })).json.messages;
}

async function verified(s: Step): Promise<void> {
  const r = await cli(['--archive', s.archive, 'verify'], { env: s.env });
  expect(r.stdout + r.stderr).not.toContain('problem');
  expect(r.code).toBe(0);
}

async function operations(s: Step): Promise<string[]> {
  return (await cliJson(['--archive', s.archive, 'log'], { env: s.env })).json.entries.map((e: any) => e.operation);
}

async function lastImportEntry(s: Step): Promise<any> {
  const entries = (await cliJson(['--archive', s.archive, 'log'], { env: s.env })).json.entries;
  return entries.filter((e: any) => e.operation === 'import').at(-1).details;
}

describe('purged messages never come back', () => {
  test('an older export imported after a purge stores nothing past retention, counts it, and the log records it', async () => {
    const s = setup('2024-01-01T00:00:00Z');
    const year = writeExport(s.dir, 'year.txt', lines(...weekly(0, 52)));
    expect((await importJson(s, year)).added).toBe(52);
    await cli(['--archive', s.archive, 'retention', 'set', '6m'], { env: s.env });
    const purged = await cliJson(['--archive', s.archive, 'purge', '--yes'], { env: s.env });
    expect(purged.code).toBe(0);
    const kept = (await messages(s)).length;
    expect(kept).toBeLessThan(52);
    await verified(s);

    // An older, overlapping export: its first 40 weeks (26 of them before the 6-month cutoff of 2023-07-01).
    const older = writeExport(s.dir, 'older.txt', lines(...weekly(0, 40)));
    const again = await importJson(s, older);
    expect(again).toMatchObject({ messages: 40, added: 0, expired: 52 - kept, duplicates: 40 - (52 - kept), deletedLater: 0, missingFromExport: [] });
    expect((await messages(s)).length).toBe(kept);
    expect((await lastImportEntry(s)).expired).toBe(52 - kept);
    await verified(s);
    expect(await operations(s)).toEqual(['import', 'retention', 'purge', 'import']);

    const another = writeExport(s.dir, 'older-2.txt', lines(...weekly(0, 41)));
    const human = await cli(['--archive', s.archive, 'import', another, '--tz', 'UTC', '--chat', CHAT], { env: s.env });
    expect(human.stderr).toContain(`${52 - kept} not kept: past retention`);
  });

  test('after a lengthened period, the very file imported before stores again what it has within the new period', async () => {
    const s = setup('2024-01-01T00:00:00Z');
    const year = writeExport(s.dir, 'year.txt', lines(...weekly(0, 52)));
    await importJson(s, year);
    await cli(['--archive', s.archive, 'retention', 'set', '6m'], { env: s.env });
    await cli(['--archive', s.archive, 'purge', '--yes'], { env: s.env });
    const kept = (await messages(s)).length;
    expect((await cli(['--archive', s.archive, 'retention', 'set', '2y'], { env: s.env })).code).toBe(0);
    // Not the same-file shortcut (nothing to add): the purge since removed messages this file has.
    expect(await importJson(s, year)).toMatchObject({ added: 52 - kept, expired: 0 });
    expect((await messages(s)).length).toBe(52);
    // Then the shortcut again: no purge since that import.
    expect((await lastImportEntry(s)).sameFile).toBeUndefined();
    expect(await importJson(s, year)).toMatchObject({ added: 0, duplicates: 52 });
    expect((await lastImportEntry(s)).sameFile).toBe(true);
    await verified(s);
  });

  test('after a lengthened period, the very file whose import kept only part of it stores the rest within the new period', async () => {
    const s = setup('2024-01-01T00:00:00Z');
    // The period comes first (set on an archive that holds another chat), so the import itself leaves messages out.
    const other = writeExport(s.dir, 'other.txt', lines(...weekly(51, 52)));
    expect((await cli(['--archive', s.archive, 'import', other, '--tz', 'UTC', '--chat', 'Other'], { env: s.env })).code).toBe(0);
    await cli(['--archive', s.archive, 'retention', 'set', '6m'], { env: s.env });
    const year = writeExport(s.dir, 'year.txt', lines(...weekly(0, 52)));
    const first = await importJson(s, year);
    expect(first.expired).toBeGreaterThan(0);
    expect(first.added).toBe(52 - first.expired);
    expect((await cli(['--archive', s.archive, 'retention', 'set', '2y'], { env: s.env })).code).toBe(0);
    // Not the same-file shortcut, which would count all 52 as already archived: no purge ran, but that
    // import did not keep them all.
    expect(await importJson(s, year)).toMatchObject({ added: first.expired, duplicates: 52 - first.expired, expired: 0 });
    expect((await lastImportEntry(s)).sameFile).toBeUndefined();
    expect((await messages(s)).length).toBe(52);
    // That import kept everything: the next one of the file is the shortcut.
    expect(await importJson(s, year)).toMatchObject({ added: 0, duplicates: 52 });
    expect((await lastImportEntry(s)).sameFile).toBe(true);
    await verified(s);
  });

  test('a hold wins: a held chat keeps what an import brings back, however old', async () => {
    const s = setup('2024-01-01T00:00:00Z');
    await importJson(s, writeExport(s.dir, 'year.txt', lines(...weekly(0, 52))));
    await cli(['--archive', s.archive, 'retention', 'set', '6m'], { env: s.env });
    await cli(['--archive', s.archive, 'purge', '--yes'], { env: s.env });
    const kept = (await messages(s)).length;
    expect((await cli(['--archive', s.archive, 'hold', 'add', CHAT, '--reason', 'case 7'], { env: s.env })).code).toBe(0);
    const again = await importJson(s, writeExport(s.dir, 'older.txt', lines(...weekly(0, 40))));
    expect(again).toMatchObject({ added: 52 - kept, expired: 0 });
    expect((await messages(s)).length).toBe(52);
    await verified(s);
  });
});

describe('a retention period written behind the tool', () => {
  test('never makes an import drop messages as expired (like purge, it trusts only the policy the log set)', async () => {
    const s = setup('2024-01-01T00:00:00Z');
    expect((await importJson(s, writeExport(s.dir, 'year.txt', lines(...weekly(0, 52))))).added).toBe(52);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(s.archive, 'archive.db'));
    db.prepare("INSERT INTO retention_policies (chat_id, period, presets, set_at) VALUES (NULL, '30d', NULL, 0)").run();
    db.close();
    const later = await importJson(s, writeExport(s.dir, 'later.txt', lines(...weekly(0, 53))));
    expect(later).toMatchObject({ added: 1, expired: 0 });
    expect(await messages(s)).toHaveLength(53);
  });
});

describe('media that arrives later attaches', () => {
  const T = Date.UTC(2024, 2, 14, 9, 5);
  const photo = Buffer.from('late photo bytes');
  const photoSha = createHash('sha256').update(photo).digest('hex');

  test('a text-only export, then a zip with the file: stored, linked, its own audit entry, verify passes', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    const textOnly = writeExport(s.dir, 'text.txt', lines(line(T, 'Priya', 'look'), line(T + 60_000, 'Priya', '<Media omitted>'), line(T + 120_000, 'Tom', 'nice')));
    expect((await importJson(s, textOnly)).added).toBe(3);
    expect((await messages(s))[1].media).toEqual([{ name: null, sha256: null, size: null, status: 'not-exported' }]);

    const chatText = lines(line(T, 'Priya', 'look'), line(T + 60_000, 'Priya', 'IMG-20240314-WA0002.jpg (file attached)'), line(T + 120_000, 'Tom', 'nice'));
    const zip = writeZip(join(s.dir, 'with-media.zip'), { 'WhatsApp Chat with Priya Shah.txt': chatText, 'IMG-20240314-WA0002.jpg': photo });
    const later = await importJson(s, zip);
    expect(later).toMatchObject({ added: 0, duplicates: 3, mediaAttached: 1 });
    const shown = await messages(s);
    expect(shown).toHaveLength(3);
    expect(shown[1].media).toEqual([{ name: 'IMG-20240314-WA0002.jpg', sha256: photoSha, size: photo.length, status: 'stored' }]);
    expect(readFileSync(join(s.archive, 'media', photoSha.slice(0, 2), photoSha))).toEqual(photo);
    expect(await operations(s)).toEqual(['import', 'import', 'media-attached']);
    // stats counts the attachment as the image it now is, not as "not exported".
    expect((await cliJson(['--archive', s.archive, 'stats'], { env: s.env })).json.media).toEqual([{ type: 'image', count: 1, missing: 0 }]);
    const entry = (await cliJson(['--archive', s.archive, 'log'], { env: s.env })).json.entries.at(-1).details;
    expect(entry.files).toEqual([{ messageId: shown[1].id, position: 0, sha256: photoSha, size: photo.length }]);
    await verified(s);

    // Again: nothing more to attach.
    const zip2 = writeZip(join(s.dir, 'with-media-2.zip'), { 'WhatsApp Chat with Priya Shah.txt': chatText + lines(line(T + 180_000, 'Tom', 'more')), 'IMG-20240314-WA0002.jpg': photo });
    expect(await importJson(s, zip2)).toMatchObject({ added: 1, mediaAttached: 0 });
    await verified(s);
  });

  test('a file missing from an earlier zip is filled by a later one; a late link without its audit entry fails verify', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    const chatText = lines(line(T, 'Priya', 'IMG-20240314-WA0002.jpg (file attached)'), line(T + 60_000, 'Tom', 'ok'));
    await importJson(s, writeZip(join(s.dir, 'first.zip'), { 'WhatsApp Chat with Priya Shah.txt': chatText }));
    expect((await messages(s))[0].media).toEqual([{ name: 'IMG-20240314-WA0002.jpg', sha256: null, size: null, status: 'missing' }]);
    const later = await importJson(s, writeZip(join(s.dir, 'second.zip'), { 'WhatsApp Chat with Priya Shah.txt': chatText, 'IMG-20240314-WA0002.jpg': photo }));
    expect(later).toMatchObject({ added: 0, mediaAttached: 1 });
    expect((await messages(s))[0].media[0].sha256).toBe(photoSha);
    // No longer missing for stats either.
    expect((await cliJson(['--archive', s.archive, 'stats', '--chat', 'Priya'], { env: s.env })).json.media).toEqual([{ type: 'image', count: 1, missing: 0 }]);
    await verified(s);

    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(s.archive, 'archive.db'));
    db.prepare("INSERT INTO media_late (message_id, position, name, sha256, import_id) SELECT id, 0, 'x', ?, import_id FROM messages WHERE text = 'ok'").run(photoSha);
    db.close();
    const r = await cli(['--archive', s.archive, 'verify'], { env: s.env });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('that no audit entry records');
  });
});

describe('deleted on the phone, kept in the archive, and marked', () => {
  const T = Date.UTC(2024, 2, 14, 9, 0);
  const first = lines(line(T, 'Priya', 'hello'), line(T + 60_000, 'Tom', 'the secret plan'), line(T + 120_000, 'Priya', 'bye'));

  test('a placeholder where an archived message was: marked, not duplicated, placeholder not stored', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    await importJson(s, writeExport(s.dir, 'first.txt', first));
    const later = lines(line(T, 'Priya', 'hello'), line(T + 60_000, 'Tom', 'This message was deleted'), line(T + 120_000, 'Priya', 'bye'), line(T + 180_000, 'Tom', 'new one'));
    const r = await importJson(s, writeExport(s.dir, 'later.txt', later));
    expect(r).toMatchObject({ added: 1, deletedLater: 1, missingFromExport: [] });
    const shown = await messages(s);
    expect(shown.map((m) => m.text)).toEqual(['hello', 'the secret plan', 'bye', 'new one']);
    expect(shown.filter((m) => m.kind === 'deleted')).toEqual([]);
    expect(shown[1].deletedLater).toBe(true);
    expect('deletedLater' in shown[0]).toBe(false);
    expect((await lastImportEntry(s)).deletedLater).toEqual([shown[1].id]);
    await verified(s);

    const text = await cli(['--archive', s.archive, 'show', CHAT], { env: s.env });
    expect(text.stdout).toContain('the secret plan (deleted on the phone after it was archived)');
    const found = await cliJson(['--archive', s.archive, 'search', 'secret'], { env: s.env });
    expect(found.json.results[0]).toMatchObject({ id: shown[1].id, deletedLater: true });
    const exported = await cli(['--archive', s.archive, 'export', '--format', 'json'], { env: s.env });
    expect(JSON.parse(exported.stdout).chats[0].messages[1].deletedLater).toBe(true);
    const html = join(s.dir, 'chat.html');
    expect((await cli(['--archive', s.archive, 'export', '--format', 'html', '--out', html], { env: s.env })).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('deleted on the phone after it was archived');

    // The same later export again (a different file): nothing changes, nothing is counted twice.
    const again = await importJson(s, writeExport(s.dir, 'later-again.txt', later + lines(line(T + 240_000, 'Tom', 'last'))));
    expect(again).toMatchObject({ added: 1, deletedLater: 0, missingFromExport: [] });
    expect((await messages(s)).length).toBe(5);
    await verified(s);
  });

  test('"You deleted this message" and other languages the parser knows count too', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    await importJson(s, writeExport(s.dir, 'first.txt', first));
    const later = lines(line(T, 'Priya', 'hello'), line(T + 60_000, 'Tom', 'You deleted this message'), line(T + 120_000, 'Priya', 'Diese Nachricht wurde gelöscht'));
    expect(await importJson(s, writeExport(s.dir, 'later.txt', later))).toMatchObject({ added: 0, deletedLater: 2 });
    expect((await messages(s)).map((m) => m.deletedLater ?? false)).toEqual([false, true, true]);
    await verified(s);
  });

  test('a message simply missing from a later export is listed, unchanged', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    await importJson(s, writeExport(s.dir, 'first.txt', first));
    const before = await messages(s);
    const r = await importJson(s, writeExport(s.dir, 'later.txt', lines(line(T, 'Priya', 'hello'), line(T + 120_000, 'Priya', 'bye'), line(T + 180_000, 'Tom', 'new'))));
    expect(r).toMatchObject({ added: 1, deletedLater: 0, missingFromExport: [before[1].id] });
    expect((await messages(s)).slice(0, 3)).toEqual(before);
    expect((await lastImportEntry(s)).missingFromExport).toBe(1);
    await verified(s);
  });

  test('placeholders that could stand for several messages mark none, store nothing, and say so', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    await importJson(s, writeExport(s.dir, 'first.txt', lines(line(T, 'Tom', 'one'), line(T, 'Tom', 'two'), line(T + 60_000, 'Priya', 'ok'))));
    const before = await messages(s);
    const later = lines(line(T, 'Tom', 'This message was deleted'), line(T, 'Tom', 'This message was deleted'), line(T + 60_000, 'Priya', 'ok'));
    const r = await cliJson(['--archive', s.archive, 'import', writeExport(s.dir, 'later.txt', later), '--tz', 'UTC', '--chat', CHAT], { env: s.env });
    expect(r.json.imports[0]).toMatchObject({ added: 0, deletedLater: 0, missingFromExport: [before[0].id, before[1].id] });
    expect(r.json.imports[0].warnings.join()).toContain('2 "message deleted" placeholder(s)');
    expect(await messages(s)).toEqual(before);
    await verified(s);
  });
});

describe('schema 4', () => {
  test('an archive written before it (schema 3) opens, verifies, and takes later files and marks', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    const T = Date.UTC(2024, 2, 14, 9, 0);
    await importJson(s, writeExport(s.dir, 'first.txt', lines(line(T, 'Priya', 'hello'), line(T + 60_000, 'Tom', 'secret'))));
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(s.archive, 'archive.db'));
    db.exec(SCHEMA_4_OBJECTS_DROPPED);
    db.close();
    await verified(s);
    const later = await importJson(s, writeExport(s.dir, 'later.txt', lines(line(T, 'Priya', 'hello'), line(T + 60_000, 'Tom', 'This message was deleted'))));
    expect(later).toMatchObject({ added: 0, deletedLater: 1 });
    await verified(s);
  });
});

describe('purge after later exports', () => {
  test('takes a message with a late file and a deletion mark with it, and the file once nothing refers to it', async () => {
    const s = setup('2024-04-01T00:00:00Z');
    const T = Date.UTC(2023, 0, 14, 9, 0);
    const recent = Date.UTC(2024, 2, 14);
    await importJson(s, writeExport(s.dir, 'text.txt', lines(line(T, 'Priya', '<Media omitted>'), line(T + 60_000, 'Tom', 'secret'), line(recent, 'Tom', 'recent'))));
    const photo = Buffer.from('old photo');
    const chatText = lines(line(T, 'Priya', 'IMG-20230114-WA0001.jpg (file attached)'), line(T + 60_000, 'Tom', 'This message was deleted'), line(recent, 'Tom', 'recent'));
    const later = await importJson(s, writeZip(join(s.dir, 'later.zip'), { 'WhatsApp Chat with Priya Shah.txt': chatText, 'IMG-20230114-WA0001.jpg': photo }));
    expect(later).toMatchObject({ added: 0, mediaAttached: 1, deletedLater: 1 });
    await cli(['--archive', s.archive, 'retention', 'set', '6m'], { env: s.env });
    const purged = await cliJson(['--archive', s.archive, 'purge', '--yes'], { env: s.env });
    expect(purged.code).toBe(0);
    expect(purged.json).toMatchObject({ total: 2 });
    const sha = createHash('sha256').update(photo).digest('hex');
    expect(existsSync(join(s.archive, 'media', sha.slice(0, 2), sha))).toBe(false);
    expect((await messages(s)).map((m) => m.text)).toEqual(['recent']);
    await verified(s);
  });
});
