import { htmlWriter } from '../../src/export/html.js';
import type { ExportChat, ExportRecords, WriterEnv } from '../../src/export/types.js';
import type { MessageView } from '../../src/store/messages.js';

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let nextId = 1;

/** A message with everything not given filled in: a plain text by Priya at 2024-01-12 09:02. */
export function msg(fields: Partial<MessageView> = {}): MessageView {
  const local = fields.local ?? '2024-01-12 09:02';
  return {
    id: nextId++,
    chat: 'Priya Shah',
    time: `${local.replace(' ', 'T')}:00+00:00`,
    local,
    author: 'Priya Shah',
    text: 'Hello',
    kind: 'message',
    edited: false,
    media: [],
    ...fields,
  };
}

export interface Rendered {
  html: string;
  chunks: string[];
  /** The sha256 of every media file the writer read. */
  reads: string[];
}

/** A records header as an export of the chat "Priya Shah" has it. */
export const RECORDS: ExportRecords = {
  chats: ['Priya Shah'],
  selection: 'every message of every chat',
  first: '2024-01-12T09:02:00+00:00',
  last: '2024-01-13T13:42:00+00:00',
  zones: ['Europe/London'],
  messages: 7,
  archive: { archiveId: 'c0ffee00-0000-4000-8000-000000000001', fingerprint: 'ab'.repeat(32), entries: 3 },
  exportedAt: '2026-01-31T12:00:00.000Z',
};

/** A writer's environment with `files` as the archive's media by sha256, noting each read in `reads`. */
export function writerEnv(files: Record<string, Uint8Array> = {}, reads: string[] = [], more: Partial<WriterEnv> = {}): WriterEnv {
  return {
    toolVersion: '0.1.0',
    records: RECORDS,
    readMedia(sha256: string) {
      reads.push(sha256);
      return files[sha256];
    },
    ...more,
  };
}

/** Runs the html writer over these chats, with `files` as the archive's media by sha256. */
export async function render(chats: ExportChat[], files: Record<string, Uint8Array> = {}, more: Partial<WriterEnv> = {}): Promise<Rendered> {
  const chunks: string[] = [];
  const reads: string[] = [];
  await htmlWriter.write(chats, { write: (chunk) => void chunks.push(String(chunk)) }, writerEnv(files, reads, more));
  return { html: chunks.join(''), chunks, reads };
}

/** Texts that try to run script, load something or break out of the page's markup. */
export const HOSTILE_TEXTS = [
  "<script>window.__pwned = 'script'</script>",
  `<img src=x onerror="window.__pwned = 'img'; alert(1)">`,
  `<a href="javascript:window.__pwned='link'">click me</a> javascript:alert(1)`,
  "</style><script>alert('style')</script><style>",
  `"><svg onload="alert('svg')"> '><iframe src="http://127.0.0.1:9/frame">`,
  '</div></section></main><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
  '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><img src="http://127.0.0.1:9/track.png">',
  'Tom &amp; Jerry &lt;3 & <b>not bold</b>',
];
export const HOSTILE_AUTHOR = `<b onmouseover="alert('author')">Mallory</b>`;
export const HOSTILE_CHAT = `</title><script>alert('chat')</script>`;
export const HOSTILE_MEDIA = `"><img src=x onerror="alert('media')">.jpg`;

/** One chat whose name, authors, texts and media names are all hostile, plus one real image. */
export function hostileChat(): ExportChat {
  return {
    name: HOSTILE_CHAT,
    json: [],
    messages: [
      ...HOSTILE_TEXTS.map((text, i) => msg({ author: i % 2 === 0 ? HOSTILE_AUTHOR : 'Tom Becker', text })),
      msg({ author: 'Tom Becker', kind: 'media', text: '', media: [{ name: HOSTILE_MEDIA, sha256: 'aa', size: PNG.length }] }),
      msg({ author: 'Tom Becker', kind: 'media', text: '', media: [{ name: `${HOSTILE_MEDIA}.mp4`, sha256: null, size: null }] }),
    ],
  };
}
