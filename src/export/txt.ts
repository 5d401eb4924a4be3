import { bodyContext, emptyBody, LINE_ESCAPE, parseBody } from '../parser/body.js';
import { detectShape } from '../parser/header.js';
import type { MessageView } from '../store/messages.js';
import { ChunkedSink } from './chunked.js';
import type { ExportWriter } from './types.js';

const LRM = '\u200E';
const EDITED = '<This message was edited>';

/**
 * WhatsApp's Android line format, `2024-03-14, 21:05 - Priya Shah: text`, so that the export imports
 * into another archive as the same messages. Dates are written year first (as Canadian and Swedish
 * phones do): the one numeric layout whose order the parser reads from any single date, whatever the days.
 */
export const txtWriter: ExportWriter = {
  async write(chats, sink) {
    const out = new ChunkedSink(sink);
    const check = new ReadBack();
    for (const chat of chats) {
      for (const m of chat.messages) await out.add(txtRecord(m, check));
    }
    await out.flush();
  },
};

/**
 * One message as its lines, ending in a line break. Lines of text that look like a message header (of
 * any shape) or that start with LINE_ESCAPE get a LINE_ESCAPE in front, which the parser removes. Then
 * the first of these ways of writing it that the parser reads back as the message is taken (the first
 * one when none does):
 * 1. as it is, an edited marker at the end of the text;
 * 2. the edited marker on a line of its own (below an attachment line, or a one-line placeholder);
 * 3. and 4. as 1. and 2., with the first line of text escaped too (a text "null", which Android means as
 *    a view-once photo; a caption repeating its file name), or, for a system event whose text would read
 *    as "Author: text", with a left-to-right mark in front, as iPhone events have.
 */
function txtRecord(m: MessageView, check: ReadBack): string {
  const header = `${m.local.slice(0, 10)}, ${m.local.slice(11, 16)} - `;
  const text = m.text.split('\n').map((line) => (line.startsWith(LINE_ESCAPE) ? LINE_ESCAPE + line : line));
  const attached = m.media.map((f) => (f.name === null ? '<Media omitted>' : `${f.name} (file attached)`));
  let first: string[] | undefined;
  for (const escaped of [false, true]) {
    for (const ownLine of m.edited ? [false, true] : [false]) {
      const lines = bodyLines(attached, escaped && m.author !== null ? [LINE_ESCAPE + text[0], ...text.slice(1)] : text, m.edited, ownLine);
      if (escaped && m.author === null) lines[0] = LRM + lines[0];
      first ??= lines;
      if (check.readsBack(m, lines)) return render(header, m.author, lines);
    }
  }
  return render(header, m.author, first!);
}

/** Attachment lines, then the text (none when it is empty beside an attachment), then the edited marker. */
function bodyLines(attached: string[], text: string[], edited: boolean, markerOnOwnLine: boolean): string[] {
  const lines = attached.length > 0 && text.length === 1 && text[0] === '' ? [...attached] : [...attached, ...text];
  for (let i = 1; i < lines.length; i++) if (detectShape([lines[i]!]) !== null) lines[i] = LINE_ESCAPE + lines[i];
  if (edited && markerOnOwnLine) lines.push(EDITED);
  else if (edited) lines[lines.length - 1] += ` ${EDITED}`;
  return lines;
}

function render(header: string, author: string | null, lines: string[]): string {
  return `${header}${author === null ? '' : `${author}: `}${lines.join('\n')}\n`;
}

/** Parses a record's body as the importer will, to tell whether it reads back as the message. */
class ReadBack {
  private readonly ctx = bodyContext('android');
  private readonly body = emptyBody();

  readsBack(m: MessageView, lines: string[]): boolean {
    const first = m.author === null ? lines[0]! : `${m.author}: ${lines[0]}`;
    parseBody(first, lines.slice(1), this.ctx, this.body);
    const b = this.body;
    return (
      b.author === m.author && b.kind === m.kind && b.text === m.text && b.edited === m.edited &&
      b.media.length === m.media.length && b.media.every((f, i) => f.name === m.media[i]!.name)
    );
  }
}
