import type { Archive } from '../store/open.js';
import { chatNames, findChat, getMessage, iterateChat, messagesAround, type ChatRef, type MessageView } from '../store/messages.js';
import { OpError } from './errors.js';
import { localRange } from './range.js';

export interface ShowOptions {
  chat: string;
  since?: string;
  until?: string;
  around?: number;
  context: number;
}

export interface ShowResult {
  chat: string;
  /** Streamed: iterate once. */
  messages: Iterable<MessageView>;
}

export function showChat(archive: Archive, options: ShowOptions): ShowResult {
  const chat = requireChat(archive, options.chat);
  const range = localRange(options.since, options.until);
  if (options.around === undefined) return { chat: chat.name, messages: iterateChat(archive, chat.id, range) };
  const target = getMessage(archive, options.around);
  if (target === undefined || target.chat !== chat.name) {
    throw new OpError('not-found', `no message ${options.around} in chat "${options.chat}"`, 'Use an id that "wa-archive search --json" printed for this chat.');
  }
  const { before, after } = messagesAround(archive, options.around, options.context);
  return { chat: chat.name, messages: [...before, target, ...after] };
}

/** The chat of that name (exact, else the only one matching without case), else an error listing the chats. */
export function requireChat(archive: Archive, name: string): ChatRef {
  const chat = findChat(archive, name);
  if (chat === undefined) throw unknownChat(archive, name);
  return chat;
}

export function unknownChat(archive: Archive, name: string): OpError {
  const names = chatNames(archive);
  const hint = names.length === 0 ? 'The archive has no chats yet.' : `Chats: ${names.slice(0, 10).map((n) => `"${n}"`).join(', ')}${names.length > 10 ? ', …' : ''}. "wa-archive chats" lists them all.`;
  return new OpError('not-found', `no chat named "${name}"`, hint);
}
