import { writeSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';

/** Everything the CLI takes from the process, so that tests can run it in-process. */
export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  stdinIsTTY: boolean;
  /** Reads one line typed on stdin (null at its end); absent where there is no one to ask. */
  readLine?: () => Promise<string | null>;
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  homedir: string;
  /** This machine's IANA zone, the default for `import --tz`. */
  localTimeZone: string;
}

/** Where output goes: a terminal's stream, a pipe or file written directly (fdOut), or a test's capture. */
export interface OutStream {
  /** false: wait for 'drain' before writing more. */
  write(text: string | Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Lets a non-blocking descriptor's reader catch up before the next try. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A pipe or a file, written synchronously: a whole write has reached the descriptor when write() returns, as
 * with Node's own stream for a pipe or file on Linux, without loading Node's stream and socket modules at
 * every start. `closed` runs when the reader has gone (a pipe to `head`): that is the end of the output.
 */
export function fdOut(fd: number, closed: () => never): OutStream {
  return {
    isTTY: false,
    write(text) {
      let bytes = typeof text === 'string' ? Buffer.from(text) : text;
      while (bytes.length > 0) {
        try {
          bytes = bytes.subarray(writeSync(fd, bytes));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') closed();
          if (code !== 'EAGAIN') throw error;
          Atomics.wait(pause, 0, 0, 1);
        }
      }
      return true;
    },
    once: () => undefined,
  };
}

/** Writes to a stream, waiting when it asks us to (a pipe to `less` must not buffer a million lines). */
export async function writeOut(stream: OutStream, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/** Colour: off with --no-color or a non-empty NO_COLOR; on with FORCE_COLOR; else when the stream is a terminal. */
export function colorsFor(io: CliIO, stream: OutStream, colorOption: boolean): ChalkInstance {
  const { NO_COLOR, FORCE_COLOR } = io.env;
  let on: boolean;
  if (!colorOption || (NO_COLOR !== undefined && NO_COLOR !== '')) on = false;
  else if (FORCE_COLOR !== undefined && FORCE_COLOR !== '0' && FORCE_COLOR !== 'false') on = true;
  else on = stream.isTTY === true;
  return new Chalk({ level: on ? 1 : 0 });
}

/**
 * Stderr for a log or a cron mail: each line starts with the time it was written (ISO-8601 UTC), so a
 * log appended to night after night says when each line happened. Only for a stream that is no terminal.
 */
export function timestamped(stream: OutStream): OutStream {
  let lineStart = true;
  const stamp = () => `${new Date().toISOString().slice(0, 19)}Z `;
  return {
    isTTY: false,
    columns: stream.columns,
    write(chunk) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      let stamped = '';
      for (const part of text.split(/(?<=\n)/)) {
        if (part === '') continue;
        stamped += lineStart ? stamp() + part : part;
        lineStart = part.endsWith('\n');
      }
      return stamped === '' || stream.write(stamped);
    },
    once: (event, listener) => stream.once(event, listener),
  };
}
