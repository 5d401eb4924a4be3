/**
 * chatMessagesJson (SQLite writes each message's JSON text) against the way JSON outputs were written
 * before it: JSON.stringify of the message object made from chatMessages' view, byte for byte, for
 * messages of every shape stored straight into an archive: zone offsets of every sign and size (and of
 * whole seconds, as before 1900), times with and without seconds, escapes, lone surrogates and bytes
 * that are not UTF-8, attachments of every status (late files too, several to a message), edits and
 * messages deleted later.
 */
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { jsonAttachments, jsonMedia } from '../../src/export/json.js';
import { chatMessages, chatMessagesJson, type MessageView } from '../../src/store/messages.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';

const NOW = new Date('2024-04-01T00:00:00Z');

/** The message object JSON outputs wrote before chatMessagesJson: its key order and values. */
function reference(m: MessageView): Record<string, unknown> {
  return {
    id: m.id, time: m.time, author: m.author, text: m.text, kind: m.kind, edited: m.edited,
    media: jsonMedia(m.media),
    ...(m.deletedLater ? { deletedLater: true } : {}),
  };
}

/** UTC milliseconds of a wall-clock text in a zone `offsetSeconds` ahead of UTC. */
const ts = (local: string, offsetSeconds: number) => Date.parse(`${local.replace(' ', 'T')}${local.length === 16 ? ':00' : ''}Z`) - offsetSeconds * 1000;

const SHA_A = 'ab'.repeat(32);
const SHA_B = 'cd'.repeat(32);
const SHA_LATE = 'ef'.repeat(32);

interface Shape {
  local: string;
  offset: number;
  author?: string | null;
  text?: string;
  /** Text stored as these bytes (not UTF-8 where asked) instead of `text`. */
  bytes?: string;
  kind?: string;
  edited?: number;
  deletedLater?: boolean;
  /** [position, name, sha256, late file's name and sha256] */
  media?: Array<[number, string | null, string | null, [string | null, string]?]>;
}

const SHAPES: Shape[] = [
  { local: '2024-03-14 21:05', offset: 3600 },
  { local: '2024-03-14 21:05:41', offset: 3600, text: 'with seconds' },
  { local: '2024-03-14 00:00', offset: 0, author: null, kind: 'system', text: 'Tom added Priya' },
  { local: '2023-10-29 01:30', offset: -9000, text: 'half an hour behind' },
  { local: '2024-01-01 00:00', offset: 14 * 3600 },
  { local: '2024-01-01 23:59:59', offset: -12 * 3600 },
  { local: '2024-02-29 12:00', offset: 5 * 3600 + 45 * 60 },
  { local: '1899-12-31 23:59', offset: 19 * 60 + 32, text: 'Amsterdam mean time' },
  { local: '1899-12-31 23:59:59', offset: -30, text: 'half a minute behind: Math.round(-0.5) is -0' },
  { local: '1899-12-31 23:59', offset: -90 },
  { local: '1899-12-31 23:59', offset: 30 },
  { local: '2024-03-14 21:06', offset: 3600, edited: 1, deletedLater: true, text: 'fixed' },
  { local: '2024-03-14 21:07', offset: 3600, deletedLater: true, text: 'This message was deleted', kind: 'deleted' },
  {
    local: '2024-03-14 21:08', offset: 3600,
    text: 'lone \uD800 and \uDFFF, pair \uD83D\uDE00, \u2028\u2029 \u0000\u0007\b\f\n\r\t\u001f\u007f\u0080\u009f "q" \\ / </script> \u00e9',
  },
  { local: '2024-03-14 21:09', offset: 3600, author: '\u202E\u0627\u0644\u0633\u0644\u0627\u0645 \uDBFF "x"', text: '\u05e9\u05dc\u05d5\u05dd\u200E\uFEFF' },
  { local: '2024-03-14 21:10', offset: 3600, bytes: '61ff62c3' },
  { local: '2024-03-14 21:11', offset: 3600, bytes: 'eda080225cc0af0a' },
  {
    local: '2024-03-14 21:12', offset: 3600, kind: 'media', text: 'a caption',
    media: [[1, 'gone.pdf', null], [0, 'a "b".jpg', SHA_A], [2, null, null], [3, 'late.jpg', null, [null, SHA_LATE]], [4, null, null, ['late.mp4', SHA_B]]],
  },
  { local: '2024-03-14 21:13', offset: 3600, kind: 'media', text: '', media: [[0, null, null]] },
  { local: '2024-03-14 21:13', offset: 3600, kind: 'call', text: 'Missed voice call', media: [[0, 'odd.opus', SHA_B]] },
];

