import { homedir } from 'node:os';
import { timestamped, type CliIO } from './io.js';
import { run } from './run.js';

// A reader that stops early (`| head`) closes the pipe: that is the end of the output, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// The only place that touches the real process: everything else gets it through CliIO. Stderr, stdin
// and the time zone are looked up when first asked for: each costs start-up time (a stream, the ICU
// time-zone data) that `--version`, `chats` or a search that prints no date do not need.
let stderr: CliIO['stderr'] | undefined;
void run(process.argv.slice(2), {
  stdout: process.stdout,
  // In a log or a cron mail, each diagnostic line says when it was written.
  get stderr() {
    return (stderr ??= process.stderr.isTTY ? process.stderr : timestamped(process.stderr));
  },
  get stdinIsTTY() {
    return process.stdin.isTTY === true;
  },
  readLine,
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homedir: homedir(),
  get localTimeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  },
}).then((code) => {
  process.exitCode = code;
});

/** One line from stdin, for a confirmation question; null when stdin ends first. */
async function readLine(): Promise<string | null> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: process.stdin });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
  }
}
