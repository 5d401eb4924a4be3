import { emptyPolicy, type PolicyState } from '../integrity/policy.js';
import { compareRetention, cutoff, expiresAt, samePolicy, type Policy } from '../retention/period.js';
import { appendAudit } from './audit.js';
import { mapBusy } from './errors.js';
import type { ChatRef } from './chats.js';
import { isoTime } from './messages.js';
import type { Archive } from './open.js';

export interface Hold {
  reason: string;
  placedAt: number;
}

/** The retention in force for one chat. */
export interface ChatPolicy {
  chatId: number;
  chat: string;
  /** The chat's own policy, else the default; null: nothing expires. */
  policy: Policy | null;
  /** The policy is the default's (the chat has none of its own). */
  inherited: boolean;
  hold: Hold | null;
}

interface PolicyRow {
  period: string;
  presets: string | null;
}

const toPolicy = (row: PolicyRow | undefined): Policy | null =>
  row === undefined ? null : { period: row.period, presets: row.presets === null ? [] : (JSON.parse(row.presets) as string[]) };

/** The default policy (chats without their own), or null. */
export function defaultPolicy(archive: Archive): Policy | null {
  return toPolicy(archive.db.prepare('SELECT period, presets FROM retention_policies WHERE chat_id IS NULL').get() as PolicyRow | undefined);
}

/** Every chat, by name, with the policy in force and its hold. */
export function chatPolicies(archive: Archive): ChatPolicy[] {
  const fallback = defaultPolicy(archive);
  const rows = archive.db
    .prepare(
      `SELECT c.id, c.name, p.period, p.presets, h.reason, h.placed_at AS placedAt
         FROM chats c LEFT JOIN retention_policies p ON p.chat_id = c.id LEFT JOIN holds h ON h.chat_id = c.id
        ORDER BY c.name`,
    )
    .all() as (PolicyRow & { id: number; name: string; period: string | null; reason: string | null; placedAt: number | null })[];
  return rows.map((r) => {
    const own = r.period === null ? null : toPolicy(r);
    return {
      chatId: r.id,
      chat: r.name,
      policy: own ?? fallback,
      inherited: own === null && fallback !== null,
      hold: r.reason === null ? null : { reason: r.reason, placedAt: r.placedAt! },
    };
  });
}

/** The retention and holds in the tables, by chat name (a row of a chat that is not there: "#chat_id"). */
export function policyInForce(archive: Archive): PolicyState {
  const state = emptyPolicy();
  state.default = defaultPolicy(archive);
  const chat = "coalesce(c.name, '#' || t.chat_id)";
  const policies = archive.db
    .prepare(`SELECT ${chat} AS name, t.period, t.presets FROM retention_policies t LEFT JOIN chats c ON c.id = t.chat_id WHERE t.chat_id IS NOT NULL`)
    .all() as (PolicyRow & { name: string })[];
  for (const row of policies) state.chats.set(row.name, toPolicy(row)!);
  const holds = archive.db
    .prepare(`SELECT ${chat} AS name, t.reason, t.placed_at AS placedAt FROM holds t LEFT JOIN chats c ON c.id = t.chat_id`)
    .all() as Array<{ name: string; reason: string; placedAt: number }>;
  for (const { name, reason, placedAt } of holds) state.holds.set(name, { reason, placedAt });
  return state;
}

/** How many messages of the chat are older than the cutoff (UTC ms). */
export function countExpired(archive: Archive, chatId: number, cutoffMs: number): number {
  return archive.db.prepare('SELECT count(*) FROM messages WHERE chat_id = ? AND ts < ?').pluck().get(chatId, cutoffMs) as number;
}

export interface NextExpiry {
  id: number;
  /** The message's time, ISO-8601 with the offset of its import's zone. */
  time: string;
  /** The first instant (UTC ms) at which it counts as expired. */
  expiresAt: number;
}

/** The chat's oldest message still kept at `now`, and when it expires; null when none will. */
export function nextToExpire(archive: Archive, chat: ChatPolicy, now: Date): NextExpiry | null {
  if (chat.policy === null) return null;
  const from = cutoff(chat.policy, now);
  if (from === null) return null;
  const oldest = archive.db
    .prepare('SELECT id, local, ts FROM messages WHERE chat_id = ? AND ts >= ? ORDER BY ts, id LIMIT 1')
    .get(chat.chatId, from) as { id: number; local: string; ts: number } | undefined;
  if (oldest === undefined) return null;
  return { id: oldest.id, time: isoTime(oldest.local, oldest.ts), expiresAt: expiresAt(chat.policy, oldest.ts)! };
}

export interface RetentionChange {
  /** The chat whose own policy changes; null: the default. */
  chat: string | null;
  /** The scope's own policy before and after (for a chat: null = it follows the default). */
  old: Policy | null;
  new: Policy | null;
  /** The policy in force for the scope's chats before and after (a chat without its own follows the default). */
  inForceBefore: Policy | null;
  inForceAfter: Policy | null;
  /** The policy in force keeps less than before (needs force). */
  shortened: boolean;
  /** refused: it shortens and force was not given; unchanged: the policy was already so. Both write nothing. */
  status: 'applied' | 'unchanged' | 'refused';
  /** Per chat the change applies to: messages that the next purge may delete and could not before. */
  chats: { chat: string; eligible: number; held: boolean }[];
}

