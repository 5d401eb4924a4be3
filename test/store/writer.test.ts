import { hash } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { SetDigest } from '../../src/integrity/digest.js';
import { remainderRule } from '../../src/ops/renames.js';
import { saveImport, type ImportRecord, type NewMessage } from '../../src/store/imports.js';
import type { Archive } from '../../src/store/open.js';
import { ArchiveWriter } from '../../src/store/writer.js';
import { closeWriterArchives, openWriters, plainMessage, writerArchive as setup, WRITER_NOW } from '../helpers/writer.js';

const NOW = WRITER_NOW;
afterEach(closeWriterArchives);

const record = (chat: string, records: number): ImportRecord => ({
  chat, source: 'export.txt', sha256: 'ab'.repeat(32), platform: 'android', tz: 'UTC', dateOrder: 'dmy', importedAt: NOW.getTime(), toolVersion: 'test', records,
});

function message(i: number, over: Partial<NewMessage> = {}): NewMessage {
  const text = over.text ?? `message ${i} word${i}`;
  return {
    ident: `202401130900${String(i).padStart(8, '0')}`,
    ts: Date.UTC(2024, 0, 13, 9, 0) + i * 1000,
    local: `2024-01-13 09:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}`,
    author: i % 7 === 0 ? null : `Author ${i % 5}`,
    kind: i % 7 === 0 ? 'system' : 'message',
    text,
    edited: i % 11 === 0,
    original: `13/01/2024, 09:00 - Author ${i % 5}: ${text}`,
    media: [],
    hash: hash('sha256', `m${i}`),
    ...over,
  };
}

type Row = Omit<NewMessage, 'edited' | 'media'> & { edited: number };

function stored(archive: Archive): Row[] {
  return archive.db.prepare('SELECT ident, ts, local, author, kind, text, edited, original, hash FROM messages ORDER BY id').all() as Row[];
}

function ftsHits(archive: Archive, query: string): number {
  return archive.db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(query) as number;
}

