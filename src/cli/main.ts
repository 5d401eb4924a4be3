import { homedir } from 'node:os';
import { timestamped } from './io.js';
import { run } from './run.js';

// A reader that stops early (`| head`) closes the pipe: that is the end of the output, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// The only place that touches the real process: everything else gets it through CliIO.
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  // In a log or a cron mail, each diagnostic line says when it was written.
  stderr: process.stderr.isTTY ? process.stderr : timestamped(process.stderr),
  stdinIsTTY: process.stdin.isTTY === true,
  readLine,
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homedir: homedir(),
  localTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
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
