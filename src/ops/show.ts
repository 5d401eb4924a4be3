import type { Archive } from '../store/open.js';
import { chatMessages, chatMessagesJson, getMessage, messagesAround, type MessageView } from '../store/messages.js';
import { requireChat } from './chats.js';
import { OpError } from './errors.js';
import { localRange, type Today } from './range.js';

export interface ShowOptions {
  /** The chat; may be left out with `around` (ids are archive-wide). */
  chat?: string;
  since?: string;
  until?: string;
  around?: number;
  context: number;
  /** The local date now (YYYY-MM-DD), for --since 7d. */
  today: Today;
}

export interface ShowResult {
  chat: string;
  /** Streamed: iterate once. */
  messages: Iterable<MessageView>;
  /** The same messages as JSON outputs write them, streamed: iterate once (instead of `messages`). */
  json: Iterable<string>;
}

export function showChat(archive: Archive, options: ShowOptions): ShowResult {
  if (options.around === undefined) {
    if (options.chat === undefined) throw new OpError('usage', 'name a chat, or a message with --around ID', 'For example "wa-archive show \"Priya Shah\"" or "wa-archive show --around 17".');
    const chat = requireChat(archive, options.chat);
    const filter = { range: localRange(options.since, options.until, options.today) };
    return { chat: chat.name, messages: chatMessages(archive, chat, filter), json: chatMessagesJson(archive, chat, filter) };
  }
  const chat = options.chat === undefined ? undefined : requireChat(archive, options.chat);
  const target = getMessage(archive, options.around);
  if (target === undefined || (chat !== undefined && target.chat !== chat.name)) {
    const where = chat === undefined ? 'in the archive' : `in chat "${chat.name}"`;
    throw new OpError('not-found', `no message ${options.around} ${where}`, 'Use an id that "wa-archive search" printed (#17) or "wa-archive search --json" gave.');
  }
  const { before, after } = messagesAround(archive, options.around, options.context);
  const messages = [...before, target, ...after];
  const json = chatMessagesJson(archive, chat ?? requireChat(archive, target.chat), { ids: messages.map((m) => m.id) });
  return { chat: target.chat, messages, json };
}
