import { readableRecords } from '../integrity/auditRead.js';
import { cutoff, parsePeriod, PeriodError } from '../retention/period.js';
import { archiveIdentity, latestAudit } from '../store/audit.js';
import type { Archive } from '../store/open.js';
import { chatPolicies, defaultPolicy } from '../store/retention.js';
import { archiveTotals } from '../store/stats.js';
import { lastVerifyRun } from '../store/verifyRuns.js';
import { OpError } from './errors.js';
import { policyTampering } from './policyCheck.js';
import { planPurge } from './purge.js';

export interface StatusOptions {
  now: Date;
  /** A period such as '8d': a purge or verify older than this (or none at all) is stale. */
  staleAfter?: string;
}

/** One past run of a command, from its audit entry. Times are ISO-8601 UTC. */
export interface LastImport {
  at: string;
  chat: string;
  source: string;
  added: number;
}
export interface LastPurge {
  at: string;
  messages: number;
}
export interface LastVerify {
  at: string;
  ok: boolean;
  problems: number;
}

export interface ArchiveStatus {
  archive: string;
  /** Bytes on disk: the database files and the stored attachments. */
  bytes: number;
  chats: number;
  messages: number;
  lastImport: LastImport | null;
  /** The last purge that ran (dry runs are not purges). */
  lastPurge: LastPurge | null;
  lastVerify: LastVerify | null;
  /** The default retention period, or null: nothing expires unless a chat has its own. */
  retention: string | null;
  holds: { chat: string; reason: string }[];
  /** Messages the next purge would delete; null when purge would refuse (see `policy`). */
  awaitingPurge: number | null;
  /** How the retention and holds in force differ from what the audit log set (purge then refuses); empty when they agree. */
  policy: string[];
  fingerprint: string;
  /** What has not run for longer than `staleAfter`, as sentences; empty when all is recent (or not asked). */
  stale: string[];
}

/** Where the archive stands: what it holds, what last ran and when, and what is overdue. Reads only. */
export function archiveStatus(archive: Archive, options: StatusOptions): ArchiveStatus {
  const { now } = options;
  const totals = archiveTotals(archive);
  const policy = policyTampering(archive);
  const lastImport = latestImport(archive);
  const lastPurge = latestPurge(archive);
  const run = lastVerifyRun(archive);
  const lastVerify = run === null ? null : { at: iso(run.at), ok: run.ok, problems: run.problems };
  return {
    archive: archive.dir,
    bytes: totals.bytes,
    chats: totals.chats,
    messages: totals.messages,
    lastImport,
    lastPurge,
    lastVerify,
    retention: defaultPolicy(archive)?.period ?? null,
    holds: chatPolicies(archive).flatMap((c) => (c.hold === null ? [] : [{ chat: c.chat, reason: c.hold.reason }])),
    awaitingPurge: policy.length > 0 ? null : planPurge(archive, now, policy).total,
    policy,
    fingerprint: archiveIdentity(archive).fingerprint,
    stale: options.staleAfter === undefined ? [] : staleness(options.staleAfter, now, lastPurge, lastVerify),
  };
}

function latestImport(archive: Archive): LastImport | null {
  for (const { entry, record } of readableRecords(latestAudit(archive, 'import'))) {
    if (record.operation === 'import') return { at: iso(entry.at), chat: record.details.chat, source: record.details.source, added: record.details.added };
  }
  return null;
}

/** The last purge that ran: dry runs are not purges. */
function latestPurge(archive: Archive): LastPurge | null {
  for (const { entry, record } of readableRecords(latestAudit(archive, 'purge'))) {
    if (record.operation === 'purge' && !record.details.dryRun) return { at: iso(entry.at), messages: record.details.total };
  }
  return null;
}

function staleness(staleAfter: string, now: Date, lastPurge: LastPurge | null, lastVerify: LastVerify | null): string[] {
  const limit = threshold(staleAfter, now);
  const check = (what: string, last: { at: string } | null): string[] => {
    if (last === null) return [`no ${what} has run yet`];
    return Date.parse(last.at) < limit ? [`the last ${what} ran on ${last.at}, more than ${staleAfter} ago`] : [];
  };
  return [...check('purge', lastPurge), ...check('verify', lastVerify)];
}

/** The instant `staleAfter` before now (UTC ms). */
function threshold(staleAfter: string, now: Date): number {
  const limit = lengthOfTime(staleAfter);
  if (limit === null) throw new OpError('usage', `--stale-after "${staleAfter}" is not a length of time`, 'Use a number of days, months or years such as 8d, 1m or 1y.');
  return cutoff({ period: limit, presets: [] }, now)!;
}

/** '8d', '1m', '1y' as a period; null for anything else ('forever' included). */
function lengthOfTime(text: string): string | null {
  try {
    const period = parsePeriod(text);
    return period === 'forever' ? null : period;
  } catch (error) {
    if (error instanceof PeriodError) return null;
    throw error;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
