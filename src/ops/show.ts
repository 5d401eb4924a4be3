import type { Archive } from '../store/open.js';
import { chatNames, findChat, getMessage, iterateChat, messagesAround, type ChatRef, type MessageView } from '../store/messages.js';
import { OpError } from './errors.js';
import { matchName, nameChoices } from './names.js';
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
