// The import writer's thread (its own bundle, dist/writerWorker.js; store/writer.ts starts it). It runs the
// messages it is posted in order on a connection of its own (protocol: store/writerProtocol.ts).
//
// New messages get their full-text entries from the rows just written (INSERT … SELECT): IDLE_ROWS at a
// time whenever the thread has nothing else to do, and all that are left before a 'call' (COMMIT is one).
// So the index fills in the time the thread would wait for the caller, and delays the caller only
// by what is left at the end. (Measured on the 1M benchmark import: indexing every 64k rows as they came
// kept the thread busy for 2.7 s of the loop while the caller waited 3 s for it.)
// IDLE_ROWS is large because FTS5 writes the terms it holds in memory as a new segment of the index at
// every such statement inside a transaction (its savepoint), and merges those segments again later:
// 4,096 rows a statement made ~245 segments for a million messages. With 65,536 and the index's memory
// for terms raised (store/writerCommands.ts, begin), indexing them alone took 1.55 s instead of 1.95 s,
// and the whole import 0.4–0.8 s less (alternated runs).
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { commands } from './writerCommands.js';
import { CLOSED, DONE, FAILED, SENT, type WriterMessage, type WriterReply, type WriterSetup } from './writerProtocol.js';
import { addedRows } from './writerAdded.js';
import { writeBehind } from './writerFlush.js';
import { MessageInserter } from './writerInsert.js';
import { RowReader } from './writerRows.js';

const IDLE_ROWS = 65_536;
const setup = workerData as WriterSetup;
const control = new Int32Array(setup.control);
let failed = false;
let db: BetterSqlite3.Database | undefined;

function reply(message: WriterReply): void {
  setup.port.postMessage(message);
}

function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  const { message, code } = error as { message?: string; code?: string };
  reply({ error: { message: String(message ?? error), code } });
  Atomics.store(control, FAILED, 1);
  stopDone();
}

// DONE changes as well as FAILED or CLOSED, so that a caller which checked those flags just before they
// were set, and then waits for DONE to change, is woken rather than left waiting for ever.
function stopDone(): void {
  Atomics.store(control, DONE, -1);
  Atomics.notify(control, DONE);
}

/** Runs the messages posted until 'close'. */
function serve(connection: BetterSqlite3.Database): void {
  const messages = new MessageInserter(connection);
  const insertFile = connection.prepare('INSERT INTO media_files (sha256, size) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const insertRef = connection.prepare('INSERT INTO message_media (message_id, position, name, sha256) VALUES (?, ?, ?, ?)');
  const index = connection.prepare('INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ?');
  const row = new RowReader();

  // The new rows not yet in the full-text index: ids first..last (new rows get consecutive ids).
  const unindexed = { first: 0, last: 0 };
  const indexUpTo = (last: number): void => {
    index.run(unindexed.first, last);
    unindexed.first = last === unindexed.last ? 0 : last + 1;
  };

  const writeRows = (message: Extract<WriterMessage, { op: 'rows' }>): void => {
    const { chatId, importId } = message;
    if (message.first) {
      row.reset();
      const largestId = messages.begin(chatId, importId);
      // The writer's first rows are a call's first: whether they go into an empty archive.
      if (addedRows.starting) addedRows.start(largestId === 0);
    }
    row.read(message.memory);
    const added = new Uint8Array(message.memory.added);
    messages.write(row, message.count, (r, id, written) => {
      added[r] = id === 0 ? 0 : 1;
      if (id === 0) return;
      addedRows.add(id, chatId, written.ts, written.local, written.author, written.media);
      if (unindexed.first === 0) unindexed.first = id;
      unindexed.last = id;
      for (let position = 0; position < written.media.length; position++) {
        const ref = written.media[position]!;
        if (ref.sha256 !== null) insertFile.run(ref.sha256, ref.size);
        insertRef.run(id, position, ref.name, ref.sha256);
      }
    });
    writeBehind.wrote();
  };

  const run = (message: WriterMessage): void => {
    if (message.op === 'rows') writeRows(message);
    else if (message.op === 'checkpoint') connection.pragma('wal_checkpoint(PASSIVE)');
    else if (message.op === 'rollback') {
      // The rows not yet indexed are rolled back too: no point indexing them first.
      unindexed.first = 0;
      connection.exec('ROLLBACK');
      writeBehind.end();
      addedRows.rollback();
      reply({ value: null });
    } else if (message.op === 'call') {
      if (unindexed.first !== 0) indexUpTo(unindexed.last);
      const command = commands[message.name] as (db: BetterSqlite3.Database, ...args: unknown[]) => unknown;
      reply({ value: command(connection, ...message.args) });
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
    const message = receiveMessageOnPort(setup.port)!.message as WriterMessage;
    handled++;
    if (message.op === 'close') return;
    if (failed) continue;
    try {
      run(message);
      Atomics.store(control, DONE, handled);
      Atomics.notify(control, DONE);
    } catch (error) {
      fail(error);
    }
  }
}

// Everything that can fail is inside this try (the driver is loaded here for that): its `finally` sets
// CLOSED, which the caller waits for.
try {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  db = new Database(setup.file);
  for (const pragma of setup.pragmas) db.pragma(pragma);
  serve(db);
} catch (error) {
  fail(error);
} finally {
  try {
    if (db?.inTransaction) db.exec('ROLLBACK');
    db?.close();
    writeBehind.end();
  } catch (error) {
    fail(error);
  }
  Atomics.store(control, CLOSED, 1);
  Atomics.notify(control, CLOSED);
  stopDone();
}
