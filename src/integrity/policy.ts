// The retention and holds in force are what the audit log's 'retention' and 'hold' entries made them:
// replaying those entries gives the policy that must be in the tables, so an edit of a table made behind
// wa-archive's back (a hold row deleted, a period shortened) shows as a difference.
import { samePolicy, type Policy } from '../retention/period.js';
import type { AuditRecord } from './auditEntry.js';

/** Retention and holds by chat name (as the audit log names chats). */
export interface PolicyState {
  /** The default policy; null: none. */
  default: Policy | null;
  /** Chats with a policy of their own. */
  chats: Map<string, Policy>;
  holds: Map<string, { reason: string; placedAt: number }>;
}

export const emptyPolicy = (): PolicyState => ({ default: null, chats: new Map(), holds: new Map() });

/** Applies one audit entry, written at `at`, to `state`; entries other than 'retention' and 'hold' change nothing. */
export function replayPolicy(state: PolicyState, record: AuditRecord, at: number): void {
  if (record.operation === 'retention') {
    const { scope, chat, new: policy } = record.details;
    if (scope === 'default') state.default = policy;
    else if (policy === null) state.chats.delete(chat!);
    else state.chats.set(chat!, policy);
  } else if (record.operation === 'hold') {
    const { chat, action, reason } = record.details;
    if (action === 'remove') state.holds.delete(chat);
    // An 'update' changes the reason of a hold and keeps when it was placed.
    else state.holds.set(chat, { reason, placedAt: (action === 'update' ? state.holds.get(chat)?.placedAt : undefined) ?? at });
  }
}

/** Each way the policy in force differs from the logged one, in words; [] when they are the same. */
export function policyDifferences(logged: PolicyState, inForce: PolicyState): string[] {
  const found: string[] = [];
  if (!samePolicy(logged.default, inForce.default)) {
    found.push(`the default retention is ${describe(inForce.default)}, but the audit log set it to ${describe(logged.default)}`);
  }
  for (const chat of names(logged.chats, inForce.chats)) {
    const want = logged.chats.get(chat) ?? null;
    const have = inForce.chats.get(chat) ?? null;
    if (!samePolicy(want, have)) found.push(`chat "${chat}" has ${own(have)}, but the audit log gives it ${own(want)}`);
  }
  for (const chat of names(logged.holds, inForce.holds)) {
    const want = logged.holds.get(chat);
    const have = inForce.holds.get(chat);
    if (have === undefined) found.push(`chat "${chat}" has no hold, but the audit log placed one ("${want!.reason}") that was never lifted`);
    else if (want === undefined) found.push(`chat "${chat}" has a hold ("${have.reason}") that the audit log never placed`);
    else if (want.reason !== have.reason || want.placedAt !== have.placedAt) {
      found.push(`chat "${chat}"'s hold is "${have.reason}" placed ${iso(have.placedAt)}, but the audit log says "${want.reason}" placed ${iso(want.placedAt)}`);
    }
  }
  return found;
}

const names = (a: Map<string, unknown>, b: Map<string, unknown>) => [...new Set([...a.keys(), ...b.keys()])].sort();
const iso = (ms: number) => new Date(ms).toISOString();
const describe = (p: Policy | null) => (p === null ? 'not set' : p.presets.length === 0 ? p.period : `${p.period} (${p.presets.join(', ')})`);
const own = (p: Policy | null) => (p === null ? 'no retention of its own' : `a retention of ${describe(p)}`);
