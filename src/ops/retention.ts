import { cutoff, parsePeriod, PeriodError, presetPolicy, type Policy } from '../retention/period.js';
import type { ChatRef } from '../store/chats.js';
import type { Archive } from '../store/open.js';
import { chatPolicies, countExpired, defaultPolicy, nextToExpire, savePolicy, type RetentionChange } from '../store/retention.js';
import { OpError } from './errors.js';
import { requireChat } from './chats.js';

export type { RetentionChange };

export interface ChatRetention {
  chat: string;
  /** The period in force, or null: nothing expires. */
  period: string | null;
  presets: string[];
  /** Where the period comes from: the chat's own, the default, or none set. */
  source: 'chat' | 'default' | null;
  /** Messages before this instant (ISO-8601, UTC) have expired; null: none. */
  cutoff: string | null;
  hold: { reason: string; placedAt: string } | null;
  /** Expired messages the next purge deletes (unless the chat is held). */
  expired: number;
  /** The oldest message still kept, and when it expires. */
  next: { id: number; time: string; expiresAt: string } | null;
}

export interface RetentionView {
  now: string;
  default: Policy | null;
  chats: ChatRetention[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function showRetention(archive: Archive, now: Date): RetentionView {
  const chats = chatPolicies(archive).map((c): ChatRetention => {
    const at = c.policy === null ? null : cutoff(c.policy, now);
    const next = nextToExpire(archive, c, now);
    return {
      chat: c.chat,
      period: c.policy?.period ?? null,
      presets: c.policy?.presets ?? [],
      source: c.policy === null ? null : c.inherited ? 'default' : 'chat',
      cutoff: at === null ? null : iso(at),
      hold: c.hold === null ? null : { reason: c.hold.reason, placedAt: iso(c.hold.placedAt) },
      expired: at === null ? 0 : countExpired(archive, c.chatId, at),
      next: next === null ? null : { ...next, expiresAt: iso(next.expiresAt) },
    };
  });
  return { now: now.toISOString(), default: defaultPolicy(archive), chats };
}

export interface SetRetentionOptions {
  /** The chat whose own period is set; absent: the default. */
  chat?: string;
  period?: string;
  presets: string[];
  force: boolean;
  now: Date;
}

/** Sets a period by hand or from presets; shortening the period in force is refused without `force`. */
export function setRetention(archive: Archive, options: SetRetentionOptions): RetentionChange {
  const { period, presets, now } = options;
  if ((period === undefined) === (presets.length === 0)) {
    throw new OpError('usage', 'give either a PERIOD or --preset', 'For example "wa-archive retention set 5y" or "wa-archive retention set --preset finra-4511".');
  }
  const policy = usage(() => (period === undefined ? presetPolicy(presets, now) : { period: parsePeriod(period), presets: [] }));
  return savePolicy(archive, target(archive, options.chat), policy, options);
}

/** Removes the chat's own period (it falls back to the default) or the default (nothing expires). */
export function clearRetention(archive: Archive, options: { chat?: string; force: boolean; now: Date }): RetentionChange {
  return savePolicy(archive, target(archive, options.chat), null, options);
}

function target(archive: Archive, name: string | undefined): ChatRef | null {
  return name === undefined ? null : requireChat(archive, name);
}

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PeriodError) throw new OpError('usage', error.message, error.hint);
    throw error;
  }
}
