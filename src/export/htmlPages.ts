import { ChunkedSink } from './chunked.js';
import { chatHeading, ChatView, pageEnd, pageStart, pageTitle } from './html.js';
import { escapeHtml } from './htmlEscape.js';
import type { ExportChat, Sink, WriterEnv } from './types.js';

/**
 * An html export of more messages than this is written as pages: an index, then pages of at most this
 * many messages, each of one chat. A page of this size opens in a browser in a fraction of a second.
 */
export const PAGE_SIZE = 1000;

/** Where a message starts or ends a page: its id and local time. */
export interface PageEdge {
  id: number;
  local: string;
}

/** One page as planned: how many messages it holds, and its first and last. */
export interface PageSpan {
  messages: number;
  first: PageEdge;
  last: PageEdge;
}

/** A chat to write as pages, with its pages planned (the survey of its messages). */
export interface PagedChat extends ExportChat {
  pages: PageSpan[];
}

/** The file names: the index, and page n (from 1); all in one folder, so links are plain names. */
export interface PageNames {
  index: string;
  page(n: number): string;
}

export const FOLDER_NAMES: PageNames = { index: 'index.html', page: (n) => `page-${String(n).padStart(3, '0')}.html` };

/** Writes one file of the export: `fill` streams its content. */
export type AddFile = (name: string, fill: (sink: Sink) => Promise<void>) => Promise<void>;

/**
 * Writes the index (the records header, then per chat its pages with their times, counts and message ids)
 * and every page (the records header, where the page stands, links to the index and the pages either side).
 */
export async function writeHtmlPages(chats: PagedChat[], add: AddFile, env: WriterEnv, names: PageNames): Promise<void> {
  const total = chats.reduce((n, c) => n + c.pages.length, 0);
  await add(names.index, (sink) => writeIndex(chats, sink, env, names));
  let number = 0;
  for (const [index, chat] of chats.entries()) {
    const view = new ChatView(env, chat.person);
    const messages = chat.messages[Symbol.iterator]();
    let before = 0;
    for (const [i, span] of chat.pages.entries()) {
      number++;
      const last = i === chat.pages.length - 1;
      const page = { number, total, chat: chat.name, id: `chat-${index + 1}`, span, before, chatTotal: before + chat.pages.slice(i).reduce((n, p) => n + p.messages, 0) };
      await add(names.page(number), async (sink) => {
        const out = new ChunkedSink(sink);
        const nav = navHtml(names, number, total);
        await out.add(`${pageStart(`${chat.name} · page ${number} of ${total} · WhatsApp chat`, env)}\n${pageOf(page)}</header>\n${nav}${chatHeading(chat.name, page.id)}`);
        view.newPage();
        // The last page of a chat takes whatever is left, so nothing is dropped if the count moved.
        for (let n = 0; last || n < span.messages; n++) {
          const next = messages.next();
          if (next.done === true) break;
          await out.add(view.message(next.value));
        }
        await out.add(`</section>\n${pageEnd(nav)}`);
        await out.flush();
      });
      before += span.messages;
    }
  }
}

interface PageInfo {
  number: number;
  total: number;
  chat: string;
  id: string;
  span: PageSpan;
  /** The chat's messages on earlier pages. */
  before: number;
  chatTotal: number;
}

function pageOf(p: PageInfo): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `<p class="page-of">Page ${p.number} of ${p.total}: <span dir="auto">${escapeHtml(p.chat)}</span>, messages ${n(p.before + 1)} to ${n(p.before + p.span.messages)} of ${n(p.chatTotal)}, ${range(p.span)}</p>\n`;
}

function navHtml(names: PageNames, number: number, total: number): string {
  const links = [`<a href="${names.index}">Index</a>`];
  if (number > 1) links.push(`<a href="${names.page(number - 1)}" rel="prev">Previous page</a>`);
  if (number < total) links.push(`<a href="${names.page(number + 1)}" rel="next">Next page</a>`);
  return `<nav class="pages">${links.join('')}</nav>\n`;
}

async function writeIndex(chats: PagedChat[], sink: Sink, env: WriterEnv, names: PageNames): Promise<void> {
  const out = new ChunkedSink(sink);
  await out.add(`${pageStart(`${pageTitle(chats.map((c) => c.name))} · index`, env)}\n<p class="page-of">Index of ${chats.reduce((n, c) => n + c.pages.length, 0)} pages of at most ${PAGE_SIZE.toLocaleString('en-US')} messages.</p></header>\n`);
  let number = 0;
  for (const [index, chat] of chats.entries()) {
    const items = chat.pages.map((span) => {
      number++;
      const count = `${span.messages.toLocaleString('en-US')} message${span.messages === 1 ? '' : 's'}`;
      return `<li><a href="${names.page(number)}">Page ${number}</a>: ${range(span)}, ${count} (#${span.first.id} to #${span.last.id})</li>`;
    });
    await out.add(`${chatHeading(chat.name, `chat-${index + 1}`)}<ol class="pages" start="${number - items.length + 1}">${items.join('')}</ol>\n</section>\n`);
  }
  await out.add(pageEnd(''));
  await out.flush();
}

/** "2024-01-12 09:02 to 2024-03-03 18:40" (the phone's clock times). */
function range(span: PageSpan): string {
  const at = (edge: PageEdge) => `<time>${escapeHtml(edge.local.slice(0, 16))}</time>`;
  return `${at(span.first)} to ${at(span.last)}`;
}
