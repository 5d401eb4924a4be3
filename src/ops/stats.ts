import { isoTime } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { chatSummaries, type ChatSummary, type MessageTime } from '../store/chats.js';
import { mediaCounts, messagesByMonthAndAuthor } from '../store/stats.js';
import { personResolver } from './authors.js';
import { requireChat } from './chats.js';

export interface StatsOptions {
  /** Only this chat; else the whole archive. */
  chat?: string;
}

export interface StatsResult {
  /** The chat's stored name, or null for the whole archive. */
  chat: string | null;
  messages: number;
  /** ISO-8601 with the offset of the import's zone, or null without messages. */
  first: string | null;
  last: string | null;
  /** Every month from the first message's to the last's (local time), empty months included. */
  months: { month: string; messages: number }[];
  /** The same, per year: every year from the first to the last. */
  years: { year: string; messages: number }[];
  /** Most messages first, an author's aliases counted as the author; system events (no author) are not counted. */
  authors: { author: string; messages: number }[];
  /** Attachments by type, most first; `missing`: named in the chat but not in its export. */
  media: { type: MediaType; count: number; missing: number }[];
  /** The chats counted, most messages first. */
  chats: { chat: string; messages: number }[];
}

export type MediaType = 'image' | 'video' | 'audio' | 'sticker' | 'document' | 'other' | 'not exported';

export function archiveStats(archive: Archive, options: StatsOptions): StatsResult {
  let spans = chatSummaries(archive, { authors: false });
  let chatIds: number[] | null = null;
  if (options.chat !== undefined) {
    const chat = requireChat(archive, options.chat);
    spans = spans.filter((s) => s.id === chat.id);
    chatIds = [chat.id];
  }
  const byMonth = new Map<string, number>();
  const byAuthor = new Map<string, number>();
  // An author's aliases count as the author (ops/authors.ts).
  const person = personResolver(archive);
  for (const row of messagesByMonthAndAuthor(archive, chatIds)) {
    byMonth.set(row.month, (byMonth.get(row.month) ?? 0) + row.messages);
    if (row.author === null) continue;
    const author = person(row.chatId, row.author);
    byAuthor.set(author, (byAuthor.get(author) ?? 0) + row.messages);
  }
  const first = edge(spans, 'first');
  const last = edge(spans, 'last');
  const months = everyMonth(byMonth);
  return {
    chat: options.chat === undefined ? null : spans[0]!.name,
    messages: spans.reduce((n, s) => n + s.messages, 0),
    first: first === null ? null : isoTime(first.local, first.ts),
    last: last === null ? null : isoTime(last.local, last.ts),
    months,
    years: perYear(months),
    authors: [...byAuthor]
      .map(([author, messages]) => ({ author, messages }))
      .sort((a, b) => b.messages - a.messages || (a.author < b.author ? -1 : 1)),
    media: mediaByType(archive, chatIds),
    chats: spans.map((s) => ({ chat: s.name, messages: s.messages })).sort((a, b) => b.messages - a.messages || (a.chat < b.chat ? -1 : 1)),
  };
}

function edge(spans: ChatSummary[], which: 'first' | 'last'): MessageTime | null {
  let best: MessageTime | null = null;
  for (const s of spans) {
    const e = s[which];
    if (e !== null && (best === null || (which === 'first' ? e.ts < best.ts : e.ts > best.ts))) best = e;
  }
  return best;
}

/** The months summed per year (they run without a gap, so the years do too). */
function perYear(months: readonly { month: string; messages: number }[]): { year: string; messages: number }[] {
  const years: { year: string; messages: number }[] = [];
  for (const { month, messages } of months) {
    const year = month.slice(0, 4);
    if (years.at(-1)?.year === year) years.at(-1)!.messages += messages;
    else years.push({ year, messages });
  }
  return years;
}

/** 'YYYY-MM' from the first to the last month present, with zero for months without messages. */
function everyMonth(counts: Map<string, number>): { month: string; messages: number }[] {
  const present = [...counts.keys()].filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
  if (present.length === 0) return [];
  const out: { month: string; messages: number }[] = [];
  let [y, m] = present[0]!.split('-').map(Number) as [number, number];
  const end = present[present.length - 1]!;
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push({ month, messages: counts.get(month) ?? 0 });
    if (month >= end) break;
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const EXTENSIONS: Record<string, MediaType> = {};
for (const [type, list] of Object.entries({
  image: 'jpg jpeg png gif heic heif bmp tif tiff',
  video: 'mp4 mov 3gp m4v avi mkv webm',
  audio: 'opus ogg oga m4a mp3 aac amr wav flac',
  sticker: 'webp tgs',
  document: 'pdf doc docx xls xlsx ppt pptx odt ods odp txt csv rtf zip rar 7z vcf apk pages numbers key',
}) as [MediaType, string][]) {
  for (const ext of list.split(' ')) EXTENSIONS[ext] = type;
}

/** A file's type by its extension (WhatsApp names stickers .webp); the same for its name from the last dot. */
export function mediaType(name: string): MediaType {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? 'other' : (EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? 'other');
}

function mediaByType(archive: Archive, chatIds: number[] | null): StatsResult['media'] {
  const counts = new Map<MediaType, { count: number; missing: number }>();
  for (const { suffix, stored, attachments } of mediaCounts(archive, chatIds)) {
    const type = suffix === null ? 'not exported' : mediaType(suffix);
    const entry = counts.get(type) ?? { count: 0, missing: 0 };
    entry.count += attachments;
    if (suffix !== null && stored === 0) entry.missing += attachments;
    counts.set(type, entry);
  }
  return [...counts]
    .filter(([, c]) => c.count > 0) // a type whose only attachments a later export's files made another
    .map(([type, c]) => ({ type, ...c }))
    .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}
