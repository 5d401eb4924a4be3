import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { NewMessage } from './imports.js';
import type { Archive } from './open.js';
import { databasePath } from './paths.js';
import type { CommandArgs, CommandName, Commands } from './writerCommands.js';
import { CLOSED, CONTROL_WORDS, DONE, FAILED, SENT, type WriterMessage, type WriterReply, type WriterSetup } from './writerProtocol.js';
import { BatchSlot, RowContext } from './writerRows.js';

/** Per-connection settings the writer's connection copies from the archive's. */
const MIRRORED = ['busy_timeout', 'synchronous'];
/** Its own: it checks what foreign keys would itself (store/writerInsert.ts). */
const OWN = ['foreign_keys = OFF'];
/** Batches in flight: the caller fills one while the thread writes the others (and its index catch-ups). */
const SLOTS = 8;
/**
 * The thread's bundle: beside this module in dist/; run from the sources (vitest), the one the build wrote
 * (test/globalSetup.ts builds it).
 */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? '../../dist/writerWorker.js' : './writerWorker.js', import.meta.url);

export interface WriteEvents {
  /** Each message, in order, as it is handed to the thread. */
  queued(m: NewMessage): void;
  /** The hash of each message the thread skipped as already in the chat, once it is written. */
  skipped(hash: string): void;
  /** Once every message is handed to the thread, before waiting for it to write the last ones. */
  handedOver(): void;
}

/** A failure on the writer's connection; `code` is SQLite's, as on better-sqlite3's own errors. */
class WriterError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'SqliteError';
  }
}

/**
 * A second connection to the archive, on a thread of its own (store/writerWorker.ts), for imports: while
 * the thread writes a batch of messages, the caller parses and hashes the next ones. Measured on the
 * 1M-message benchmark import (quiet machine): on one thread, parse + hash + insert took 9.6–9.9 s and
 * the index rebuild 1.7 s more; here the caller's part (parse, hash, hand over) and the thread's (insert,
 * index) run side by side in about 5.5 s, plus 0.3–0.5 s of index catch-up. Rows travel as UTF-8 in
 * shared memory (store/writerRows.ts): a structured clone of the same strings (a batch joined into one
 * string) cost more than the inserts saved, because joining and cloning two-byte strings is slow in V8.
 *
 * Calls are synchronous (store/writerProtocol.ts): commands wait for their answer; messages wait only when
 * every batch slot is taken; `checkpoint` does not wait. Close it (which waits for what was sent and rolls
 * back anything not committed). Every failure of the thread reaches the caller as an error; only a fatal
 * end of the thread itself, such as V8 running out of memory there, would leave the caller waiting.
 */
export class ArchiveWriter {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  private readonly port: MessagePort;
  private readonly slots = Array.from({ length: SLOTS }, () => new BatchSlot());
  private sent = 0;
  private failure: Error | undefined;

