import type { ChatRef } from './chats.js';
import type { Archive } from './open.js';

export interface MediaView {
  name: string | null;
  sha256: string | null;
  size: number | null;
}

/** A message as every reader (show, search, export) sees it. */
export interface MessageView {
  id: number;
  chat: string;
  /** ISO-8601 with the offset of the import's zone, e.g. 2024-03-14T21:05:41+01:00. */
  time: string;
  /** The export's own wall-clock text, 'YYYY-MM-DD HH:MM[:SS]'. */
  local: string;
  author: string | null;
  text: string;
  kind: string;
  edited: boolean;
  media: MediaView[];
  /** A later export showed it as deleted on the phone (store/laterExports.ts); absent otherwise. */
  deletedLater?: true;
}

/** A range on the export's local wall-clock text: `from` inclusive, `to` exclusive. */
export interface LocalRange {
  from?: string;
  to?: string;
}

/** A message's columns as every view is made from them (its media apart). */
export interface MessageRow {
  id: number;
  chat: string;
  ts: number;
  local: string;
  author: string | null;
  text: string;
  kind: string;
  edited: number;
  /** 1: marked as deleted on the phone after it was archived. */
  deletedLater: number;
}

interface Row extends MessageRow {
  /** JSON array of MediaView. */
  media: string | null;
}

/** Whether a message is marked as deleted on the phone (SQL over `m`). */
const DELETED_LATER = 'EXISTS (SELECT 1 FROM deleted_later d WHERE d.message_id = m.id)';

/** An attachment's name and file: its own, else the one a later export brought (media_late `ml`). */
const MEDIA_NAME = 'coalesce(mm.name, ml.name)';
const MEDIA_SHA256 = 'coalesce(mm.sha256, ml.sha256)';

const COLUMNS = `m.id, c.name AS chat, m.ts, m.local, m.author, m.text, m.kind, m.edited, ${DELETED_LATER} AS deletedLater,
  (SELECT json_group_array(json_object('name', ${MEDIA_NAME}, 'sha256', ${MEDIA_SHA256}, 'size', mf.size))
     FROM message_media mm LEFT JOIN media_late ml ON ml.message_id = mm.message_id AND ml.position = mm.position
     LEFT JOIN media_files mf ON mf.sha256 = ${MEDIA_SHA256}
    WHERE mm.message_id = m.id) AS media`;

/** Which of a chat's messages: those in a range, or exactly these ids. */
export type MessageFilter = { range: LocalRange } | { ids: readonly number[] };

/** A row of chatMessages: a message, and one of its attachments (position null: it has none). */
type ExportRow = [
  id: number, ts: number, local: string, author: string | null, text: string, kind: string, edited: number, deletedLater: number,
  position: number | null, mediaName: string | null, sha256: string | null, size: number | null,
];

/**
 * A chat's messages in time order, streamed: the one reader of whole chats (show, export). Media come
 * from a join (one row per attachment, grouped back into their message here) rather than a subquery
 * per message, so that the rows come straight off the (chat_id, ts) index: a million messages stream
 * at the speed of one index walk.
 */
export function* chatMessages(archive: Archive, chat: ChatRef, filter: MessageFilter): Generator<MessageView> {
  const { where, params } = selected(chat, filter);
  const rows = archive.db
    .prepare(
      `SELECT m.id, m.ts, m.local, m.author, m.text, m.kind, m.edited, ${DELETED_LATER} AS deletedLater,
              mm.position, ${MEDIA_NAME} AS mediaName, ${MEDIA_SHA256} AS sha256, mf.size
         FROM messages m
         LEFT JOIN message_media mm ON mm.message_id = m.id
         LEFT JOIN media_late ml ON ml.message_id = mm.message_id AND ml.position = mm.position
         LEFT JOIN media_files mf ON mf.sha256 = ${MEDIA_SHA256}
        WHERE ${where}
        ORDER BY m.ts, m.id, mm.position`,
    )
    .raw()
    .iterate(params) as IterableIterator<ExportRow>;
  // Raw rows (arrays, in the SELECT's order): a million messages make no intermediate objects.
  let current: MessageView | undefined;
  for (const [id, ts, local, author, text, kind, edited, deletedLater, position, mediaName, sha256, size] of rows) {
    if (current !== undefined && current.id !== id) {
      yield current;
      current = undefined;
    }
    current ??= messageView({ id, chat: chat.name, ts, local, author, text, kind, edited, deletedLater }, []);
    if (position !== null) current.media.push({ name: mediaName, sha256, size });
  }
  if (current !== undefined) yield current;
}

