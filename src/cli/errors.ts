import { ArchiveError, OpError } from '../ops/errors.js';
import type { CliIO } from './io.js';
import { ExitCode } from './exitCodes.js';
import { safeLine, safeText } from './safeText.js';

/** An error the CLI itself raises, with the exit code it means. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Prints `wa-archive: <what went wrong>` and a hint line on stderr, or with `json` one object
 * `{"error","hint","exit"}` on stdout (so a log of --json runs holds only JSON documents); returns the
 * exit code. Stack traces only with DEBUG.
 */
export function reportError(io: CliIO, error: unknown, json = false): ExitCode {
  const { message, hint, exitCode } = describe(error);
  if (json) {
    io.stdout.write(`${JSON.stringify({ error: message, hint: hint ?? null, exit: exitCode })}\n`);
  } else {
    // Messages echo names, file names and zip entries: shown safely (safeText.ts).
    io.stderr.write(`wa-archive: ${safeLine(message)}\n`);
    if (hint !== undefined) io.stderr.write(`hint: ${safeText(hint)}\n`);
  }
  if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${safeText(error.stack)}\n`);
  return exitCode;
}

function describe(error: unknown): { message: string; hint?: string; exitCode: ExitCode } {
  if (error instanceof CliError) return error;
  if (error instanceof OpError) return { ...error, message: error.message, exitCode: error.kind === 'usage' ? ExitCode.usage : ExitCode.failure };
  if (error instanceof ArchiveError) return { message: error.message, hint: error.hint, exitCode: error.code === 'busy' ? ExitCode.busy : ExitCode.failure };
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return { message: 'the disk is full; nothing of the failed step was kept', hint: 'Free some disk space and run the command again.', exitCode: ExitCode.failure };
  }
  if (code === 'SQLITE_CORRUPT') {
    return { message: 'the archive database is damaged', hint: 'Restore archive.db from a backup.', exitCode: ExitCode.failure };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `unexpected error: ${message}`, hint: 'Run again with DEBUG=1 for details, and report it.', exitCode: ExitCode.failure };
}