  constructor(archive: Archive, pragmas: readonly string[]) {
    // A thread that cannot load would leave the caller waiting for ever: a missing bundle fails here instead.
    if (!existsSync(WORKER)) throw new Error(`the import writer's thread is not built: ${fileURLToPath(WORKER)} is missing (npm run build)`);
    // Started now, the thread opens its connection while the caller reads and parses the first export.
    const { port1, port2 } = new MessageChannel();
    const file = databasePath(archive.dir);
    const setup: WriterSetup = {
      file,
      pragmas: [...MIRRORED.map((p) => `${p} = ${archive.db.pragma(p, { simple: true })}`), ...OWN, ...pragmas],
      port: port2,
      control: this.control.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(WORKER, { workerData: setup, transferList: [port2] });
    // The thread reports its failures through `control`; this only keeps an 'error' event (which it never
    // emits on purpose) from being thrown at whoever runs the event loop later.
    worker.on('error', () => {});
    this.port = port1;
  }

  /** Runs a command of the thread's table (store/writerCommands.ts) on its connection, and returns its result. */
  call<K extends CommandName>(name: K, ...args: CommandArgs<K>): ReturnType<Commands[K]> {
    return this.request({ op: 'call', name, args: args as unknown[] }) as ReturnType<Commands[K]>;
  }

  /** Runs `work` in an IMMEDIATE transaction of the thread's connection: committed if it returns, else rolled back. */
  transaction<T>(work: () => T): T {
    this.call('begin');
    try {
      const result = work();
      this.call('commit');
      return result;
    } catch (error) {
      try {
        this.request({ op: 'rollback' });
      } catch {
        // The thread failed (every later call says so) and rolls back when closed; `error` is what went wrong first.
      }
      throw error;
    }
  }

  /** Moves committed pages from the write-ahead log into the database file, while the caller goes on. */
  checkpoint(): void {
    this.post({ op: 'checkpoint' });
  }

  /**
   * Writes messages into the chat and import given (store/writerInsert.ts: one already in the chat is
   * skipped), with their media references and full-text entries; returns how many it was given. Nothing
   * of a message is kept until it is written (kept ones outlive the young generation: for a million
   * messages, hundreds of MB of old-generation garbage, measured). Call it inside `transaction`: its rows
   * are indexed before the next command (COMMIT included), and `close` does not index what is left.
   */
  writeMessages(chatId: number, importId: number, messages: Iterable<NewMessage>, events: WriteEvents): number {
    // Slots left by a call that ended in an error: nothing of them is reported, nothing is in flight.
    this.waitDone(this.sent);
    for (const slot of this.slots) slot.command = 0;
    const context = new RowContext();
    let written = 0;
    let first = true;
    let index = 0;
    let slot = this.free(index, events);
    const send = () => {
      this.post({ op: 'rows', memory: slot.memory, count: slot.rows, chatId, importId, first });
      slot.command = this.sent;
      first = false;
      index = (index + 1) % SLOTS;
      slot = this.free(index, events);
    };
    for (const m of messages) {
      if (!slot.fits(m)) {
        if (slot.rows > 0) send();
        if (!slot.fits(m)) slot.grow(m);
      }
      slot.put(m, context);
      written++;
      events.queued(m);
    }
    if (slot.rows > 0) send();
    events.handedOver();
    for (let i = 0; i < SLOTS; i++) this.free((index + i) % SLOTS, events);
    return written;
  }

  /** Waits for everything sent, rolls back anything not committed, and ends the thread. */
  close(): void {
    this.post({ op: 'close' });
    while (Atomics.load(this.control, CLOSED) === 0) Atomics.wait(this.control, CLOSED, 0);
    this.port.close();
  }

  /** Slot `i`, once the thread is done with it: its skipped rows reported, emptied. */
  private free(i: number, events: WriteEvents): BatchSlot {
    const slot = this.slots[i]!;
    if (slot.command !== 0) {
      this.waitDone(slot.command);
      for (const hash of slot.skipped()) events.skipped(hash);
      slot.command = 0;
    }
    slot.clear();
    return slot;
  }

  private request(message: WriterMessage): unknown {
    this.post(message);
    this.waitDone(this.sent);
    const reply = receiveMessageOnPort(this.port)!.message as WriterReply;
    if ('error' in reply) throw new WriterError(reply.error.message, reply.error.code);
    return reply.value;
  }

  private post(message: WriterMessage): void {
    this.port.postMessage(message);
    Atomics.store(this.control, SENT, ++this.sent);
    Atomics.notify(this.control, SENT);
  }

  /** Waits until the thread has finished message number `n`; throws its failure if it failed first. */
  private waitDone(n: number): void {
    for (;;) {
      const done = Atomics.load(this.control, DONE);
      if (done >= n) return;
      if (Atomics.load(this.control, FAILED) === 1 || Atomics.load(this.control, CLOSED) === 1) throw this.failed();
      Atomics.wait(this.control, DONE, done);
    }
  }

  private failed(): Error {
    if (this.failure === undefined) {
      const reply = receiveMessageOnPort(this.port)?.message as WriterReply | undefined;
      this.failure = reply !== undefined && 'error' in reply ? new WriterError(reply.error.message, reply.error.code) : new WriterError('the archive writer stopped');
    }
    return this.failure;
  }
}
