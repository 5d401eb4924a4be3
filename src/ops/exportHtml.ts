import { htmlWriter } from '../export/html.js';
import { FOLDER_NAMES, PAGE_SIZE, writeHtmlPages, type PageSpan } from '../export/htmlPages.js';
import type { ExportChat, ExportRecords, WriterEnv } from '../export/types.js';
import { archiveIdentity } from '../store/audit.js';
import { importZones } from '../store/export.js';
import type { MessageView } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { OpError } from './errors.js';
import { selectExport, type ExportSelection } from './exportSelection.js';
import { writeOutput, type Written } from './outputFile.js';
import { writeFolder } from './outputFolder.js';

export interface HtmlOptions {
  /** A FILE.html (one page) or a folder (an index and pages); undefined: refused. */
  out?: string;
  force: boolean;
  selection: ExportSelection;
  now: Date;
}

/** The selection read once before writing: each chat's pages, and the span and count of all its messages. */
export interface HtmlSurvey {
  chats: Array<{ name: string; pages: PageSpan[] }>;
  messages: number;
  first: string | null;
  last: string | null;
}

/** The files a paged export writes into its folder (and all that --force may replace there). */
const PAGED_FILE = /^(index|page-\d{3,})\.html$/;

/**
 * Writes `chats` (the selection, streamed) as html: `--out NAME.html` one page, allowed up to PAGE_SIZE
 * messages; any other `--out` a folder with index.html and pages of PAGE_SIZE messages. Every page opens
 * with the records header.
 */
export async function writeHtml(archive: Archive, chats: ExportChat[], options: HtmlOptions, env: WriterEnv): Promise<Written> {
  const { out } = options;
  if (out === undefined) {
    throw new OpError('usage', 'an html export is written to a file or a folder, not to the terminal', 'Name it with --out: --out chat.html for one page, or --out chat-pages for a folder of pages.');
  }
  const survey = await surveyHtml(archive, options.selection);
  const withRecords: WriterEnv = { ...env, records: htmlRecords(archive, options.selection, survey, options.now) };
  if (/\.html?$/i.test(out)) {
    if (survey.messages > PAGE_SIZE) {
      throw new OpError(
        'usage',
        `this selection has ${survey.messages.toLocaleString('en-US')} messages: one html page holds at most ${PAGE_SIZE.toLocaleString('en-US')} (a larger page opens too slowly)`,
        `Give --out a folder name without .html (e.g. --out ${out.replace(/\.html?$/i, '').split(/[\\/]/).pop()}-pages) to write an index and pages, or narrow the selection with --since/--until.`,
      );
    }
    return writeOutput(out, options.force, (sink) => htmlWriter.write(chats, sink, withRecords));
  }
  const pages = new Map(survey.chats.map((c) => [c.name, c.pages]));
  const paged = chats.map((chat) => ({ ...chat, pages: pages.get(chat.name) ?? [] }));
  return writeFolder(out, options.force, (name) => PAGED_FILE.test(name), (add) => writeHtmlPages(paged, add, withRecords, FOLDER_NAMES));
}

/**
 * Reads the selection once: its messages split into pages of PAGE_SIZE per chat, counted, first and last
 * by instant; `seen` is shown every message (for a bundle's counts).
 */
export async function surveyHtml(archive: Archive, selection: ExportSelection, seen: (m: MessageView) => void = () => undefined): Promise<HtmlSurvey> {
  const survey: HtmlSurvey = { chats: [], messages: 0, first: null, last: null };
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const chat of await selectExport(archive, selection)) {
    const pages: PageSpan[] = [];
    for (const m of chat.messages) {
      const edge = { id: m.id, local: m.local };
      const page = pages.at(-1);
      if (page === undefined || page.messages === PAGE_SIZE) pages.push({ messages: 1, first: edge, last: edge });
      else Object.assign(page, { messages: page.messages + 1, last: edge });
      const ms = Date.parse(m.time);
      if (ms < firstMs) [firstMs, survey.first] = [ms, m.time];
      if (ms > lastMs) [lastMs, survey.last] = [ms, m.time];
      survey.messages++;
      seen(m);
    }
    survey.chats.push({ name: chat.name, pages });
  }
  return survey;
}

/** The records header of an html export of this selection. */
export function htmlRecords(archive: Archive, selection: ExportSelection, survey: HtmlSurvey, now: Date): ExportRecords {
  const chats = survey.chats.map((c) => c.name);
  return {
    chats, selection: describeSelection(selection), first: survey.first, last: survey.last, zones: importZones(archive, chats),
    messages: survey.messages, archive: archiveIdentity(archive, true), exportedAt: now.toISOString(),
  };
}

/** The selection in words: "every message of every chat", or its chats, dates and query. */
function describeSelection(selection: ExportSelection): string {
  const parts: string[] = [];
  if (selection.chats !== undefined && selection.chats.length > 0) parts.push(`chats named ${selection.chats.map((c) => JSON.stringify(c)).join(', ')}`);
  if (selection.since !== undefined) parts.push(`since ${selection.since}`);
  if (selection.until !== undefined) parts.push(`until ${selection.until} (inclusive)`);
  if (selection.query !== undefined) parts.push(`messages the search ${JSON.stringify(selection.query)} finds`);
  return parts.length === 0 ? 'every message of every chat' : parts.join('; ');
}
