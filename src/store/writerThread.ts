import type BetterSqlite3 from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';
import type { SlotMemory } from './writerBatch.js';

/** What the writer thread gets when it starts (store/writer.ts sends it). */
export interface WriterSetup {
  /** Resolved path of better-sqlite3, so the thread loads the same driver whatever its working directory. */
  driver: string;
  file: string;
  /** Run on the thread's connection first: the calling connection's settings (busy timeout, sync, keys). */
  pragmas: string[];
  port: MessagePort;
  /** Int32 words at the positions in `at`. */
  control: SharedArrayBuffer;
  /**
   * SENT: commands posted; DONE: commands finished, −1 once the thread failed or closed; FAILED: 1 after a
   * failure; CLOSED: 1 once the thread is done.
   */
  at: { SENT: number; DONE: number; FAILED: number; CLOSED: number };
  /** Per batch slot: the rows' strings (UTF-8), their numbers, and a flag per row: 1 if added, 0 if skipped. */
  bytes: SharedArrayBuffer[];
  numbers: SharedArrayBuffer[];
  added: SharedArrayBuffer[];
}

export type WriterCommand =
  | { op: 'get' | 'all' | 'pluck' | 'run'; sql: string; params: unknown[] }
  | { op: 'rows'; slot: number; count: number; chatId: number; importId: number; first: boolean; grown?: SlotMemory }
  | { op: 'rollback' }
  | { op: 'checkpoint' }
  | { op: 'close' };

export type WriterReply = { value: unknown } | { error: { message: string; code?: string } };

/**
 * The writer thread's whole program. It runs from its source text (`new Worker(…, { eval: true })`), so it
 * uses nothing from outside this function: modules come through `load` (the thread's require), data
 * through `workerData`. It runs the commands it is posted in order, on a connection of its own:
 * 'get', 'all', 'pluck', 'run' and 'rollback' are answered on the port; 'rows' writes a batch of messages, 'checkpoint'
 * moves committed pages into the database file, and neither answers; 'close' rolls back what was not
 * committed and ends the thread. After a failure it posts { error } once, sets FAILED, and ignores
 * everything but 'close'.
 *
 * A batch row (writerBatch.ts writes it), in `numbers`: the UTF-8 length of its strings in `bytes` (one
 * after another, decoded in one go: 0.27 s for a million rows instead of 0.7 s for one decoding per
 * string, measured), then in order, strings given by their length in UTF-16 units: ident, ts, local
 * (−1: the same as the row before), author and kind (−1: none; else an index into the names seen since
 * the `first` batch, a new one followed by its length), original, text (≥ 0: `original` from that
 * character on; −1: its length follows), edited (0/1), hash, media count, then per attachment: name
 * (−1: none), sha256 (−1: none), size (−1: none).
 * New messages get their full-text entries from the rows just written (INSERT … SELECT): IDLE_ROWS at a
 * time whenever the thread has nothing else to do, and all that are left before any other command runs.
 * So the index fills in the time the thread would wait for the caller, and delays the caller only by
 * what is left at the end. (Measured on the 1M benchmark import: indexing every 64k rows as they came
 * kept the thread busy for 2.7 s of the loop while the caller waited 3 s for it. On a quiet machine
 * nothing is left at the end; when other load slows this thread, most of the index can be: 2.7 s once.)
 */
