// The import writer's protocol, between the caller (store/writer.ts) and its thread (store/writerWorker.ts):
// 1. The caller posts numbered messages on a port and counts them in `control[SENT]`; the thread runs them in order and counts them in `control[DONE]`.
// 2. 'call' (a named command of store/writerCommands.ts) and 'rollback' post back { value } or { error }; the caller waits for it (Atomics.wait on DONE).
// 3. 'rows' (a batch of messages in shared memory, laid out by store/writerRows.ts) and 'checkpoint' post nothing; the caller waits only to reuse a batch slot.
// 4. While it waits, the thread adds the rows written to the full-text index; before a 'call' (COMMIT is one) it finishes that.
// 5. A failure posts { error } once, sets FAILED, DONE = −1, and the thread ignores all but 'close'; it sets CLOSED when it ends, rolled back.
import type { MessagePort } from 'node:worker_threads';
import type { CommandName } from './writerCommands.js';
import type { SlotMemory } from './writerRows.js';

/** Positions of the Int32 words of `control`. */
export const SENT = 0;
export const DONE = 1;
export const FAILED = 2;
export const CLOSED = 3;
export const CONTROL_WORDS = 4;

/** What the thread gets when it starts (its workerData). */
export interface WriterSetup {
  file: string;
  /** Run on the thread's connection first: the caller's connection settings, then the writer's own. */
  pragmas: string[];
  port: MessagePort;
  control: SharedArrayBuffer;
}

export type WriterMessage =
  | { op: 'call'; name: CommandName; args: unknown[] }
  | { op: 'rows'; memory: SlotMemory; count: number; chatId: number; importId: number; first: boolean }
  | { op: 'rollback' }
  | { op: 'checkpoint' }
  | { op: 'close' };

export type WriterReply = { value: unknown } | { error: { message: string; code?: string } };