/**
 * Sets (or, with null, clears) the default's or a chat's own policy, with its audit entry, in one
 * transaction. Shortening what is in force is written only with `force`.
 */
export function savePolicy(archive: Archive, chat: ChatRef | null, policy: Policy | null, options: { force: boolean; now: Date }): RetentionChange {
  const { db } = archive;
  const { now, force } = options;
  const change = db.transaction((): RetentionChange => {
    const fallback = defaultPolicy(archive);
    const affected = chatPolicies(archive).filter((c) => (chat === null ? c.policy === null || c.inherited : c.chatId === chat.id));
    const old = chat === null ? fallback : toPolicy(db.prepare('SELECT period, presets FROM retention_policies WHERE chat_id = ?').get(chat.id) as PolicyRow | undefined);
    const before = chat === null ? fallback : (old ?? fallback);
    const after = chat === null ? policy : (policy ?? fallback);
    const shortened = before !== null && compareRetention(after, before, now) < 0;
    const result: RetentionChange = {
      chat: chat?.name ?? null,
      old,
      new: policy,
      inForceBefore: before,
      inForceAfter: after,
      shortened,
      status: samePolicy(old, policy) ? 'unchanged' : shortened && !force ? 'refused' : 'applied',
      chats: affected.map((c) => ({ chat: c.chat, eligible: newlyEligible(archive, c.chatId, before, after, now), held: c.hold !== null })),
    };
    if (result.status !== 'applied') return result;
    db.prepare('DELETE FROM retention_policies WHERE chat_id IS ?').run(chat?.id ?? null);
    if (policy !== null) {
      db.prepare('INSERT INTO retention_policies (chat_id, period, presets, set_at) VALUES (?, ?, ?, ?)').run(
        chat?.id ?? null, policy.period, policy.presets.length === 0 ? null : JSON.stringify(policy.presets), now.getTime(),
      );
    }
    appendAudit(db, now.getTime(), {
      operation: 'retention',
      details: {
        scope: chat === null ? 'default' : 'chat',
        chat: chat?.name ?? null,
        action: policy === null ? 'clear' : 'set',
        old,
        new: policy,
        inForceBefore: before,
        inForceAfter: after,
        force,
        shortened,
        eligible: result.chats.filter((c) => c.eligible > 0).map((c) => ({ chat: c.chat, messages: c.eligible, held: c.held })),
      },
    });
    return result;
  });
  return immediate(change);
}

function newlyEligible(archive: Archive, chatId: number, before: Policy | null, after: Policy | null, now: Date): number {
  const expired = (policy: Policy | null) => {
    const at = policy === null ? null : cutoff(policy, now);
    return at === null ? 0 : countExpired(archive, chatId, at);
  };
  return Math.max(0, expired(after) - expired(before));
}

export interface HoldChange {
  status: 'placed' | 'updated' | 'unchanged';
  /** The reason the chat was held for before; null when it was not held. */
  previousReason: string | null;
}

/** Places a hold on the chat, or changes the reason of the one it has; with its audit entry. */
export function saveHold(archive: Archive, chat: ChatRef, reason: string, now: Date): HoldChange {
  const { db } = archive;
  return immediate(
    db.transaction((): HoldChange => {
      const previous = db.prepare('SELECT reason FROM holds WHERE chat_id = ?').pluck().get(chat.id) as string | undefined;
      if (previous === reason) return { status: 'unchanged', previousReason: previous };
      if (previous === undefined) db.prepare('INSERT INTO holds (chat_id, reason, placed_at) VALUES (?, ?, ?)').run(chat.id, reason, now.getTime());
      else db.prepare('UPDATE holds SET reason = ? WHERE chat_id = ?').run(reason, chat.id);
      const action = previous === undefined ? 'add' : 'update';
      appendAudit(db, now.getTime(), { operation: 'hold', details: { chat: chat.name, action, reason, previousReason: previous ?? null } });
      return { status: previous === undefined ? 'placed' : 'updated', previousReason: previous ?? null };
    }),
  );
}

/** Lifts the chat's hold, with its audit entry; returns the hold lifted, or null when there was none. */
export function liftHold(archive: Archive, chat: ChatRef, now: Date): Hold | null {
  const { db } = archive;
  return immediate(
    db.transaction((): Hold | null => {
      const hold = db.prepare('SELECT reason, placed_at AS placedAt FROM holds WHERE chat_id = ?').get(chat.id) as Hold | undefined;
      if (hold === undefined) return null;
      db.prepare('DELETE FROM holds WHERE chat_id = ?').run(chat.id);
      appendAudit(db, now.getTime(), { operation: 'hold', details: { chat: chat.name, action: 'remove', reason: hold.reason, placedAt: hold.placedAt } });
      return hold;
    }),
  );
}

function immediate<T>(write: { immediate(): T }): T {
  return mapBusy(() => write.immediate());
}
