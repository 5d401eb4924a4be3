import { archiveIdentity, auditEntries } from '../store/audit.js';
import type { Archive } from '../store/open.js';
import { localRange, type Today } from './range.js';
import { instantResolver } from './time.js';

export interface LogEntry {
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  operation: string;
  details: Record<string, unknown>;
  hash: string;
}

export interface LogResult {
  fingerprint: string;
  entries: LogEntry[];
}

export interface LogOptions {
  /** A local date or time (as `show --since` takes), in `zone`. */
  since?: string;
  zone: string;
  /** The local date now (YYYY-MM-DD), for --since 7d. */
  today: Today;
}

/** The audit log, oldest first. */
export function readLog(archive: Archive, options: LogOptions): LogResult {
  const since = options.since === undefined ? null : localInstant(localRange(options.since, undefined, options.today).from!, options.zone);
  const entries = [...auditEntries(archive, since)].map((e) => ({
    seq: e.seq,
    at: new Date(e.at).toISOString(),
    operation: e.operation,
    details: JSON.parse(e.details) as Record<string, unknown>,
    hash: e.hash,
  }));
  return { fingerprint: archiveIdentity(archive).fingerprint, entries };
}

/** 'YYYY-MM-DD[ HH:MM[:SS]]' in `zone` to UTC milliseconds. */
function localInstant(text: string, zone: string): number {
  const [year, month, day, hour = 0, minute = 0, second = 0] = text.split(/[- :]/).map(Number);
  return instantResolver(zone)({ year: year!, month: month!, day: day!, hour, minute, second });
}
