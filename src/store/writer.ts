import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { AuditConnection } from './audit.js';
import type { NewMessage } from './imports.js';
import type { Archive } from './open.js';
import { databasePath } from './paths.js';
import { BatchSlot, RowContext } from './writerBatch.js';
import { writerThread, type WriterCommand, type WriterReply, type WriterSetup } from './writerThread.js';

const AT = { SENT: 0, DONE: 1, FAILED: 2, CLOSED: 3 };
/** Per-connection settings the writer's connection copies from the archive's. */
const MIRRORED = ['busy_timeout', 'synchronous', 'foreign_keys'];
/** Batches in flight: the caller fills one while the thread writes the others (and its index catch-ups). */
const SLOTS = 8;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** What store functions that run on either connection (the archive's or this writer's) use of a statement. */
export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): RunResult;
}

/** The archive's connection or the import writer: what store functions that must run in either one's transaction take. */
export interface Connection {
  prepare(sql: string): Statement;
}

export interface WriteEvents {
  /** Each message, in order, as it is handed to the thread. */
  queued(m: NewMessage): void;
  /** The hash of each message the thread skipped as already in the chat, once it is written. */
  skipped(hash: string): void;
}

/** A failure on the writer's connection; `code` is SQLite's, as on better-sqlite3's own errors. */
class WriterError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'SqliteError';
  }
}

/**
 * A second connection to the archive, on a thread of its own (store/writerThread.ts), for imports: while
 * the thread writes a batch of messages, the caller parses and hashes the next ones. Measured on the
 * 1M-message benchmark import (quiet machine): on one thread, parse + hash + insert took 9.6–9.9 s and
 * the index rebuild 1.7 s more; here the caller's part (parse, hash, hand over) and the thread's (insert,
 * index) run side by side in about 5.5 s, plus 0.3–0.5 s of index catch-up. Rows travel as UTF-8 in
 * shared memory: a structured clone of the same strings (a batch joined into one string) cost more than
 * the inserts saved, because joining and cloning two-byte strings is slow in V8 (measured).
 *
 * Calls are synchronous: statements wait for their answer; messages wait only when every batch slot is
 * taken; `checkpoint` does not wait. Close it (which waits for what was sent and rolls back anything not
 * committed). Every failure of the thread reaches the caller as an error, through `control` (its work
 * runs in a try whose `finally` marks it closed); only a fatal end of the thread itself, such as V8
 * running out of memory there, would leave the caller waiting. The thread holds one batch at a time.
 */
export class ArchiveWriter implements AuditConnection {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * Object.keys(AT).length));
  private readonly port: MessagePort;
  private readonly slots = Array.from({ length: SLOTS }, () => new BatchSlot());
  private sent = 0;
  private failure: Error | undefined;

  constructor(
    private readonly archive: Archive,
    /** Settings of the thread's connection, after those it copies from the archive's connection. */
    private readonly pragmas: readonly string[],
  ) {
    // Started now, the thread opens its connection while the caller reads and parses the first export.
    this.port = this.start();
  }

  get(sql: string, ...params: unknown[]): unknown {
    return this.call({ op: 'get', sql, params });
  }

  all(sql: string, ...params: unknown[]): unknown[] {
    return this.call({ op: 'all', sql, params }) as unknown[];
  }

  pluck(sql: string, ...params: unknown[]): unknown {
    return this.call({ op: 'pluck', sql, params });
  }

  run(sql: string, ...params: unknown[]): RunResult {
    return this.call({ op: 'run', sql, params }) as RunResult;
  }

  /** Runs `work` in an IMMEDIATE transaction of the thread's connection: committed if it returns, else rolled back. */
  transaction<T>(work: () => T): T {
    this.run('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.run('COMMIT');
      return result;
    } catch (error) {
      try {
        this.call({ op: 'rollback' });
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

  /** A statement run on the thread's connection, so that store functions (audit.ts appendAudit…) can work in its transaction. */
  prepare(sql: string): Statement {
    return { get: (...params) => this.get(sql, ...params), all: (...params) => this.all(sql, ...params), run: (...params) => this.run(sql, ...params) };
  }

  /**
   * Writes messages into the chat and import given (ON CONFLICT … DO NOTHING: one already in the chat is
   * skipped), with their media references and full-text entries; returns how many it was given. Nothing
   * of a message is kept until it is written (kept ones outlive the young generation: for a million
   * messages, hundreds of MB of old-generation garbage, measured). Call it inside `transaction`: its rows
   * are indexed before the next statement (COMMIT included), and `close` does not index what is left.
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
      this.post({ op: 'rows', slot: index, count: slot.rows, chatId, importId, first, grown: slot.newMemory() });
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
    for (let i = 0; i < SLOTS; i++) this.free((index + i) % SLOTS, events);
    return written;
  }

  /** Waits for everything sent, rolls back anything not committed, and ends the thread. */
  close(): void {
    this.post({ op: 'close' });
    while (Atomics.load(this.control, AT.CLOSED) === 0) Atomics.wait(this.control, AT.CLOSED, 0);
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

  private start(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    const db = this.archive.db;
    const setup: WriterSetup = {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: databasePath(this.archive.dir),
      pragmas: [...MIRRORED.map((p) => `${p} = ${db.pragma(p, { simple: true })}`), ...this.pragmas],
      port: port2,
      control: this.control.buffer as SharedArrayBuffer,
      at: AT,
      bytes: this.slots.map((s) => s.memory.bytes),
      numbers: this.slots.map((s) => s.memory.numbers),
      added: this.slots.map((s) => s.added.buffer as SharedArrayBuffer),
    };
    const worker = new Worker(`(${writerThread.toString()})(require)`, { eval: true, workerData: setup, transferList: [port2] });
    // The thread reports its failures through `control`; this only keeps an 'error' event (which it never
    // emits on purpose) from being thrown at whoever runs the event loop later.
    worker.on('error', () => {});
    return port1;
  }

  private call(command: WriterCommand): unknown {
    this.post(command);
    this.waitDone(this.sent);
    const reply = receiveMessageOnPort(this.port)!.message as WriterReply;
    if ('error' in reply) throw new WriterError(reply.error.message, reply.error.code);
    return reply.value;
  }

  private post(command: WriterCommand): void {
    this.port.postMessage(command);
    Atomics.store(this.control, AT.SENT, ++this.sent);
    Atomics.notify(this.control, AT.SENT);
  }

  /** Waits until the thread has finished command number `n`; throws its failure if it failed first. */
  private waitDone(n: number): void {
    for (;;) {
      const done = Atomics.load(this.control, AT.DONE);
      if (done >= n) return;
      if (Atomics.load(this.control, AT.FAILED) === 1 || Atomics.load(this.control, AT.CLOSED) === 1) throw this.failed();
      Atomics.wait(this.control, AT.DONE, done);
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