export function writerThread(load: NodeRequire): void {
  const { workerData, receiveMessageOnPort } = load('node:worker_threads') as typeof import('node:worker_threads');
  const setup = workerData as WriterSetup;
  const control = new Int32Array(setup.control);
  const { SENT, DONE, FAILED, CLOSED } = setup.at;
  const bytes = setup.bytes.map((b) => Buffer.from(b));
  const numbers = setup.numbers.map((b) => new Float64Array(b));
  const addedFlags = setup.added.map((b) => new Uint8Array(b));
  const IDLE_ROWS = 4096;
  const names: string[] = [];
  let local = '';
  let failed = false;
  let db: BetterSqlite3.Database | undefined;

  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    const { message, code } = error as { message?: string; code?: string };
    setup.port.postMessage({ error: { message: String(message ?? error), code } } satisfies WriterReply);
    Atomics.store(control, FAILED, 1);
    stopDone();
  };
  // DONE changes as well as FAILED or CLOSED, so that a caller which checked those flags just before they
  // were set, and then waits for DONE to change, is woken rather than left waiting for ever.
  const stopDone = (): void => {
    Atomics.store(control, DONE, -1);
    Atomics.notify(control, DONE);
  };

  // Everything that can fail is inside this try: its `finally` sets CLOSED, which the caller waits for.
  try {
    const Database = load(setup.driver) as typeof BetterSqlite3;
    const connection = new Database(setup.file);
    db = connection;
    for (const pragma of setup.pragmas) connection.pragma(pragma);
    const insertMessage = connection.prepare(
      `INSERT INTO messages (chat_id, import_id, ident, ts, local, author, kind, text, edited, original, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, ident) DO NOTHING`,
    );
    const insertFile = connection.prepare('INSERT INTO media_files (sha256, size) VALUES (?, ?) ON CONFLICT DO NOTHING');
    const insertRef = connection.prepare('INSERT INTO message_media (message_id, position, name, sha256) VALUES (?, ?, ?, ?)');
    const index = connection.prepare('INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ?');

    // The new rows not yet in the full-text index: ids first..last (new rows get consecutive ids).
    const unindexed = { first: 0, last: 0 };
    const indexUpTo = (last: number): void => {
      index.run(unindexed.first, last);
      unindexed.first = last === unindexed.last ? 0 : last + 1;
    };

    const writeRows = (slot: number, count: number, chatId: number, importId: number): void => {
      const b = bytes[slot]!;
      const n = numbers[slot]!;
      const added = addedFlags[slot]!;
      let at = 0;
      let k = 0;
      let row = '';
      let p = 0;
      const str = (length: number): string => row.slice(p, (p += length));
      const optional = (): string | null => {
        const length = n[k++]!;
        return length < 0 ? null : str(length);
      };
      const name = (): string | null => {
        const i = n[k++]!;
        if (i < 0) return null;
        if (i === names.length) names.push(str(n[k++]!));
        return names[i]!;
      };
      for (let r = 0; r < count; r++) {
        const rowBytes = n[k++]!;
        row = b.toString('utf8', at, (at += rowBytes));
        p = 0;
        const ident = str(n[k++]!);
        const ts = n[k++]!;
        const localLength = n[k++]!;
        if (localLength >= 0) local = str(localLength);
        const author = name();
        const kind = name();
        const original = str(n[k++]!);
        const textAt = n[k++]!;
        const text = textAt >= 0 ? original.slice(textAt) : str(n[k++]!);
        const edited = n[k++]!;
        const hash = str(n[k++]!);
        const result = insertMessage.run(chatId, importId, ident, ts, local, author, kind, text, edited, original, hash);
        const isNew = result.changes === 1;
        const id = Number(result.lastInsertRowid);
        added[r] = isNew ? 1 : 0;
        if (isNew) {
          if (unindexed.first === 0) unindexed.first = id;
          unindexed.last = id;
        }
        for (let position = 0, media = n[k++]!; position < media; position++) {
          const fileName = optional();
          const sha256 = optional();
          const size = n[k++]!;
          if (!isNew) continue;
          if (sha256 !== null) insertFile.run(sha256, size < 0 ? null : size);
          insertRef.run(id, position, fileName, sha256);
        }
      }
    };

    for (let handled = 0; ; ) {
      while (Atomics.load(control, SENT) === handled) {
        if (unindexed.first === 0 || failed) Atomics.wait(control, SENT, handled);
        else {
          try {
            indexUpTo(Math.min(unindexed.first + IDLE_ROWS - 1, unindexed.last));
          } catch (error) {
            fail(error);
          }
        }
      }
      const command = receiveMessageOnPort(setup.port)!.message as WriterCommand;
      handled++;
      if (command.op === 'close') break;
      if (failed) continue;
      try {
        if (command.op === 'rows') {
          if (command.first) {
            names.length = 0;
            local = '';
          }
          if (command.grown !== undefined) {
            bytes[command.slot] = Buffer.from(command.grown.bytes);
            numbers[command.slot] = new Float64Array(command.grown.numbers);
          }
          writeRows(command.slot, command.count, command.chatId, command.importId);
        } else if (command.op === 'checkpoint') {
          connection.pragma('wal_checkpoint(PASSIVE)');
        } else if (command.op === 'rollback') {
          // The rows not yet indexed are rolled back too: no point indexing them first.
          unindexed.first = 0;
          connection.exec('ROLLBACK');
          setup.port.postMessage({ value: null } satisfies WriterReply);
        } else {
          if (unindexed.first !== 0) indexUpTo(unindexed.last);
          const statement = connection.prepare(command.sql);
          const value =
            command.op === 'run' ? statement.run(...command.params)
            : command.op === 'pluck' ? statement.pluck().get(...command.params)
            : command.op === 'all' ? statement.all(...command.params)
            : statement.get(...command.params);
          setup.port.postMessage({ value } satisfies WriterReply);
        }
        Atomics.store(control, DONE, handled);
        Atomics.notify(control, DONE);
      } catch (error) {
        fail(error);
      }
    }
  } catch (error) {
    fail(error);
  } finally {
    try {
      if (db?.inTransaction) db.exec('ROLLBACK');
      db?.close();
    } catch (error) {
      fail(error);
    }
    Atomics.store(control, CLOSED, 1);
    Atomics.notify(control, CLOSED);
    stopDone();
  }
}
