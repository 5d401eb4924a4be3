import { Writable } from 'node:stream';
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

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

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
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      if (text === '') return done();
      let stamped = '';
      for (const part of text.split(/(?<=\n)/)) {
        stamped += lineStart ? stamp() + part : part;
        lineStart = part.endsWith('\n');
      }
      if (stream.write(stamped)) done();
      else stream.once('drain', () => done());
    },
  });
  return Object.assign(out, { isTTY: false, columns: stream.columns });
}
