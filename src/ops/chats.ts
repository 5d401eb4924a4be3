import { chatNames, chatSummaries, findChat, type ChatRef } from '../store/chats.js';
import { isoTime } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { chatPolicies } from '../store/retention.js';
import { OpError } from './errors.js';
import { matchName, nameChoices } from './names.js';

export interface ChatRow {
  /** The chat's name (`chat`, as in every --json). */
  chat: string;
  messages: number;
  /** ISO-8601 with the offset of the import's zone, or null without messages. */
  first: string | null;
  last: string | null;
  /** Author spellings, most messages first. */
  authors: string[];
  /** The retention period in force (the chat's own, else the default) such as "5y", or null when none is set. */
  retention: string | null;
  hold: boolean;
}

export function listChats(archive: Archive): ChatRow[] {
  const policies = new Map(chatPolicies(archive).map((p) => [p.chat, p]));
  return chatSummaries(archive, { authors: true }).map((c) => {
    const p = policies.get(c.name)!;
    return {
      chat: c.name,
      messages: c.messages,
      first: c.first === null ? null : isoTime(c.first.local, c.first.ts),
      last: c.last === null ? null : isoTime(c.last.local, c.last.ts),
      authors: c.authors!,
      retention: p.policy?.period ?? null,
      hold: p.hold !== null,
    };
  });
}

/**
 * The chat a person meant (ops/names.ts matchName: exact, then ignoring case, then a unique word start or
 * part), else an error listing the likeliest chats.
 */
export function requireChat(archive: Archive, name: string): ChatRef {
  const exact = findChat(archive, name);
  if (exact !== undefined) return exact;
  const match = matchName(chatNames(archive), name);
  if (match.kind === 'match') return findChat(archive, match.name)!;
  const what = match.kind === 'ambiguous' ? `more than one chat matches "${name}"` : `no chat named "${name}"`;
  throw new OpError('not-found', what, nameChoices(match, 'wa-archive chats'));
}
