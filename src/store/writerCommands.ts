// The import writer's command table: everything the caller asks of the writer's connection besides
// writing messages, by name (ArchiveWriter.call). Each command runs on the writer's thread
// (store/writerWorker.ts) with its connection first, then the arguments the caller gave (structured
// clones, as is its result). The SQL is here and in the store modules the commands use.
import type { Database } from 'better-sqlite3';
import { chatAliases, hasAuthor } from './aliases.js';
import type { AuditRecord } from '../integrity/auditEntry.js';
import { appendAudit } from './audit.js';
import type { ImportRecord } from './imports.js';
import { saveChatState } from './heldDays.js';
import { useWriteAheadLog } from './journal.js';
import { archivedIdents, archivedOnDay, attachLateFile, attachmentsWithoutFile, markDeletedLater, markedDeleted, messagesPerDay } from './laterExports.js';
import { chatBefore, remainderRows, settleRemainder, type ChatBefore } from './renames.js';
import { addedRows, lastAuditSeq, type AddedRows } from './writerAdded.js';
import { writeBehind } from './writerFlush.js';

export interface OpenedImport {
  chatId: number;
  importId: number;
  /** The chat's oldest and newest message times before this import, or null for a new or empty chat. */
  previousOldest: number | null;
  previousNewest: number | null;
  before: ChatBefore;
}

/**
 * How much of new messages' terms FTS5 holds in memory before writing them into the index as a segment
 * (its own default: 1 MiB, a segment every ~40k messages): room for a whole statement of the writer's
 * (store/writerWorker.ts). Measured on the 1M benchmark import (alternated): 4, 8 and 16 MiB the same
 * time; three 1M exports in one run peaked at 346–348 MB of RSS with 1 MiB, 350–357 with 8, 363–367 with 16.
 * It is the index's setting, kept in the archive (messages_fts_config).
 */
const INDEX_MEMORY_BYTES = 8 * 1024 * 1024;

export const commands = {
  begin(db: Database): void {
    db.exec('BEGIN IMMEDIATE');
    opened.length = 0;
    addedRows.begin(lastAuditSeq(db));
    writeBehind.begin(db);
    // Set once per archive: setting it rewrites the index's structure record, its version (store/vocabulary.ts).
    if (db.prepare("SELECT v FROM messages_fts_config WHERE k = 'hashsize'").pluck().get() !== INDEX_MEMORY_BYTES) {
      db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('hashsize', ${INDEX_MEMORY_BYTES})`);
    }
  },
  commit(db: Database): void {
    for (const importId of opened) checkReferences(db, importId);
    db.exec('COMMIT');
    // Before the switch to the log (store/writerFlush.ts).
    writeBehind.end();
    addedRows.commit(lastAuditSeq(db));
    // A new archive's first export was written through the rollback journal: the rest go through the log.
    useWriteAheadLog(db);
  },
  /** What the committed transactions of this writer added (store/writerAdded.ts). */
  addedRows: (): AddedRows => addedRows.result(),

  /** The chat (created if new) and a row for the import, its count of added messages set by closeImport. */
  openImport(db: Database, record: ImportRecord): OpenedImport {
    let chatId = db.prepare('SELECT id FROM chats WHERE name = ?').pluck().get(record.chat) as number | undefined;
    if (chatId === undefined) chatId = Number(db.prepare('INSERT INTO chats (name, created_at) VALUES (?, ?)').run(record.chat, record.importedAt).lastInsertRowid);
    const [previousOldest, previousNewest] = db
      .prepare('SELECT (SELECT min(ts) FROM messages WHERE chat_id = @chatId), (SELECT max(ts) FROM messages WHERE chat_id = @chatId)')
      .raw()
      .get({ chatId }) as [number | null, number | null];
    const before = chatBefore(db, chatId);
    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (chat_id, source, sha256, platform, tz, date_order, imported_at, tool_version, records, added)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
        )
        .run(chatId, record.source, record.sha256, record.platform, record.tz, record.dateOrder, record.importedAt, record.toolVersion, record.records)
        .lastInsertRowid,
    );
    opened.push(importId);
    return { chatId, importId, previousOldest, previousNewest, before };
  },

  /** Sets the import's count of added messages and appends its audit entries, in order. */
  closeImport(db: Database, importId: number, added: number, at: number, entries: AuditRecord[]): void {
    db.prepare('UPDATE imports SET added = ? WHERE id = ?').run(added, importId);
    for (const entry of entries) appendAudit(db, at, entry);
  },

  hasAuthor,
  remainderRows,
  chatAliases,
  settleRemainder,
  archivedIdents,
  archivedOnDay,
  attachLateFile,
  attachmentsWithoutFile,
  markDeletedLater,
  markedDeleted,
  messagesPerDay,
  saveChatState,
} satisfies Record<string, (db: Database, ...args: never[]) => unknown>;

/** The imports the open transaction opened (their references are checked before it commits). */
const opened: number[] = [];

/**
 * The writer's connection does not enforce foreign keys (store/writerInsert.ts says why). Its message and
 * attachment rows refer to what it has just written or checked; the rows of the other tables with
 * references that its commands write for an import are checked here, before the import commits (only
 * its own: a reference broken before, by hand, is `verify`'s to report, not every later import's).
 */
const BROKEN_REFERENCES = `
  SELECT 'imports' FROM imports i WHERE i.id = @importId AND NOT EXISTS (SELECT 1 FROM chats c WHERE c.id = i.chat_id)
  UNION ALL SELECT 'deleted_later' FROM deleted_later d WHERE d.import_id = @importId
    AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = d.message_id)
  UNION ALL SELECT 'media_late' FROM media_late l WHERE l.import_id = @importId
    AND (NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = l.message_id) OR NOT EXISTS (SELECT 1 FROM media_files f WHERE f.sha256 = l.sha256))
  UNION ALL SELECT 'author_aliases' FROM author_aliases a WHERE a.import_id = @importId
    AND (NOT EXISTS (SELECT 1 FROM chats c WHERE c.id = a.chat_id) OR NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = a.import_id))`;

function checkReferences(db: Database, importId: number): void {
  const broken = db.prepare(BROKEN_REFERENCES).pluck().all({ importId }) as string[];
  if (broken.length > 0) throw new Error(`import ${importId} would leave ${broken.length} row(s) of ${[...new Set(broken)].join(', ')} referring to rows the archive does not have`);
}

export type Commands = typeof commands;
export type CommandName = keyof Commands;
/** A command's arguments after the connection. */
export type CommandArgs<K extends CommandName> = Commands[K] extends (db: Database, ...args: infer A) => unknown ? A : never;
