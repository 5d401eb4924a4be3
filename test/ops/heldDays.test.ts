/**
 * The import shortcut for overlapping exports (ops/heldDays.ts): days the archive holds exactly as the
 * export has them are not handed to the writer; any day that differs still goes message by message.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importExports, type ImportedExport } from '../../src/ops/import.js';
import { purgeExpired } from '../../src/ops/purge.js';
import { clearRetention, setRetention } from '../../src/ops/retention.js';
import { verifyArchive } from '../../src/ops/verify.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { useTempDir } from '../source/zipKit.js';
import { writeExport } from '../helpers/exports.js';
import { exportText, message, range, type Line } from '../helpers/minutes.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
// Local days are not UTC days here: each local day's messages fall in two UTC days.
const TZ = 'America/Sao_Paulo';

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

function exportOf(name: string, lines: Line[]): string {
  return writeExport(tmp.dir, `WhatsApp Chat with Orders ${name}.txt`, exportText(lines));
}

async function importOne(file: string): Promise<ImportedExport> {
  // Exports read whole: a later export that starts as the one before would otherwise be read only from its
  // known start's end (ops/knownStart.ts, test/ops/knownStart.test.ts), its start's days not compared here.
  archive!.db.exec('DELETE FROM known_starts');
  const result = await importExports(archive!, { paths: [file], chat: 'Orders', tz: TZ, now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return result.imports[0]!;
}

/** Counts every message handed to the writer (a BEFORE trigger fires before the duplicate check). */
function countAttempts(): () => number {
  archive!.db.exec(`CREATE TABLE attempts (n INTEGER); CREATE TRIGGER attempt BEFORE INSERT ON messages BEGIN INSERT INTO attempts VALUES (1); END`);
  return () => {
    const n = archive!.db.prepare('SELECT count(*) FROM attempts').pluck().get() as number;
    archive!.db.exec('DELETE FROM attempts');
    return n;
  };
}

const count = (sql: string, ...params: unknown[]) => archive!.db.prepare(sql).pluck().get(...params) as number;

describe('an overlapping export: days the archive holds alike are skipped, days that differ are not', () => {
  it('handles an edited, a deleted-on-the-phone and an inserted message in old days, stores each once, and sends only the days that differ', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    expect((await importOne(exportOf('1', range(0, 6000)))).added).toBe(6000);
    const attempts = countAttempts();
    const originalId = count("SELECT id FROM messages WHERE text = 'message number 1000'");

    // Day 13: one message inserted; day 14: one edited; day 15: one deleted on the phone; day 16 alike;
    // day 17 alike up to the end of the first export, then 50 new messages.
    const later = range(0, 6050);
    later.splice(501, 0, { minute: 500, author: 'Tom Becker', text: 'inserted in an old day' });
    later[1001] = { ...later[1001]!, text: 'message number 1000, edited' };
    later[3001] = { ...later[3001]!, text: 'This message was deleted' };
    const second = await importOne(exportOf('2', later));
    expect(second.added).toBe(52); // the inserted, the edited and the 50 new
    expect(second.deletedLater).toBe(1);
    expect(second.missingFromExport).toEqual([originalId]);
    expect(second.messages).toBe(6051);
    expect(second.duplicates).toBe(6051 - 1 - 52); // the placeholder is neither
    // Day 16 (1,440 messages) was not handed to the writer; every other day was.
    expect(attempts()).toBe(6051 - 1 - 1440);
    expect(count('SELECT count(*) FROM messages')).toBe(6052);

    // The next export: the inserted message is held now (day 13 is alike), and stored once.
    const third = await importOne(exportOf('3', [...later, ...range(6050, 6070)]));
    expect(third.added).toBe(20);
    expect(third.deletedLater).toBe(0);
    expect(third.missingFromExport).toEqual([originalId]);
    expect(count("SELECT count(*) FROM messages WHERE text = 'inserted in an old day'")).toBe(1);
    expect(count('SELECT count(*) FROM messages')).toBe(6072);
    // Days 13 and 16 held; 14 (the archive also has the original) and 15 (the placeholder) differ, and so does 17.
    expect(attempts()).toBe(6071 - 1 - 901 - 1440);
    expect(verifyArchive(archive, { now: NOW }).problems).toEqual([]);
  });

  it('a renamed author in an old day is still found as a rename, and a held day keeps its spelling in the rule', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    const numbered = (i: number): Line => ({ ...message(i), author: i % 3 === 0 ? '+44 7700 900123' : 'Tom Becker' });
    await importOne(exportOf('1', Array.from({ length: 3000 }, (_, i) => numbered(i))));
    // The saved name shows on every day of the later export: no day is alike, the rename is detected.
    const renamed = await importOne(exportOf('2', range(0, 3010)));
    expect(renamed.aliases).toEqual([{ alias: '+44 7700 900123', author: 'Priya Shah' }]);
    expect(renamed.added).toBe(10);
    expect(count('SELECT count(*) FROM messages')).toBe(3010);
  });

  it('a message with a file in a held day still goes to the writer (its file may be new to the archive)', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    const lines = range(0, 2000);
    lines[100] = { ...lines[100]!, text: 'photo.jpg (file attached)' };
    await importOne(exportOf('1', lines));
    writeExport(tmp.dir, 'photo.jpg', 'the photo');
    const attempts = countAttempts();
    const second = await importOne(exportOf('2', [...lines, message(2000)]));
    expect(second).toMatchObject({ added: 1, mediaAttached: 1 });
    // Day 13 is held but for the message with its file; day 14 (1,100 messages and a new one) differs.
    expect(attempts()).toBe(1 + 1101);
    expect(verifyArchive(archive, { now: NOW }).problems).toEqual([]);
  });
});

