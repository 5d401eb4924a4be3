import { dropAlias, listAliases, recordAlias, type StoredAlias } from '../store/aliases.js';
import { authorSpellings } from '../store/authors.js';
import type { ChatRef } from '../store/chats.js';
import type { Archive } from '../store/open.js';
import { OpError } from './errors.js';
import { matchName, nameChoices } from './names.js';
import { requireChat } from './chats.js';

/** An author of a chat with all its spellings: the messages, first and last are of every spelling. */
export interface AuthorView {
  chat: string;
  author: string;
  messages: number;
  first: string;
  last: string;
  /** The other spellings of this author in the chat (store/aliases.ts), in name order. */
  aliases: string[];
}

export interface AliasChange {
  chat: string;
  alias: string;
  author: string;
  status: 'added' | 'unchanged';
}

/** Who wrote a message: an author spelling of a chat → the spelling that names the person. */
export type PersonOf = (chatId: number, author: string) => string;

/** Resolves aliases (store/aliases.ts): the same person whatever spelling an export had. */
export function personResolver(archive: Archive): PersonOf {
  return resolverOf(listAliases(archive));
}

/** Every spelling of the person an author spelling stands for in a chat, itself included. */
export function spellingsResolver(archive: Archive): (chatId: number, author: string) => string[] {
  const aliases = listAliases(archive);
  const person = resolverOf(aliases);
  const groups = new Map<string, string[]>();
  for (const a of aliases) {
    const key = `${a.chatId}\u0000${a.author}`;
    groups.set(key, [...(groups.get(key) ?? [a.author]), a.alias]);
  }
  return (chatId, author) => groups.get(`${chatId}\u0000${person(chatId, author)}`) ?? [author];
}

function resolverOf(aliases: readonly StoredAlias[]): PersonOf {
  if (aliases.length === 0) return (_chatId, author) => author;
  const map = new Map(aliases.map((a) => [`${a.chatId}\u0000${a.alias}`, a.author]));
  return (chatId, author) => map.get(`${chatId}\u0000${author}`) ?? author;
}

/** Each author of each chat (or of `chat`), its spellings counted as one. */
export function listAuthors(archive: Archive, options: { chat?: string }): AuthorView[] {
  const chatIds = options.chat === undefined ? null : [requireChat(archive, options.chat).id];
  const aliases = listAliases(archive, chatIds);
  const person = resolverOf(aliases);
  const views = new Map<string, AuthorView & { chatId: number; firstTs: number; lastTs: number }>();
  for (const s of authorSpellings(archive, chatIds)) {
    const author = person(s.chatId, s.author);
    const key = `${s.chatId}\u0000${author}`;
    const view = views.get(key);
    if (view === undefined) {
      const others = aliases.filter((a) => a.chatId === s.chatId && a.author === author).map((a) => a.alias);
      views.set(key, { ...s, author, aliases: others });
      continue;
    }
    view.messages += s.messages;
    if (s.firstTs < view.firstTs) Object.assign(view, { first: s.first, firstTs: s.firstTs });
    if (s.lastTs > view.lastTs) Object.assign(view, { last: s.last, lastTs: s.lastTs });
  }
  return [...views.values()]
    .sort((a, b) => (a.chat < b.chat ? -1 : a.chat > b.chat ? 1 : b.messages - a.messages || (a.author < b.author ? -1 : 1)))
    .map(({ chat, author, messages, first, last, aliases: spellings }) => ({ chat, author, messages, first, last, aliases: spellings }));
}

/**
 * Makes `alias` another spelling of `author` in the chat (by hand, for what import cannot see). Both must
 * be authors there; their spellings all become one person, named `author`'s way.
 */
export function addAlias(archive: Archive, options: { chat?: string; alias: string; author: string; now: Date }): AliasChange {
  const chat = chatOf(archive, options.chat, options.alias);
  const aliases = listAliases(archive, [chat.id]);
  const known = knownNames(archive, chat, aliases);
  const [alias, author] = [requireAuthor(chat, known, options.alias), requireAuthor(chat, known, options.author)];
  const person = resolverOf(aliases);
  const [from, to] = [person(chat.id, alias), person(chat.id, author)];
  if (from === to) return { chat: chat.name, alias, author: to, status: 'unchanged' };
  recordAlias(archive, chat, { alias: from, author: to }, options.now.getTime());
  return { chat: chat.name, alias, author: to, status: 'added' };
}

/** Makes an alias a person of its own again. */
export function removeAlias(archive: Archive, options: { chat?: string; alias: string; now: Date }): Omit<AliasChange, 'status'> {
  const chat = chatOf(archive, options.chat, options.alias);
  const aliases = listAliases(archive, [chat.id]);
  const name = requireAuthor(chat, knownNames(archive, chat, aliases), options.alias);
  const alias = aliases.find((a) => a.alias === name);
  if (alias === undefined) {
    const own = aliases.filter((a) => a.author === name).map((a) => `"${a.alias}"`);
    throw new OpError(
      'not-found',
      `"${name}" is not an alias in "${chat.name}"`,
      own.length > 0 ? `It is the name its aliases stand for: remove those instead (${own.join(', ')}).` : '"wa-archive authors" lists the aliases.',
    );
  }
  dropAlias(archive, chat, alias, options.now.getTime());
  return { chat: chat.name, alias: alias.alias, author: alias.author };
}

/** The chat named, else the only chat where `author` (matched as ops/names.ts matchName does) is a spelling of an author. */
function chatOf(archive: Archive, name: string | undefined, author: string): ChatRef {
  if (name !== undefined) return requireChat(archive, name);
  const spellings = [
    ...authorSpellings(archive, null).map((s) => ({ chatId: s.chatId, chat: s.chat, author: s.author })),
    ...listAliases(archive).map((a) => ({ chatId: a.chatId, chat: a.chat, author: a.alias })),
  ];
  const match = matchName([...new Set(spellings.map((s) => s.author))], author);
  if (match.kind !== 'match') {
    const what = match.kind === 'ambiguous' ? `more than one author matches "${author}"` : `no chat has an author "${author}"`;
    throw new OpError('not-found', what, nameChoices(match, 'wa-archive authors', 'The archive has no authored messages yet.'));
  }
  const chats = new Map(spellings.filter((s) => s.author === match.name).map((s) => [s.chatId, s.chat]));
  if (chats.size === 1) {
    const [[id, chat]] = [...chats];
    return { id: id!, name: chat! };
  }
  throw new OpError('usage', `"${match.name}" writes in ${chats.size} chats`, `Say which with --chat (one of ${[...chats.values()].map((c) => `"${c}"`).join(', ')}).`);
}

/** Every spelling a chat's authors have had: those with messages and the recorded aliases. */
function knownNames(archive: Archive, chat: ChatRef, aliases: readonly StoredAlias[]): string[] {
  return [...new Set([...authorSpellings(archive, [chat.id]).map((s) => s.author), ...aliases.map((a) => a.alias)])];
}

/** The author spelling a person meant in a chat (matchName), else an error listing the likeliest. */
function requireAuthor(chat: ChatRef, known: readonly string[], typed: string): string {
  const match = matchName(known, typed);
  if (match.kind === 'match') return match.name;
  const what = match.kind === 'ambiguous' ? `more than one author in "${chat.name}" matches "${typed}"` : `"${typed}" has no messages in "${chat.name}"`;
  throw new OpError('not-found', what, nameChoices(match, 'wa-archive authors', 'This chat has no authored messages.'));
}
