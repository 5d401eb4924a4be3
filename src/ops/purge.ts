import type { PurgeDetails } from '../integrity/auditEntry.js';
import { cutoff } from '../retention/period.js';
import { recordAudit } from '../store/audit.js';
import { ArchiveError } from '../store/errors.js';
import type { Archive } from '../store/open.js';
import { deleteExpired, expiredSpan, scrubDatabase, sweepMediaFiles, type PurgeDeletion } from '../store/purge.js';
import { chatPolicies, countExpired, defaultPolicy } from '../store/retention.js';
import { OpError } from './errors.js';
import { policyTampering } from './policyCheck.js';

export interface PurgeOptions {
  now: Date;
  dryRun: boolean;
  onProgress?: (deleted: number, total: number) => void;
  /** After the deletion's commit ('deleted'), then after the files nothing uses are swept ('swept'). */
  onStep?: (step: 'deleted' | 'swept') => void;
}

/** One chat's expired messages: purged, or (dry run, plan) that would be. Times are ISO-8601 UTC. */
export interface PurgedChat {
  chat: string;
  messages: number;
  /** Attachments (with a stored file) of those messages. */
  media: number;
  /** Messages before this instant expire. */
  cutoff: string;
  period: string;
  presets: string[];
  oldest: string | null;
  newest: string | null;
}

export interface HeldChat {
  chat: string;
  reason: string;
  /** Expired messages the hold keeps. */
  wouldPurge: number;
  cutoff: string;
}

export interface PurgeResult {
  now: string;
  dryRun: boolean;
  /** No period is set anywhere: nothing ever expires. */
  noRetention: boolean;
  purged: PurgedChat[];
  held: HeldChat[];
  /** Messages purged (or that would be). */
  total: number;
  /** Attachment files deleted from media/ (none in a dry run or a plan). */
  filesRemoved: number;
  /**
   * False when the archive was busy (another wa-archive writing, or reading) before the database could be
   * rewritten without the deleted text's leftovers: the deletion stands, and the next purge finishes it.
   */
  wiped: boolean;
}

/** A chat to purge, with what the store needs. */
interface Planned extends PurgedChat {
  chatId: number;
  cutoffMs: number;
}

interface Plan {
  now: string;
  noRetention: boolean;
  chats: Planned[];
  held: HeldChat[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What a purge at `now` would delete, and what holds keep; reads only (for a confirmation prompt, and
 * status). `differences`: the policy check (policyTampering) the caller already made, not replayed again.
 */
export function planPurge(archive: Archive, now: Date, differences?: readonly string[]): PurgeResult {
  return result(makePlan(archive, now, differences), true, { filesRemoved: 0, wiped: true });
}

/**
 * Deletes every expired message of every chat without a hold, then the attachment files nothing refers
 * to, then rewrites the database so that no copy of the deleted text is left in any file (purge is the
 * one command that destroys data: each step is safe to interrupt, and a re-run finishes the job). A dry
 * run deletes nothing. Both record an audit entry.
 */
export function purgeExpired(archive: Archive, options: PurgeOptions): PurgeResult {
  const { now, dryRun } = options;
  if (dryRun) {
    const plan = makePlan(archive, now);
    recordAudit(archive, now.getTime(), { operation: 'purge', details: auditDetails(plan, true, []) });
    return result(plan, true, { filesRemoved: 0, wiped: true });
  }
  // Planned inside the deletion's transaction: no policy or hold can change between plan and deletion.
  let plan: Plan | undefined;
  const total = () => plan!.chats.reduce((n, c) => n + c.messages, 0);
  const deletion = deleteExpired(
    archive,
    () => (plan = makePlan(archive, now)).chats,
    { at: now.getTime(), details: (d) => auditDetails(applied(plan!, d), false, d.removed) },
    (deleted) => options.onProgress?.(deleted, total()),
  );
  const cleanup = { filesRemoved: 0, wiped: false };
  try {
    options.onStep?.('deleted');
    cleanup.filesRemoved = sweepMediaFiles(archive);
    options.onStep?.('swept');
    cleanup.wiped = scrubDatabase(archive);
  } catch (error) {
    if (!(error instanceof ArchiveError && error.code === 'busy')) throw error;
  }
  return result(applied(plan!, deletion), false, cleanup);
}

function makePlan(archive: Archive, now: Date, differences: readonly string[] = policyTampering(archive)): Plan {
  refuseTamperedPolicy(differences);
  const policies = chatPolicies(archive);
  const plan: Plan = {
    now: now.toISOString(),
    noRetention: defaultPolicy(archive) === null && policies.every((c) => c.policy === null),
    chats: [],
    held: [],
  };
  for (const { chatId, chat, policy, hold } of policies) {
    const cutoffMs = policy === null ? null : cutoff(policy, now);
    if (cutoffMs === null) continue;
    const messages = countExpired(archive, chatId, cutoffMs);
    if (hold !== null) {
      plan.held.push({ chat, reason: hold.reason, wouldPurge: messages, cutoff: iso(cutoffMs) });
    } else if (messages > 0) {
      const span = expiredSpan(archive, { chatId, cutoffMs });
      plan.chats.push({
        chatId, cutoffMs, chat, messages, media: span.media, cutoff: iso(cutoffMs), period: policy!.period, presets: policy!.presets,
        oldest: span.oldest === null ? null : iso(span.oldest), newest: span.newest === null ? null : iso(span.newest),
      });
    }
  }
  return plan;
}

/** Fails closed: a purge by a policy edited behind wa-archive's back could delete a held chat. */
function refuseTamperedPolicy(differences: readonly string[]): void {
  if (differences.length === 0) return;
  const more = differences.length > 1 ? ` (and ${differences.length - 1} more difference(s))` : '';
  throw new OpError(
    'tampered',
    `purge refused: the retention and holds in force are not what the audit log records: ${differences[0]}${more}`,
    'Nothing was deleted. "wa-archive verify" lists every difference. Restore the archive from a backup, or set the policy again with "wa-archive hold" and "wa-archive retention" (the log records that).',
  );
}

/** The plan with the counts of what was actually deleted. */
function applied(plan: Plan, deletion: PurgeDeletion): Plan {
  const deleted = new Map(deletion.chats.map((d) => [d.chatId, d]));
  const chats = plan.chats.flatMap((c) => {
    const d = deleted.get(c.chatId);
    return d === undefined ? [] : [{ ...c, messages: d.messages, media: d.media }];
  });
  return { ...plan, chats };
}

function result(plan: Plan, dryRun: boolean, cleanup: Pick<PurgeResult, 'filesRemoved' | 'wiped'>): PurgeResult {
  const purged = plan.chats.map(({ chatId: _id, cutoffMs: _ms, ...chat }) => chat);
  const total = purged.reduce((n, c) => n + c.messages, 0);
  return { now: plan.now, dryRun, noRetention: plan.noRetention, purged, held: plan.held, total, ...cleanup };
}

/** The audit entry: parameters and counts, never message text. */
function auditDetails(plan: Plan, dryRun: boolean, removed: PurgeDeletion['removed']): PurgeDetails {
  return {
    now: plan.now,
    dryRun,
    total: plan.chats.reduce((n, c) => n + c.messages, 0),
    chats: plan.chats.map(({ chat, period, presets, cutoff, messages, media }) => ({ chat, period, presets, cutoff, messages, media })),
    held: plan.held.map(({ chat, reason, wouldPurge }) => ({ chat, reason, wouldPurge })),
    removed,
  };
}