const open: Archive[] = [];
afterEach(() => {
  for (const archive of open.splice(0)) archive.db.close();
});

/** An archive holding one chat, "Shop", of SHAPES in order (ids 1, 2, …). */
function archiveOfShapes(): Archive {
  const archive = openArchive(join(tempDir(), 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  open.push(archive);
  const db = archive.db;
  db.prepare("INSERT INTO chats (id, name, created_at) VALUES (1, 'Shop', 0)").run();
  db.prepare(
    "INSERT INTO imports (id, chat_id, source, sha256, platform, tz, date_order, imported_at, tool_version, records, added) VALUES (1, 1, 'x.txt', '00', 'android', 'UTC', 'dmy', 0, 'test', 0, 0)",
  ).run();
  const files = db.prepare('INSERT INTO media_files (sha256, size) VALUES (?, ?)');
  files.run(SHA_A, 0);
  files.run(SHA_B, 2 ** 40);
  files.run(SHA_LATE, 7);
  const insert = (bytes: boolean) =>
    db.prepare(
      `INSERT INTO messages (id, chat_id, import_id, ident, ts, local, author, kind, text, edited, original)
       VALUES (@id, 1, 1, @id, @ts, @local, @author, @kind, ${bytes ? 'CAST(unhex(@text) AS TEXT)' : '@text'}, @edited, '')`,
    );
  const media = db.prepare('INSERT INTO message_media (message_id, position, name, sha256) VALUES (?, ?, ?, ?)');
  const late = db.prepare('INSERT INTO media_late (message_id, position, name, sha256, import_id) VALUES (?, ?, ?, ?, 1)');
  SHAPES.forEach((s, i) => {
    const id = i + 1;
    insert(s.bytes !== undefined).run({
      id, ts: ts(s.local, s.offset), local: s.local, author: s.author === undefined ? 'Priya Shah' : s.author,
      kind: s.kind ?? 'message', text: s.bytes ?? s.text ?? 'hi', edited: s.edited ?? 0,
    });
    for (const [position, name, sha256, lateFile] of s.media ?? []) {
      media.run(id, position, name, sha256);
      if (lateFile !== undefined) late.run(id, position, lateFile[0], lateFile[1]);
    }
    if (s.deletedLater) db.prepare('INSERT INTO deleted_later (message_id, import_id) VALUES (?, 1)').run(id);
  });
  return archive;
}

const SHOP = { id: 1, name: 'Shop' };

test('every shape of message: the same bytes as JSON.stringify of its view', () => {
  const archive = archiveOfShapes();
  const views = [...chatMessages(archive, SHOP, { range: {} })];
  const json = [...chatMessagesJson(archive, SHOP, { range: {} })];
  expect(views).toHaveLength(SHAPES.length);
  expect(json).toEqual(views.map((m) => JSON.stringify(reference(m))));
  // The shapes asked for are there.
  expect(new Set(views.map((m) => m.time.slice(-6)))).toEqual(new Set(['+01:00', '+00:00', '-02:30', '+14:00', '-12:00', '+05:45', '+00:20', '-00:01', '+00:01']));
  expect(views.flatMap((m) => jsonMedia(m.media).map((x) => x.status))).toEqual(['stored', 'missing', 'not-exported', 'stored', 'stored', 'not-exported', 'stored']);
  expect(views[17]!.media.map((x) => x.name)).toEqual(['a "b".jpg', 'gone.pdf', null, 'late.jpg', 'late.mp4']);
  expect(views.filter((m) => m.deletedLater)).toHaveLength(2);
  expect(views.some((m) => m.text.includes('\uFFFD'))).toBe(true);
  expect(json.map(jsonAttachments)).toEqual(views.map((m) => m.media.length));
});

test('a range or a set of ids selects the same messages, in the same order, as chatMessages', () => {
  const archive = archiveOfShapes();
  const filters = [{ range: { from: '2024-03-14 21:05:41', to: '2024-03-14 21:13' } }, { range: { to: '2000-01-01' } }, { ids: [19, 3, 17, 18, 999] }, { ids: [] }];
  for (const filter of filters) {
    const views = [...chatMessages(archive, SHOP, filter)];
    expect([...chatMessagesJson(archive, SHOP, filter)]).toEqual(views.map((m) => JSON.stringify(reference(m))));
  }
  expect([...chatMessagesJson(archive, SHOP, { ids: [19, 3, 17] })].map((j) => JSON.parse(j).id)).toEqual([3, 17, 19]);
});
