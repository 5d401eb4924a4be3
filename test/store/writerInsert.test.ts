import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { remainderRule } from '../../src/ops/renames.js';
import { saveImport, type ImportRecord, type NewMessage } from '../../src/store/imports.js';
import { databasePath } from '../../src/store/paths.js';
import { commands } from '../../src/store/writerCommands.js';
import { writeBehind } from '../../src/store/writerFlush.js';
import { MessageInserter } from '../../src/store/writerInsert.js';
import { closeWriterArchives, openWriters, plainMessage, writerArchive as setup, WRITER_NOW } from '../helpers/writer.js';

// The writer inserts 64 messages a statement (INSERT OR IGNORE, foreign keys not enforced on its
// connection): which rows a statement skipped, and that nothing is skipped or left dangling in silence.

afterEach(closeWriterArchives);

const record = (records: number): ImportRecord => ({
  chat: 'Chat', source: 'export.txt', sha256: 'ab'.repeat(32), platform: 'android', tz: 'UTC', dateOrder: 'dmy', importedAt: WRITER_NOW.getTime(), toolVersion: 'test', records,
});

/** Message i; every third has an attachment named after it. */
const message = (i: number, over: Partial<NewMessage> = {}): NewMessage =>
  plainMessage(i, { media: i % 3 === 0 ? [{ name: `IMG-${i}.jpg`, sha256: hash('sha256', `file ${i}`), size: i }] : [], ...over });

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('the writer inserts messages many rows a statement', () => {
  test('rows already in the chat are skipped wherever they sit in a statement, and each new row keeps its own attachments', () => {
    const { archive, writer } = setup();
    // Every fifth message first; then all of them: each statement of 64 mixes old and new rows.
    const first = range(0, 700).filter((i) => i % 5 === 0);
    saveImport(writer, record(first.length), first.map((i) => message(i)), remainderRule);
    const saved = saveImport(writer, record(700), range(0, 700).map((i) => message(i)), remainderRule);
    expect(saved).toMatchObject({ added: 700 - first.length, duplicates: first.length });

    const rows = archive.db.prepare('SELECT id, ident, text FROM messages ORDER BY id').all() as Array<{ id: number; ident: string; text: string }>;
    expect(rows.map((r) => r.text)).toEqual([...first, ...range(0, 700).filter((i) => i % 5 !== 0)].map((i) => `message ${i}`));
    const refs = archive.db.prepare('SELECT m.text, mm.name FROM message_media mm JOIN messages m ON m.id = mm.message_id ORDER BY m.id').all();
    expect(refs).toEqual(rows.map((r) => Number(r.text.slice(8))).filter((i) => i % 3 === 0).map((i) => ({ text: `message ${i}`, name: `IMG-${i}.jpg` })));
    // The messages' ids run on without gaps: the new ones are where the writer said they are.
    expect(rows.every((r, k) => r.id === k + 1)).toBe(true);
  });

  test.each([
    ['inside a statement of 64', 100, 7],
    ['among the last rows, written one at a time', 70, 66],
  ])('a row the archive skips for anything but being there already (%s) fails the export', (_, count, bad) => {
    const { archive, writer } = setup();
    saveImport(writer, record(10), range(0, 10).map((i) => message(i)), remainderRule);
    // Something else refuses the row without an error: INSERT OR IGNORE skips it like a duplicate.
    archive.db.exec("CREATE TRIGGER skip BEFORE INSERT ON messages WHEN NEW.text = 'skip me' BEGIN SELECT RAISE(IGNORE); END");
    const messages = range(10, 10 + count).map((i, k) => message(i, k === bad ? { text: 'skip me' } : {}));
    expect(() => saveImport(writer, record(count), messages, remainderRule)).toThrow(/a message could not be written/);
    expect(archive.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(10);
    expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
  });

  test('a message whose time is not a whole number fails the export (NOT NULL would have skipped it)', () => {
    const { archive, writer } = setup();
    const messages = range(0, 100).map((i) => message(i, i === 30 ? { ts: Number.NaN } : {}));
    expect(() => saveImport(writer, record(100), messages, remainderRule)).toThrow(/no time the archive can store \(NaN\)/);
    expect(archive.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
  });

  test('two rows of one identity in a statement, the first skipped by something else, are not mistaken for each other', () => {
    const { archive, writer } = setup();
    archive.db.exec("CREATE TRIGGER skip BEFORE INSERT ON messages WHEN NEW.text = 'skip me' BEGIN SELECT RAISE(IGNORE); END");
    const twin = message(51);
    const skipped = { ...twin, text: 'skip me', hash: hash('sha256', 'other'), media: [{ name: 'OTHER.jpg', sha256: hash('sha256', 'other file'), size: 1 }] };
    const messages = range(0, 100).filter((i) => i !== 51).map((i) => (i === 40 ? skipped : i === 41 ? twin : message(i)));
    // The skipped row's identity is in the chat (its twin's): it counts as that message, as a row-at-a-time
    // insert counted it; the twin keeps its own id and attachment.
    const saved = saveImport(writer, record(99), messages, remainderRule);
    expect(saved).toMatchObject({ added: 98, duplicates: 1 });
    const refs = archive.db.prepare('SELECT m.text, mm.name FROM message_media mm JOIN messages m ON m.id = mm.message_id WHERE m.ident = ?').all(twin.ident);
    expect(refs).toEqual([{ text: 'message 51', name: 'IMG-51.jpg' }]);
  });

  test('the writer refuses to write when the archive has no ids left to give', () => {
    const { archive, writer } = setup();
    saveImport(writer, record(1), [message(0)], remainderRule);
    archive.db.pragma('foreign_keys = OFF');
    archive.db.prepare('UPDATE messages SET id = ?').run(2n ** 62n);
    archive.db.pragma('foreign_keys = ON');
    expect(() => saveImport(writer, record(2), [message(1), message(2)], remainderRule)).toThrow(/used up their ids/);
    expect(archive.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(1);
  });

  test('the writer refuses a chat or import the archive does not have', () => {
    const { archive } = setup();
    const db = new Database(databasePath(archive.dir));
    try {
      const inserter = new MessageInserter(db);
      expect(() => inserter.begin(42, 7)).toThrow(/chat 42 and import 7, which the archive does not have/);
    } finally {
      db.close();
    }
  });

  test("an import whose rows would refer to missing rows does not commit; another import's broken reference does not stop it", () => {
    const { archive } = setup();
    saveImport(openWriters[0]!.writer!, record(3), range(0, 3).map((i) => message(i)), remainderRule);
    const db = new Database(databasePath(archive.dir));
    try {
      db.pragma('foreign_keys = OFF');
      // Broken by hand, for import 1: `verify`'s to report, not the next import's to refuse.
      db.prepare('INSERT INTO deleted_later (message_id, import_id) VALUES (?, ?)').run(998, 1);
      const attempt = (dangling: boolean) => {
        commands.begin(db);
        try {
          const { importId } = commands.openImport(db, record(1));
          if (dangling) db.prepare('INSERT INTO deleted_later (message_id, import_id) VALUES (?, ?)').run(999, importId);
          commands.commit(db);
        } finally {
          if (db.inTransaction) db.exec('ROLLBACK');
          writeBehind.end();
        }
      };
      expect(() => attempt(true)).toThrow(/import 2 would leave 1 row\(s\) of deleted_later referring to rows the archive does not have/);
      expect(db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
      attempt(false);
      expect(db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });

  test("the archive's own connection still enforces foreign keys", () => {
    const { archive } = setup();
    expect(archive.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => archive.db.prepare('INSERT INTO deleted_later (message_id, import_id) VALUES (999, 999)').run()).toThrow(/FOREIGN KEY/);
  });
});