/**
 * The messages of chatMessages (the same selection and order) as JSON outputs write them (`show --json`,
 * `export --format json`): each one's JSON text, the bytes JSON.stringify gives for {id, time, author,
 * text, kind, edited, media: [{name, sha256, size, status}], deletedLater?} of its MessageView. SQLite
 * writes the text, so a message crosses into JavaScript as one string rather than a dozen values.
 * test/store/messageJson.test.ts holds it to JSON.stringify of the views.
 */
export function* chatMessagesJson(archive: Archive, chat: ChatRef, filter: MessageFilter): Generator<string> {
  const { where, params } = selected(chat, filter);
  // The inner SELECT works out each message's zone offset and attachments once (OFFSET keeps SQLite from
  // merging it into the outer one, which would work them out again for each use).
  yield* archive.db
    .prepare(
      `SELECT format('{"id":%d,"time":"%sT%s%s%s%02d:%02d","author":%s,"text":%s,"kind":%s,"edited":%s,"media":%s%s}',
                m.id, substr(m.local, 1, 10), substr(m.local, 12), iif(length(m.local) = 16, ':00', ''),
                iif(m.offset < 0, '-', '+'), abs(m.offset) / 60, abs(m.offset) % 60,
                json_quote(m.author), json_quote(m.text), json_quote(m.kind), iif(m.edited = 1, 'true', 'false'), m.media,
                iif(m.deletedLater, ',"deletedLater":true', ''))
         FROM (SELECT m.id, m.local, m.author, m.text, m.kind, m.edited, ${OFFSET_MINUTES} AS offset, ${MEDIA_JSON} AS media,
                      ${DELETED_LATER} AS deletedLater
                 FROM messages m WHERE ${where} ORDER BY m.ts, m.id LIMIT -1 OFFSET 0) m`,
    )
    .pluck()
    .iterate(params) as IterableIterator<string>;
}

/** isoTime's offset in minutes (SQL over `m`): wall time minus UTC, rounded as Math.round does. */
const OFFSET_MINUTES = 'CAST(floor((unixepoch(m.local) * 1000 - m.ts + 30000) / 60000.0) AS INTEGER)';

/**
 * A message's attachments as JSON outputs write them (SQL over `m`), in position order (message_media's
 * key): export/json.ts jsonMedia's bytes. Most messages have none: a look for one first costs less than
 * the aggregate (~0.1 s a million).
 */
const MEDIA_JSON = `iif(EXISTS (SELECT 1 FROM message_media mm WHERE mm.message_id = m.id),
  (SELECT json_group_array(json_object('name', ${MEDIA_NAME}, 'sha256', ${MEDIA_SHA256}, 'size', mf.size,
      'status', CASE WHEN ${MEDIA_NAME} IS NULL THEN 'not-exported' WHEN ${MEDIA_SHA256} IS NULL THEN 'missing' ELSE 'stored' END))
     FROM message_media mm LEFT JOIN media_late ml ON ml.message_id = mm.message_id AND ml.position = mm.position
     LEFT JOIN media_files mf ON mf.sha256 = ${MEDIA_SHA256}
    WHERE mm.message_id = m.id),
  '[]')`;

