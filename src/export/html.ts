import { createHash } from 'node:crypto';
import type { MessageView } from '../store/messages.js';
import { ChunkedSink } from './chunked.js';
import { escapeHtml } from './htmlEscape.js';
import { mediaHtml } from './htmlMedia.js';
import { recordsHtml } from './htmlRecords.js';
import { HTML_CSS } from './htmlStyle.js';
import { DELETED_LATER_MARK, type ExportChat, type ExportWriter, type WriterEnv } from './types.js';

/**
 * Nothing in the page may load or run: no script at all, images only from `data:` URIs, and as style
 * only the page's own stylesheet (by hash), so even an escaping bug could not inject anything live.
 */
export const HTML_CSP = `default-src 'none'; img-src data:; style-src 'sha256-${createHash('sha256').update(HTML_CSS).digest('base64')}'; base-uri 'none'; form-action 'none'`;

/** Author colours (and the .a0–.a7 classes of the stylesheet) repeat after this many authors. */
const COLOURS = 8;
const KIND_LABELS = new Map([['call', 'Call'], ['poll', 'Poll'], ['location', 'Location']]);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * One self-contained page, laid out like the phone: the records header, then per chat a heading, day
 * separators and bubbles (each author with one colour and one side throughout the chat), system events
 * centred. Streamed: the head (the chat names are read first, for the title and contents), then message
 * by message. A large export is written as pages instead (htmlPages.ts).
 */
export const htmlWriter: ExportWriter = {
  async write(chats, sink, env) {
    const out = new ChunkedSink(sink);
    const list = Array.from(chats);
    const names = list.map((c) => c.name);
    const contents =
      names.length > 1 ? `\n<ul>${names.map((n, i) => `<li><a href="#chat-${i + 1}">${escapeHtml(n)}</a></li>`).join('')}</ul>` : '';
    await out.add(pageStart(pageTitle(names), env) + contents + '</header>\n');
    for (const [index, chat] of list.entries()) await writeChat(chat, `chat-${index + 1}`, out, env);
    await out.add(pageEnd(''));
    await out.flush();
  },
};

/** The title of a page of these chats. */
export function pageTitle(names: string[]): string {
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return names.length === 1 ? `${names[0]} · WhatsApp chat` : `${shown}${shown === '' ? '' : ' · '}WhatsApp chats`;
}

/** A page up to its records header, left open (`</header>` closes it) for what the page adds. */
export function pageStart(title: string, env: WriterEnv): string {
  const version = escapeHtml(env.toolVersion);
  const about = env.records === undefined ? '' : `\n${recordsHtml(env.records, env.toolVersion)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="wa-archive ${version}">
<title>${escapeHtml(title)}</title>
<style>${HTML_CSS}</style>
</head>
<body>
<main>
<header class="export">Exported from a wa-archive archive (wa-archive ${version}). Times are the phone's own clock times.${about}`;
}

/** The end of a page, after `foot` (its links to other pages, if any). */
export function pageEnd(foot: string): string {
  return `${foot}</main>\n</body>\n</html>\n`;
}

async function writeChat(chat: ExportChat, id: string, out: ChunkedSink, env: WriterEnv): Promise<void> {
  await out.add(chatHeading(chat.name, id));
  const view = new ChatView(env, chat.person);
  let count = 0;
  for (const m of chat.messages) {
    count++;
    await out.add(view.message(m));
  }
  const total = count === 0 ? 'No messages in this selection.' : `${count} message${count === 1 ? '' : 's'}`;
  await out.add(`<p class="count">${total}</p>\n</section>\n`);
}

/** A chat's section opened with its name (close it with `</section>`). */
export function chatHeading(name: string, id: string): string {
  return `<section class="chat" id="${id}">\n<h1 dir="auto">${escapeHtml(name)}</h1>\n`;
}

/**
 * A chat's messages as html, in order: a day heading before the first message of each day, and each
 * author's colour and side kept for the whole chat (across pages too). `newPage` repeats the day heading.
 */
export class ChatView {
  private readonly authors = new Map<string, number>();
  private day = '';

  constructor(
    private readonly env: WriterEnv,
    /** The spelling that names an author's person (ExportChat.person): aliases share a colour and side. */
    private readonly person: ExportChat['person'] = undefined,
  ) {}

  newPage(): void {
    this.day = '';
  }

  message(m: MessageView): string {
    const today = m.local.slice(0, 10);
    const separator = today === this.day ? '' : dayHeading(today);
    this.day = today;
    return separator + messageHtml(m, this.authors, this.person, this.env);
  }
}

function messageHtml(m: MessageView, authors: Map<string, number>, person: ExportChat['person'], env: WriterEnv): string {
  const time = `<time datetime="${escapeHtml(m.time)}" title="${escapeHtml(m.time)}">${escapeHtml(m.local.slice(11, 16))}</time>`;
  const text = m.text === '' ? '' : `<div class="text" dir="auto">${escapeHtml(m.text)}</div>`;
  const id = `<a class="id" href="#m${m.id}">#${m.id}</a>`;
  if (m.author === null) return `<div class="system" id="m${m.id}">${text}${time}${id}</div>\n`;
  // An author's aliases get its colour and side: one person throughout the chat.
  const who = person?.(m.author) ?? m.author;
  let index = authors.get(who);
  if (index === undefined) {
    index = authors.size;
    authors.set(who, index);
  }
  const classes = `msg a${index % COLOURS}${index % 2 === 1 ? ' right' : ''}${m.kind === 'deleted' ? ' deleted' : ''}`;
  const kind = KIND_LABELS.get(m.kind);
  const label = kind === undefined ? '' : `<span class="kind">${kind}</span>`;
  const media = m.media.map((item) => mediaHtml(item, env)).join('');
  const edited = `${m.edited ? '<span class="edited">edited</span>' : ''}${m.deletedLater ? `<span class="deleted-later">${DELETED_LATER_MARK}</span>` : ''}`;
  return `<div class="${classes}" id="m${m.id}"><div class="author" dir="auto">${escapeHtml(m.author)}</div>${label}${media}${text}<div class="foot">${edited}${id}${time}</div></div>\n`;
}

/** `<h2>` "Friday, 12 January 2024" for the local date 2024-01-12. */
function dayHeading(day: string): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return `<h2 class="day"><time datetime="${escapeHtml(day)}">${weekday}, ${d} ${MONTHS[mo - 1]} ${y}</time></h2>\n`;
}