describe('days the chat\'s last import held are known by their records, without identifying them', () => {
  const open = () => (archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW }));
  const savedDays = () => archive!.db.prepare('SELECT day FROM held_days ORDER BY day').pluck().all();

  /** The first export (days 13–17), then a later one that adds 10 messages: days 13–16 are held, and saved. */
  async function twoImports(lines = range(0, 6000), more = range(6000, 6010)): Promise<Line[]> {
    open();
    await importOne(exportOf('1', lines));
    expect(savedDays()).toEqual([]); // a new chat: nothing was held
    const later = [...lines, ...more];
    expect((await importOne(exportOf('2', later))).added).toBe(10);
    expect(savedDays()).toEqual(['20240113', '20240114', '20240115', '20240116']);
    return later;
  }

  it('a saved day is held as saved: shown by one whose archived copy was changed behind the tool', async () => {
    const later = await twoImports();
    // An identity of day 16 changed in the archive, its count kept: comparing identities would find the
    // day different and store the export's message again; the saved records say the day is held.
    archive!.db.exec("UPDATE messages SET ident = substr(ident, 1, 12) || 'AAAAA' || substr(ident, 18) WHERE text = 'message number 4000'");
    const attempts = countAttempts();
    const third = await importOne(exportOf('3', [...later, ...range(6010, 6020)]));
    expect(third).toMatchObject({ added: 10, duplicates: 6010 });
    expect(attempts()).toBe(6020 - 900 - 1440 - 1440 - 1440);
  });

  it('an edit, a deletion on the phone and a new file in saved days still go message by message; a changed media line is held', async () => {
    const lines = range(0, 6000);
    lines[3500] = { ...lines[3500]!, text: 'IMG-1.jpg (file attached)' };
    lines[4000] = { ...lines[4000]!, text: 'photo.jpg (file attached)' };
    const later = await twoImports(lines);
    const editedId = count("SELECT id FROM messages WHERE text = 'message number 500'");
    const deletedId = count("SELECT id FROM messages WHERE text = 'message number 2002'");
    const attempts = countAttempts();
    writeExport(tmp.dir, 'photo.jpg', 'the photo');

    // Day 13 an edit, day 14 a deletion on the phone, day 15 a media line exported without its file now
    // (the same message: held), day 16 the same photo now with its file.
    const third = [...later, ...range(6010, 6020)];
    third[500] = { ...third[500]!, text: 'message number 500, edited' };
    third[2002] = { ...third[2002]!, text: 'This message was deleted' };
    third[3500] = { ...third[3500]!, text: '<Media omitted>' };
    const result = await importOne(exportOf('3', third));
    expect(result).toMatchObject({ added: 11, deletedLater: 1, mediaAttached: 1, missingFromExport: [editedId] }); // the edit and the 10 new
    expect(count('SELECT message_id FROM deleted_later')).toBe(deletedId);
    // Day 15 held; of day 16 only the photo; the placeholder is held back.
    expect(attempts()).toBe(6020 - 1 - 1440 - 1439);
    expect(savedDays()).toEqual(['20240115', '20240116']);
    expect(verifyArchive(archive!, { now: NOW }).problems).toEqual([]);
  });

  it('a renamed author is found when every day was saved', async () => {
    const numbered = (i: number): Line => ({ ...message(i), author: i % 3 === 0 ? '+44 7700 900123' : 'Tom Becker' });
    const numberedRange = (from: number, to: number) => range(from, to).map((l) => numbered(l.minute));
    const later = await twoImports(numberedRange(0, 6000), numberedRange(6000, 6010));
    const renamed = await importOne(exportOf('3', [...range(0, 6010), ...range(6010, 6020)]));
    expect(renamed.aliases).toEqual([{ alias: '+44 7700 900123', author: 'Priya Shah' }]);
    expect(renamed).toMatchObject({ added: 10, duplicates: later.length });
  });

  it('a repeat in a later run of a saved day counts the day\'s messages before it, as the archive has them', async () => {
    const later = await twoImports();
    // Day 13 held from its records, then (out of order, after day 17) a second copy of one of its messages:
    // a new message (the same words again in that minute), as identifying the whole file would find.
    const result = await importOne(exportOf('3', [...later, message(5)]));
    expect(result).toMatchObject({ added: 1, duplicates: 6010 });
    expect(count("SELECT count(*) FROM messages WHERE text = 'message number 5'")).toBe(2);
    expect(savedDays()).toEqual(['20240114', '20240115', '20240116', '20240117']); // day 13 is two runs now: not saved
  });

  it('a purge since the last import makes the saved days void: messages within a lengthened period come back', async () => {
    const later = await twoImports();
    setRetention(archive!, { period: '2y', presets: [], force: true, now: NOW });
    // At 2026-01-15 a 2-year period purges what is older than 2024-01-15 00:00 UTC: local day 13 and day 14 up to 21:00.
    const purged = purgeExpired(archive!, { now: new Date('2026-01-15T00:00:00Z'), dryRun: false }).purged[0]!.messages;
    expect(purged).toBe(900 + 1440 - 180);
    clearRetention(archive!, { force: true, now: NOW });
    const result = await importOne(exportOf('3', [...later, message(6010)]));
    expect(result).toMatchObject({ added: purged + 1, duplicates: 6010 - purged });
    expect(count('SELECT count(*) FROM messages')).toBe(6011);
  });
});