describe('the archive writer (a connection on a thread of its own)', () => {
  test('messages arrive intact across many batches, whatever their characters and size', () => {
    const { archive, writer } = setup();
    const big = `${'lorem ipsum '.repeat(150_000)}bigmarkerqz`; // 1.8 MB: more than a batch slot holds
    const odd = [
      message(0, { text: 'emoji 😀👨‍👩‍👧 and RTL \u200Fשלום\u200E, NBSP\u00A0and\u202Fnarrow', original: 'header: emoji 😀👨‍👩‍👧 and RTL \u200Fשלום\u200E, NBSP\u00A0and\u202Fnarrow' }),
      message(1, { text: 'not the end of the original', original: '13/01/2024, 09:00 - Tom: not the end of the original <This message was edited>' }),
      message(2, { text: '', original: '13/01/2024, 09:00 - Tom: <Media omitted>', kind: 'media', media: [{ name: null, sha256: null, size: null }] }),
      message(3, { text: 'nul \u0000 inside', original: 'nul \u0000 inside' }),
      message(4, { text: big, original: `13/01/2024, 09:00 - Tom: ${big}` }),
      message(5, { author: 'Zoë 🌻', text: 'a new author late' }),
    ];
    const messages = [...Array.from({ length: 9000 }, (_, i) => message(i + 10)), ...odd, ...Array.from({ length: 5000 }, (_, i) => message(i + 20_000))];
    const saved = saveImport(writer, record('Chat', messages.length), messages, remainderRule);
    expect(saved).toEqual({ added: messages.length, duplicates: 0, aliases: [], previousOldest: null, previousNewest: null });

    const rows = stored(archive);
    expect(rows).toHaveLength(messages.length);
    rows.forEach((row, i) => {
      const { media: _media, edited, ...fields } = messages[i]!;
      expect(row).toEqual({ ...fields, edited: edited ? 1 : 0 });
    });
    expect(archive.db.prepare('SELECT name, sha256 FROM message_media').all()).toEqual([{ name: null, sha256: null }]);
    // The full-text index has every new message, the last ones and the one larger than a slot included.
    expect(ftsHits(archive, 'bigmarkerqz')).toBe(1);
    expect(ftsHits(archive, 'word24999')).toBe(1);
    expect(archive.db.prepare('SELECT count(*) FROM messages_fts_docsize').pluck().get()).toBe(messages.length);
  });

  test('any text, author, kind and attachments arrive exactly as given (property)', () => {
    const { archive, writer } = setup();
    const text = fc.string({ unit: 'binary', maxLength: 60 });
    const name = fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { nil: null });
    const row = fc.record({
      ts: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      local: fc.constantFrom('2024-01-13 09:00', '2024-01-13 09:01:07', '１９'),
      author: fc.option(fc.constantFrom('Ana', 'Zoë 🌻', '\u200Fشريف'), { nil: null }),
      kind: fc.constantFrom('message', 'system', 'media', 'poll'),
      head: text,
      text,
      textIsTail: fc.boolean(),
      edited: fc.boolean(),
      // Exported without media; named but missing from the export; stored.
      media: fc.array(
        fc.oneof(
          fc.constant({ name: null, sha256: null, size: null }),
          name.map((n) => ({ name: n, sha256: null, size: null })),
          fc.record({ name, sha256: fc.constantFrom('ab'.repeat(32), 'cd'.repeat(32)), size: fc.nat() }),
        ),
        { maxLength: 3 },
      ),
    });
    let chat = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 150 }), (rows) => {
        const name = `Chat ${++chat}`;
        const messages: NewMessage[] = rows.map((r, i) => ({
          ident: `id${i}`, ts: r.ts, local: r.local, author: r.author, kind: r.kind, edited: r.edited, media: r.media,
          text: r.text, original: r.textIsTail ? r.head + r.text : r.head, hash: hash('sha256', `${name}${i}`),
        }));
        saveImport(writer, record(name, messages.length), messages, remainderRule);
        const chatId = archive.db.prepare('SELECT id FROM chats WHERE name = ?').pluck().get(name);
        const rowsStored = archive.db.prepare('SELECT id, ident, ts, local, author, kind, text, edited, original, hash FROM messages WHERE chat_id = ? ORDER BY id').all(chatId) as (Row & { id: number })[];
        expect(rowsStored.map(({ id: _id, ...fields }) => fields)).toEqual(messages.map(({ media: _media, edited, ...fields }) => ({ ...fields, edited: edited ? 1 : 0 })));
        const refs = archive.db.prepare('SELECT message_id AS id, position, name, sha256 FROM message_media WHERE message_id IN (SELECT id FROM messages WHERE chat_id = ?) ORDER BY message_id, position').all(chatId);
        const expected = messages.flatMap((m, i) => m.media.map((ref, position) => ({ id: rowsStored[i]!.id, position, name: ref.name, sha256: ref.sha256 })));
        expect(refs).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  test('a renamed author is found over more added messages than one part of the rename rule reads (store/renames.ts)', () => {
    const { archive, writer } = setup();
    const n = 12_500;
    const minute = (i: number) => `2024011309${String(Math.floor(i / 250)).padStart(2, '0')}`;
    const first = Array.from({ length: n }, (_, i) => plainMessage(i, { ident: `${minute(i)}A${i}` }));
    saveImport(writer, record('Chat', n), first, remainderRule);
    // The same messages, their author's name changed on the phone: other identities, the same minutes and words.
    const renamed = first.map((m, i) => ({ ...m, ident: `${minute(i)}B${i}`, author: 'Ana Lima', hash: `b${m.hash.slice(1)}` }));
    const saved = saveImport(writer, record('Chat', n), [...renamed, plainMessage(n, { ident: `${minute(n - 1)}B${n}`, author: 'Ana Lima', text: 'new words' })], remainderRule);
    expect(saved).toMatchObject({ added: 1, duplicates: n, aliases: [{ alias: 'Ana', author: 'Ana Lima' }] });
    expect(stored(archive)).toHaveLength(n + 1);
  });

  test('messages already in the chat are skipped, and the digest covers only the added ones', () => {
    const { archive, writer } = setup();
    const first = Array.from({ length: 3000 }, (_, i) => message(i));
    saveImport(writer, record('Chat', first.length), first, remainderRule);
    const later = Array.from({ length: 5000 }, (_, i) => message(i + 1000));
    const saved = saveImport(writer, record('Chat', later.length), later, remainderRule);
    expect(saved).toMatchObject({ added: 3000, duplicates: 2000 });

    const expected = new SetDigest();
    later.slice(2000).forEach((m) => expected.add(m.hash));
    const audit = archive.db.prepare("SELECT details FROM audit_log WHERE operation = 'import' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ added: 3000, duplicates: 2000, digest: expected.toHex() });
    expect(stored(archive)).toHaveLength(6000);
  });

  test('handedOver runs once every message is handed to the thread, before the import goes on, and once per call', () => {
    const { writer } = setup();
    const steps: string[] = [];
    const messages = Array.from({ length: 5000 }, (_, i) => message(i));
    saveImport(writer, record('Chat', messages.length), messages, remainderRule, {
      queued: (m) => void (m === messages.at(-1) && steps.push('last queued')),
      handedOver: () => void steps.push('handed over'),
      finish: (tx) => {
        steps.push('finish');
        tx.write([message(9000)]);
        return { details: {}, entries: [] };
      },
    });
    expect(steps).toEqual(['last queued', 'handed over', 'finish', 'handed over']);
  });

  test('an error from the messages rolls the export back, and the writer goes on with the next', () => {
    const { archive, writer } = setup();
    function* failing(): Generator<NewMessage> {
      for (let i = 0; i < 6000; i++) yield message(i);
      throw new Error('bad date on line 6001');
    }
    expect(() => saveImport(writer, record('Broken', 6001), failing(), remainderRule)).toThrow('bad date on line 6001');
    expect(stored(archive)).toHaveLength(0);
    expect(archive.db.prepare('SELECT count(*) FROM chats').pluck().get()).toBe(0);

    const saved = saveImport(writer, record('Fine', 10), Array.from({ length: 10 }, (_, i) => message(i, { text: `fine ${i}` })), remainderRule);
    expect(saved.added).toBe(10);
    expect(ftsHits(archive, 'fine')).toBe(10);
  });

  test('a row the thread cannot write fails the whole export with its error, and leaves the archive as it was', () => {
    const { archive, writer } = setup();
    saveImport(writer, record('Chat', 10), Array.from({ length: 10 }, (_, i) => message(i)), remainderRule);
    const before = stored(archive);
    const auditBefore = archive.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    archive.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.text = 'poison' BEGIN SELECT RAISE(ABORT, 'poison refused'); END");
    // The bad row sits in a later batch: earlier batches were already written inside the transaction.
    const messages = Array.from({ length: 7000 }, (_, i) => message(i + 100, i === 6500 ? { text: 'poison' } : {}));
    expect(() => saveImport(writer, record('Chat', messages.length), messages, remainderRule)).toThrow(/poison refused/);
    writer.close();
    openWriters[0]!.writer = undefined;
    expect(stored(archive)).toEqual(before);
    expect(archive.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditBefore);
    expect(archive.db.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'message'").pluck().get()).toBe(10);
  });

  test('a full disk (SQLite cannot grow the file) fails the export with SQLITE_FULL and keeps nothing of it', () => {
    const { archive, writer } = setup();
    saveImport(writer, record('Chat', 10), Array.from({ length: 10 }, (_, i) => message(i)), remainderRule);
    const before = stored(archive);
    // SQLite's page limit stands in for the disk: the write that would pass it fails as on a full disk.
    const pages = archive.db.pragma('page_count', { simple: true }) as number;
    const full = new ArchiveWriter(archive, [`max_page_count = ${pages + 8}`]);
    openWriters.push({ archive, writer: full });
    const many = Array.from({ length: 20_000 }, (_, i) => message(i + 100, { text: `a longer message ${i} `.repeat(8) }));
    expect(() => saveImport(full, record('Chat', many.length), many, remainderRule)).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }));
    expect(stored(archive)).toEqual(before);
    expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
  });

  test("a failure on the thread's connection is thrown with SQLite's code, and the writer then stops", () => {
    const { archive, writer } = setup();
    archive.db.exec('DROP TABLE deleted_later');
    expect(() => writer.call('markedDeleted', [1])).toThrow(expect.objectContaining({ code: 'SQLITE_ERROR', message: expect.stringMatching(/deleted_later/) }));
    expect(() => writer.call('hasAuthor', 1, 'Ana', 0)).toThrow(/deleted_later/);
  });
});
