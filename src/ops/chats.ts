import { summarizeChats, type ChatSummary } from '../store/chats.js';
import type { Archive } from '../store/open.js';

export interface ChatRow extends ChatSummary {
  /** Retention period such as "5y", or null when none is set (retention arrives with purge). */
  retention: string | null;
  hold: boolean;
}

export function listChats(archive: Archive): ChatRow[] {
  return summarizeChats(archive).map((c) => ({ ...c, retention: null, hold: false }));
}
