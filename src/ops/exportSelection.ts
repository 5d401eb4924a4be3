import type { ExportChat } from '../export/types.js';
import { allChats, type ChatRef } from '../store/chats.js';
import { chatHasMessages } from '../store/export.js';
import { chatMessages, chatMessagesJson, type LocalRange, type MessageFilter } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { personResolver } from './authors.js';
import { absoluteDate, localRange, type Today } from './range.js';
import { searchMessages } from './search.js';
import { requireChat } from './chats.js';

export interface ExportSelection {
  /** Chat names as `show` takes them; none or empty: every chat. */
  chats?: string[];
  since?: string;
  until?: string;
  /** The messages `search QUERY` finds (all of them). */
  query?: string;
  /** The local date now (YYYY-MM-DD), for --since 7d. */
  today: Today;
}

/** The selection with times ago (--since 7d) as the dates they mean, so records of it (audit, manifest, html) stay true. */
export function absoluteSelection(selection: ExportSelection): ExportSelection {
  const { since, until, today } = selection;
  return { ...selection, since: since === undefined ? undefined : absoluteDate(since, today), until: until === undefined ? undefined : absoluteDate(until, today) };
}

/** The selection as an audit entry records it: without the clock it was read with. */
export function recordedSelection(selection: ExportSelection): Omit<ExportSelection, 'today'> {
  const { today: _today, ...chosen } = absoluteSelection(selection);
  return chosen;
}

/**
 * The chats and messages an export holds: the named chats in the order named (else every chat by name),
 * each with the messages the dates and the query select; a chat with none is left out. A chat's messages
 * are read from the archive only as they are iterated (once each).
 */
export async function selectExport(archive: Archive, selection: ExportSelection): Promise<ExportChat[]> {
  const range = localRange(selection.since, selection.until, selection.today);
  const named = selection.chats !== undefined && selection.chats.length > 0;
  const chats = named ? namedChats(archive, selection.chats!) : allChats(archive);
  const hits = selection.query === undefined ? undefined : await searchHits(archive, chats, named, { ...selection, query: selection.query });
  const selected: ExportChat[] = [];
  const person = personResolver(archive);
  for (const chat of chats) {
    const filter = hits === undefined ? inRange(archive, chat, range) : withIds(hits.get(chat.name));
    if (filter === undefined) continue;
    selected.push({
      name: chat.name,
      messages: { [Symbol.iterator]: () => chatMessages(archive, chat, filter) },
      json: { [Symbol.iterator]: () => chatMessagesJson(archive, chat, filter) },
      person: (a) => person(chat.id, a),
    });
  }
  return selected;
}

function inRange(archive: Archive, chat: ChatRef, range: LocalRange): MessageFilter | undefined {
  return chatHasMessages(archive, chat.id, range) ? { range } : undefined;
}

function withIds(ids: Set<number> | undefined): MessageFilter | undefined {
  return ids === undefined ? undefined : { ids: [...ids] };
}

function namedChats(archive: Archive, names: readonly string[]): ChatRef[] {
  const chats = new Map<number, ChatRef>();
  for (const name of names) {
    const chat = requireChat(archive, name);
    chats.set(chat.id, chat);
  }
  return [...chats.values()];
}

/**
 * The ids of the messages `search QUERY` finds, by chat name. With named chats, one search per chat
 * (as `search QUERY --chat NAME`, so a query of only -words has its filter), keeping that chat's hits.
 */
async function searchHits(
  archive: Archive,
  chats: readonly ChatRef[],
  named: boolean,
  selection: ExportSelection & { query: string },
): Promise<Map<string, Set<number>>> {
  const base = { query: selection.query, since: selection.since, until: selection.until, today: selection.today, limit: 0, sort: 'oldest', context: 0, fuzzy: false } as const;
  const hits = new Map<string, Set<number>>();
  for (const chat of named ? chats.map((c) => c.name) : [undefined]) {
    const result = await searchMessages(archive, { ...base, chat });
    for (const hit of result.results) {
      if (chat !== undefined && hit.chat !== chat) continue;
      let ids = hits.get(hit.chat);
      if (ids === undefined) hits.set(hit.chat, (ids = new Set()));
      ids.add(hit.id);
    }
  }
  return hits;
}
