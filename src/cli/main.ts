import { homedir } from 'node:os';
import { run } from './run.js';

// A reader that stops early (`| head`) closes the pipe: that is the end of the output, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// The only place that touches the real process: everything else gets it through CliIO.
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homedir: homedir(),
  localTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
});
