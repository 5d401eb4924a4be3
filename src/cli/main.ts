import { fstatSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { fdOut, timestamped, type CliIO } from './io.js';
import { run } from './run.js';

// A reader that stops early (`| head`) closes the pipe: that is the end of the output, not an error.
const closed = (): never => process.exit(process.exitCode ?? 0);

// The only place that touches the real process: everything else gets it through CliIO. Stderr, stdin
// and the time zone are looked up when first asked for: each costs start-up time (a stream, the ICU
// time-zone data) that `--version`, `chats` or a search that prints no date do not need. A pipe or a
// file is written directly (cli/io.ts fdOut); a terminal gets Node's stream (its width, progress bars).
let stderr: CliIO['stderr'] | undefined;
void run(process.argv.slice(2), {
  stdout: terminal(1) ? process.stdout : fdOut(1, closed),
  // In a log or a cron mail, each diagnostic line says when it was written.
  get stderr() {
    return (stderr ??= terminal(2) ? process.stderr : timestamped(fdOut(2, closed)));
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

/**
 * Whether the descriptor is a terminal; node:tty (which loads Node's sockets: ~9 ms) only for a character
 * device that is not /dev/null, where cron jobs send what they do not want mailed.
 */
function terminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || isDevNull(stat)) return false;
  } catch {
    return false;
  }
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

function isDevNull(stat: Stats): boolean {
  try {
    const devNull = statSync('/dev/null');
    return devNull.isCharacterDevice() && devNull.rdev === stat.rdev;
  } catch {
    return false;
  }
}

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
