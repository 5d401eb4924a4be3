import type { Archive } from '../store/open.js';
import { chatPolicies, liftHold, saveHold, type HoldChange } from '../store/retention.js';
import { OpError } from './errors.js';
import { requireChat } from './chats.js';

export interface HoldView {
  chat: string;
  reason: string;
  /** ISO-8601, UTC. */
  placedAt: string;
}

/** Places a legal hold on a chat (a held chat is never purged), or changes the reason of its hold. */
export function addHold(archive: Archive, options: { chat: string; reason: string; now: Date }): HoldChange & { chat: string } {
  const reason = options.reason.trim();
  if (reason === '') throw new OpError('usage', 'the reason of a hold cannot be empty', 'Say why the chat is held, e.g. --reason "litigation 2024-117".');
  const chat = requireChat(archive, options.chat);
  return { ...saveHold(archive, chat, reason, options.now), chat: chat.name };
}

/** Lifts a chat's hold; its messages are purged again as their period says. */
export function removeHold(archive: Archive, options: { chat: string; now: Date }): HoldView {
  const chat = requireChat(archive, options.chat);
  const hold = liftHold(archive, chat, options.now);
  if (hold === null) throw new OpError('not-found', `chat "${chat.name}" has no hold`, '"wa-archive hold list" shows the held chats.');
  return { chat: chat.name, reason: hold.reason, placedAt: new Date(hold.placedAt).toISOString() };
}

export function listHolds(archive: Archive): HoldView[] {
  return chatPolicies(archive).flatMap((c) =>
    c.hold === null ? [] : [{ chat: c.chat, reason: c.hold.reason, placedAt: new Date(c.hold.placedAt).toISOString() }],
  );
}