/** The WHERE clause (over `m`) and parameters of a chat's messages that a filter selects. */
function selected(chat: ChatRef, filter: MessageFilter): { where: string; params: Record<string, unknown> } {
  if ('ids' in filter) return { where: 'm.chat_id = @chatId AND m.id IN (SELECT value FROM json_each(@ids))', params: { chatId: chat.id, ids: JSON.stringify(filter.ids) } };
  return {
    where: 'm.chat_id = @chatId AND (@from IS NULL OR m.local >= @from) AND (@to IS NULL OR m.local < @to)',
    params: { chatId: chat.id, from: filter.range.from ?? null, to: filter.range.to ?? null },
  };
}

export function getMessage(archive: Archive, id: number): MessageView | undefined {
  const row = archive.db.prepare(`SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.id = ?`).get(id) as
    | Row
    | undefined;
  return row === undefined ? undefined : toView(row);
}

/** The messages with these ids (any order, missing ids left out), by id. */
export function messagesByIds(archive: Archive, ids: readonly number[]): Map<number, MessageView> {
  const rows = archive.db
    .prepare(`SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as Row[];
  return new Map(rows.map((r) => [r.id, toView(r)]));
}

/** Up to `count` messages of the same chat before and after message `id`, in time order. */
export function messagesAround(archive: Archive, id: number, count: number): { before: MessageView[]; after: MessageView[] } {
  const at = archive.db.prepare('SELECT chat_id AS chatId, ts FROM messages WHERE id = ?').get(id) as
    | { chatId: number; ts: number }
    | undefined;
  if (at === undefined || count === 0) return { before: [], after: [] };
  const params = { chatId: at.chatId, ts: at.ts, id, count };
  const before = archive.db
    .prepare(
      `SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
        WHERE m.chat_id = @chatId AND (m.ts < @ts OR (m.ts = @ts AND m.id < @id))
        ORDER BY m.ts DESC, m.id DESC LIMIT @count`,
    )
    .all(params) as Row[];
  const after = archive.db
    .prepare(
      `SELECT ${COLUMNS} FROM messages m JOIN chats c ON c.id = m.chat_id
        WHERE m.chat_id = @chatId AND (m.ts > @ts OR (m.ts = @ts AND m.id > @id))
        ORDER BY m.ts, m.id LIMIT @count`,
    )
    .all(params) as Row[];
  return { before: before.reverse().map(toView), after: after.map(toView) };
}

function toView(row: Row): MessageView {
  return messageView(row, row.media === null || row.media === '[]' ? [] : (JSON.parse(row.media) as MediaView[]));
}

function messageView(row: MessageRow, media: MediaView[]): MessageView {
  return {
    id: row.id,
    chat: row.chat,
    time: isoTime(row.local, row.ts),
    local: row.local,
    author: row.author,
    text: row.text,
    kind: row.kind,
    edited: row.edited === 1,
    media,
    ...(row.deletedLater === 1 ? { deletedLater: true as const } : {}),
  };
}

/** The wall-clock text with the zone offset it had at that instant (derived: wall time minus UTC). */
export function isoTime(local: string, ts: number): string {
  const wall = local.length === 16 ? `${local}:00` : local;
  const day = wall.slice(0, 10);
  let dayMs = dayStart.get(day);
  if (dayMs === undefined) {
    dayMs = Date.parse(`${day}T00:00:00Z`);
    if (dayStart.size > 10_000) dayStart.clear();
    dayStart.set(day, dayMs);
  }
  const wallMs = dayMs + (Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16))) * 60000 + Number(wall.slice(17, 19)) * 1000;
  const offsetMin = Math.round((wallMs - ts) / 60000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${day}T${wall.slice(11)}${sign}${hh}:${mm}`;
}

/** UTC milliseconds of each local day's midnight read so far (isoTime parses a day once, not every message). */
const dayStart = new Map<string, number>();
