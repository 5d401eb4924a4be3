// The SQL of ops/heldDays.ts and ops/knownStart.ts: a chat's archived identities one local day at a time,
// and what the chat's last import left for the next one (held_days, known_starts: derived data, never
// audited, rewritten by each import of the chat, ignored once anything else changed the chat). Also a
// chat's messages of one local minute, for ops/chatMatch.ts.
import type { Database } from 'better-sqlite3';
import { chatMessages } from './chats.js';
import type { Archive } from './open.js';

/**
 * A chat's messages whose identity starts with a local day or minute (bound as chat id, then the prefix
 * twice): a range of the identity index. Identities are ASCII, and every character after the prefix sorts
 * before '~'.
 */
const IDENTITY_STARTS = "chat_id = ? AND ident >= ? AND ident < ? || '~'";

/**
 * The chat's identities of one local day ('YYYYMMDD', the start of every identity). On the archive's own
 * connection, inside the import's transaction: what it started from.
 */
export function identitiesOfDay(archive: Archive, chatId: number, day: string): string[] {
  return archive.db.prepare(`SELECT ident FROM messages WHERE ${IDENTITY_STARTS}`).pluck().all(chatId, day, day) as string[];
}

/** Reads a chat's messages of one local minute ('YYYYMMDDHHMM'), one statement for all the reads. */
export function minuteReader(archive: Archive): (chatId: number, minute: string) => Array<{ kind: string; text: string }> {
  const read = archive.db.prepare(`SELECT kind, text FROM messages WHERE ${IDENTITY_STARTS}`);
  return (chatId, minute) => read.all(chatId, minute, minute) as Array<{ kind: string; text: string }>;
}

/** A chat's latest import and its number of messages: what the last import left is valid while they are the same. */
export interface ChatNow {
  importId: number | null;
  messages: number;
}

export function chatNow(archive: Archive, chatId: number): ChatNow {
  const { db } = archive;
  return {
    importId: db.prepare('SELECT max(id) FROM imports WHERE chat_id = ?').pluck().get(chatId) as number | null,
    // The derived counts when fresh: counting a 1M-message chat's rows took 0.1–0.15 s of a monthly import.
    messages: chatMessages(archive, chatId),
  };
}

/**
 * The records digest per local day that the chat's last import saved, if the chat is still as that import
 * left it: its latest import, with as many messages (a purge removes some; every import that writes rows
 * saves anew), by this version (whose identities the digests stand for). null otherwise.
 */
export function savedHeldDays(archive: Archive, chatId: number, toolVersion: string, now: ChatNow): Map<string, string> | null {
  const { db } = archive;
  const state = db.prepare('SELECT import_id AS importId, messages, tool_version AS toolVersion FROM held_days_state WHERE chat_id = ?').get(chatId) as
    | { importId: number; messages: number; toolVersion: string }
    | undefined;
  if (state === undefined || state.toolVersion !== toolVersion || !isNow(state, now)) return null;
  const rows = db.prepare('SELECT day, records FROM held_days WHERE chat_id = ?').raw().all(chatId) as Array<[string, string]>;
  return new Map(rows);
}

/** The start of the chat's last export, saved by its last import (ops/knownStart.ts), while valid as savedHeldDays is, and for the same zone. */
export interface SavedStart {
  bytes: number;
  sha256: string;
  state: string;
}

export function savedStart(archive: Archive, chatId: number, toolVersion: string, tz: string, now: ChatNow): SavedStart | null {
  const row = archive.db
    .prepare('SELECT import_id AS importId, messages, tool_version AS toolVersion, tz, bytes, sha256, state FROM known_starts WHERE chat_id = ?')
    .get(chatId) as (SavedStart & { importId: number; messages: number; toolVersion: string; tz: string }) | undefined;
  if (row === undefined || row.toolVersion !== toolVersion || row.tz !== tz || !isNow(row, now)) return null;
  return { bytes: row.bytes, sha256: row.sha256, state: row.state };
}

function isNow(saved: { importId: number; messages: number }, now: ChatNow): boolean {
  return saved.importId === now.importId && saved.messages === now.messages;
}

/** Whether a message of the chat's local days up to `day` ('YYYYMMDD') names one of these files. */
export function namesAnyFileUpTo(archive: Archive, chatId: number, day: string, names: readonly string[]): boolean {
  // CROSS JOIN: read from the attachments by name (one pass over them), not from the chat's messages by
  // their identity index, which SQLite chose (12 against 408 ms for a 1M-message chat).
  const found = archive.db
    .prepare(
      `SELECT 1 FROM message_media mm CROSS JOIN messages m ON m.id = mm.message_id
        WHERE mm.name IN (SELECT value FROM json_each(?)) AND m.chat_id = ? AND m.ident < ? || '~' LIMIT 1`,
    )
    .get(JSON.stringify(names), chatId, day);
  return found !== undefined;
}

/**
 * What an import leaves for the chat's next one: its held days (null: leave them), and its known start (null:
 * none), valid while the chat has `messages` (its count before the import and what the import added).
 */
export interface ChatState {
  toolVersion: string;
  tz: string;
  messages: number;
  heldDays: Array<[string, string]> | null;
  start: SavedStart | null;
}

/** Replaces what the chat's last import left with this import's (on the import's writer, last in its transaction). */
export function saveChatState(db: Database, chatId: number, importId: number, state: ChatState): void {
  const { toolVersion, messages, heldDays, start } = state;
  if (heldDays !== null) {
    db.prepare('DELETE FROM held_days WHERE chat_id = ?').run(chatId);
    const insert = db.prepare('INSERT INTO held_days (chat_id, day, records) VALUES (?, ?, ?)');
    for (const [day, records] of heldDays) insert.run(chatId, day, records);
    db.prepare('INSERT OR REPLACE INTO held_days_state (chat_id, import_id, messages, tool_version) VALUES (?, ?, ?, ?)').run(chatId, importId, messages, toolVersion);
  }
  db.prepare('DELETE FROM known_starts WHERE chat_id = ?').run(chatId);
  if (start !== null) {
    db.prepare('INSERT INTO known_starts (chat_id, import_id, messages, tool_version, tz, bytes, sha256, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(chatId, importId, messages, toolVersion, state.tz, start.bytes, start.sha256, start.state);
  }
}
