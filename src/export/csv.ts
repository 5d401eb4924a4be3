import type { MediaView } from '../store/messages.js';
import { ChunkedSink } from './chunked.js';
import type { ExportWriter } from './types.js';

const BOM = '\uFEFF';
const CRLF = '\r\n';
const HEADER = ['id', 'chat', 'time', 'author', 'kind', 'text', 'media'];
/**
 * What makes a spreadsheet run a cell as a formula (OWASP's CSV injection rule: = + - @ tab CR), plus
 * the full-width = + - @ that some spreadsheet locales read the same way.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One row per message, RFC 4180 (quoted where needed, CRLF line ends), UTF-8 with a byte-order mark so
 * spreadsheet programs read accents and emoji right.
 */
export const csvWriter: ExportWriter = {
  async write(chats, sink) {
    const out = new ChunkedSink(sink);
    await out.add(BOM + row(HEADER));
    for (const chat of chats) {
      for (const m of chat.messages) {
        await out.add(row([String(m.id), chat.name, m.time, m.author ?? '', m.kind, m.text, mediaCell(m.media)]));
      }
    }
    await out.flush();
  },
};

function row(cells: string[]): string {
  return cells.map(csvCell).join(',') + CRLF;
}

/** A cell that a spreadsheet would run as a formula gets a leading `'`; quotes as RFC 4180 needs. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One line per attachment: `NAME sha256:HASH`, `NAME (file missing)`, or `(media not exported)`. */
function mediaCell(media: MediaView[]): string {
  return media
    .map((f) => (f.name === null ? '(media not exported)' : f.sha256 === null ? `${f.name} (file missing)` : `${f.name} sha256:${f.sha256}`))
    .join('\n');
}
