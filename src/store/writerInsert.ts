// The import writer's message inserts (store/writerWorker.ts): GROUP rows a statement instead of one.
// Each statement execution opens a cursor on the table and on each of its indexes and finds its place in
// each again; one statement of 64 rows does that once. Measured (the 1M benchmark export's rows, alone):
// 2.0–2.1 s of CPU against 2.9–3.1 s a row at a time.
//
// A statement of several rows that could stop half way (a NOT NULL or foreign key constraint failing)
// makes SQLite keep a journal of the statement, every page it changes copied once more: with it the same
// rows took as long as one at a time. So the statement is INSERT OR IGNORE, and the writer's connection
// does not enforce foreign keys (store/writer.ts OWN). What they and NOT NULL would catch is checked
// instead: here, that a call's chat and import exist (`begin`), that a row's time is a number (the other
// NOT NULL columns are strings by construction), and that a row the statement ignored is one already in
// the chat (else something else refused it: an error, never a message counted as a duplicate); attachments
// refer to the ids SQLite gives new rows, one past the largest (consecutive, as `begin` makes sure they
// can be); the rows of the other tables the writer's commands write for an import are checked before its
// commit (store/writerCommands.ts). Measured in the whole import: the writer's thread 4.7 s of CPU against 5.0 s
// with foreign keys enforced and 512 rows a statement (its journal kept), and 5.6–6.0 s a row at a time.
import type BetterSqlite3 from 'better-sqlite3';
import type { NewMediaRef } from './imports.js';
import type { RowReader } from './writerRows.js';

const GROUP = 64;
const COLUMNS = 11;
const ROW = `(${Array(COLUMNS).fill('?').join(', ')})`;
const NO_MEDIA: readonly NewMediaRef[] = [];
/**
 * SQLite gives a new row the largest id + 1 until the largest is 2^63 − 1 (then random ones); ids are
 * JavaScript numbers here, exact up to 2^53.
 */
const LAST_ID = Number.MAX_SAFE_INTEGER - 2 ** 20;

/** What the writer needs of a written row besides its id, kept while its group is written. */
export interface WrittenRow {
  ts: number;
  local: string;
  author: string | null;
  media: readonly NewMediaRef[];
}

/** `r`: the row's number in its batch; `id`: its new id, or 0 when the chat already had it. */
export type OnWritten = (r: number, id: number, row: WrittenRow) => void;

export class MessageInserter {
  private readonly many: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private readonly writtenRows: BetterSqlite3.Statement;
  private readonly inChat: BetterSqlite3.Statement;
  private readonly parents: BetterSqlite3.Statement;
  private readonly largestId: BetterSqlite3.Statement;
  private readonly params: unknown[] = new Array(COLUMNS * GROUP);
  private readonly idents: string[] = new Array(GROUP);
  private readonly hashes: string[] = new Array(GROUP);
  private readonly kept: WrittenRow[] = Array.from({ length: GROUP }, () => ({ ts: 0, local: '', author: null, media: NO_MEDIA }));
  /** The chat and import of the call being written (`begin`). */
  private chatId = 0;
  private importId = 0;

  constructor(connection: BetterSqlite3.Database) {
    const insert = (rows: number) =>
      connection.prepare(
        `INSERT OR IGNORE INTO messages (chat_id, import_id, ident, ts, local, author, kind, text, edited, original, hash)
         VALUES ${Array(rows).fill(ROW).join(', ')}`,
      );
    this.many = insert(GROUP);
    this.one = insert(1);
    this.writtenRows = connection.prepare('SELECT ident, hash FROM messages WHERE id BETWEEN ? AND ? ORDER BY id').raw();
    this.inChat = connection.prepare('SELECT EXISTS (SELECT 1 FROM messages WHERE chat_id = ? AND ident = ?)').pluck();
    this.parents = connection.prepare('SELECT EXISTS (SELECT 1 FROM imports WHERE id = ? AND chat_id = ?) AND EXISTS (SELECT 1 FROM chats WHERE id = ?)').pluck();
    this.largestId = connection.prepare('SELECT coalesce(max(id), 0) FROM messages').pluck();
  }

  /**
   * Before the first batch of a call, which writes into this chat and import: they must exist (the foreign
   * keys of messages), and ids be left. Returns the largest id the messages have (0: none).
   */
  begin(chatId: number, importId: number): number {
    if (this.parents.get(importId, chatId, chatId) !== 1) throw new Error(`the import writer was given chat ${chatId} and import ${importId}, which the archive does not have`);
    const largest = this.largestId.get() as number;
    if (largest > LAST_ID) throw new Error("the archive's messages have used up their ids (its largest is past 2^53): it was changed outside wa-archive");
    [this.chatId, this.importId] = [chatId, importId];
    return largest;
  }

  /** Writes the next `count` rows of `reader`, then calls `written` for each, in order. */
  write(reader: RowReader, count: number, written: OnWritten): void {
    for (let r = 0; r < count; ) {
      const size = count - r >= GROUP ? GROUP : 1;
      for (let j = 0; j < size; j++) this.keep(reader, j);
      const statement = size === GROUP ? this.many : this.one;
      const result = statement.run(size === GROUP ? this.params : this.params.slice(0, COLUMNS));
      this.report(r, size, result.changes, Number(result.lastInsertRowid), written);
      r += size;
    }
  }

  private keep(reader: RowReader, j: number): void {
    reader.next();
    // Bound as NULL (NaN) or a fraction, it would be skipped or stored as no message's time is.
    if (!Number.isInteger(reader.ts)) throw new Error(`a message has no time the archive can store (${reader.ts}): ${reader.ident}`);
    const p = this.params;
    let k = j * COLUMNS;
    p[k++] = this.chatId;
    p[k++] = this.importId;
    p[k++] = reader.ident;
    p[k++] = reader.ts;
    p[k++] = reader.local;
    p[k++] = reader.author;
    p[k++] = reader.kind;
    p[k++] = reader.text;
    p[k++] = reader.edited ? 1 : 0;
    p[k++] = reader.original;
    p[k] = reader.hash;
    this.idents[j] = reader.ident;
    this.hashes[j] = reader.hash;
    const kept = this.kept[j]!;
    kept.ts = reader.ts;
    kept.local = reader.local;
    kept.author = reader.author;
    // The reader refills its own list for the next row.
    kept.media = reader.media.length === 0 ? NO_MEDIA : reader.media.slice();
  }

  /**
   * The rows a statement wrote got consecutive ids, in order, the last one `lastId`. When it wrote fewer
   * than it was given, the rows at those ids say which they were (identity and content hash: two rows of
   * one identity in a statement are told apart by their content).
   */
  private report(first: number, size: number, changes: number, lastId: number, written: OnWritten): void {
    if (changes === size) {
      for (let j = 0; j < size; j++) written(first + j, lastId - size + 1 + j, this.kept[j]!);
      return;
    }
    const firstId = lastId - changes + 1;
    const rows = changes === 0 ? [] : (this.writtenRows.all(firstId, lastId) as Array<[string, string]>);
    for (let j = 0, k = 0; j < size; j++) {
      if (k < rows.length && rows[k]![0] === this.idents[j] && rows[k]![1] === this.hashes[j]) written(first + j, firstId + k++, this.kept[j]!);
      else if (this.inChat.get(this.chatId, this.idents[j]) === 1) written(first + j, 0, this.kept[j]!);
      else throw new Error(`a message could not be written (something in the archive refused it): ${this.idents[j]}`);
    }
  }
}
