import { TZDate } from '@date-fns/tz';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from './errors.js';
import { ExitCode } from './exitCodes.js';
import { colorsFor, type CliIO } from './io.js';
import { killPoint, type KillPoint } from './killPoint.js';
import type { ChalkInstance } from 'chalk';
import pkg from '../../package.json' with { type: 'json' };

export interface GlobalOptions {
  archive?: string;
  json?: boolean;
  quiet?: boolean;
  color: boolean;
}

/** What every command needs, resolved once from global options and the environment. */
export interface Context {
  io: CliIO;
  /** This wa-archive's version. */
  version: string;
  archiveDir: string;
  json: boolean;
  quiet: boolean;
  now: Date;
  /** The local date now (YYYY-MM-DD, in this machine's zone): what relative dates such as --since 7d count back from. */
  today: string;
  busyTimeoutMs: number;
  /** Colours for stdout and stderr (each decided by its own stream). */
  out: ChalkInstance;
  err: ChalkInstance;
  /** Progress is drawn only on a terminal, and never with -q. */
  showProgress: boolean;
  /** Marks a point a crash test can stop the process at (cli/killPoint.ts); does nothing otherwise. */
  reached: (point: KillPoint) => void;
}

const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

export function makeContext(io: CliIO, options: GlobalOptions): Context {
  const now = clock(io);
  let today: string | undefined;
  return {
    io,
    version: pkg.version,
    archiveDir: archiveDir(io, options.archive),
    json: options.json === true,
    quiet: options.quiet === true,
    now,
    // Worked out when first read (a relative date): the time-zone data it needs costs about a third of
    // Node's own start, which a command without a relative date does not pay.
    get today() {
      return (today ??= new TZDate(now, io.localTimeZone).toISOString().slice(0, 10));
    },
    busyTimeoutMs: busyTimeout(io),
    out: colorsFor(io, io.stdout, options.color),
    err: colorsFor(io, io.stderr, options.color),
    showProgress: io.stderr.isTTY === true && options.quiet !== true,
    reached: killPoint(io),
  };
}

/** --archive, else $WA_ARCHIVE_DIR, else the platform's data folder. */
export function archiveDir(io: CliIO, option: string | undefined): string {
  const chosen = option ?? io.env.WA_ARCHIVE_DIR;
  if (chosen !== undefined && chosen !== '') return isAbsolute(chosen) ? chosen : resolve(io.cwd, chosen);
  switch (io.platform) {
    case 'darwin':
      return join(io.homedir, 'Library', 'Application Support', 'wa-archive');
    case 'win32':
      return join(io.env.LOCALAPPDATA ?? join(io.homedir, 'AppData', 'Local'), 'wa-archive');
    default:
      return join(io.env.XDG_DATA_HOME || join(io.homedir, '.local', 'share'), 'wa-archive');
  }
}

/** WA_ARCHIVE_NOW (ISO-8601 instant) replaces the clock, for tests and replaying a schedule. */
function clock(io: CliIO): Date {
  const text = io.env.WA_ARCHIVE_NOW;
  if (text === undefined || text === '') return new Date();
  const now = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(now.getTime())) {
    throw new CliError(`WA_ARCHIVE_NOW "${text}" is not an ISO-8601 instant`, ExitCode.usage, 'Use a form like 2026-01-31T12:00:00Z, or unset it.');
  }
  return now;
}

function busyTimeout(io: CliIO): number {
  const text = io.env.WA_ARCHIVE_BUSY_TIMEOUT;
  if (text === undefined || text === '') return DEFAULT_BUSY_TIMEOUT_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new CliError(`WA_ARCHIVE_BUSY_TIMEOUT "${text}" is not a number of milliseconds`, ExitCode.usage, 'Use a whole number such as 30000, or unset it.');
  }
  return ms;
}
