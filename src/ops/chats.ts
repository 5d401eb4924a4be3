import { summarizeChats, type ChatSummary } from '../store/chats.js';
import type { Archive } from '../store/open.js';
import { chatPolicies } from '../store/retention.js';

export interface ChatRow extends ChatSummary {
  /** The retention period in force (the chat's own, else the default) such as "5y", or null when none is set. */
  retention: string | null;
  hold: boolean;
}

export function listChats(archive: Archive): ChatRow[] {
  const policies = new Map(chatPolicies(archive).map((p) => [p.chat, p]));
  return summarizeChats(archive).map((c) => {
    const p = policies.get(c.name)!;
    return { ...c, retention: p.policy?.period ?? null, hold: p.hold !== null };
  });
}
