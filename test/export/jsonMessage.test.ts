/** jsonMessage (written field by field) and ChunkedSink (UTF-8 chunks) against the plain ways they replace. */
import { describe, expect, test } from 'vitest';
import { ChunkedSink } from '../../src/export/chunked.js';
import { jsonMedia, jsonMessage } from '../../src/export/json.js';
import type { MessageView } from '../../src/store/messages.js';

/** The message object JSON outputs showed before jsonMessage: its key order and values. */
function reference(m: MessageView): Record<string, unknown> {
  return {
    id: m.id, time: m.time, author: m.author, text: m.text, kind: m.kind, edited: m.edited,
    media: jsonMedia(m.media),
    ...(m.deletedLater ? { deletedLater: true } : {}),
  };
}

const base: MessageView = {
  id: 1, chat: 'Shop', time: '2024-03-14T21:05:00+01:00', local: '2024-03-14 21:05', author: 'Priya Shah',
  text: 'hi', kind: 'message', edited: false, media: [],
};

const SHAPES: Array<Partial<MessageView>> = [
  {},
  { id: 9_007_199_254_740_991, time: '2023-10-29T01:30:00-02:30' },
  { author: null, kind: 'system', text: 'Tom added Priya' },
  { edited: true, deletedLater: true },
  { text: 'lone \uD800 and \uDFFF, pair \uD83D\uDE00, \u2028\u2029 \u0000\u0007\b\f\n\r\t\u001f\u007f "q" \\ / </script>' },
  { author: '\u202E\u0627\u0644\u0633\u0644\u0627\u0645 \uDBFF', text: '\u05e9\u05dc\u05d5\u05dd\u200E' },
  {
    kind: 'media', text: '',
    media: [
      { name: 'a "b".jpg', sha256: 'ab'.repeat(32), size: 0 },
      { name: 'gone.pdf', sha256: null, size: null },
      { name: null, sha256: null, size: null },
      { name: 'big.mp4', sha256: 'cd'.repeat(32), size: 2 ** 40 + 0.5 },
    ],
  },
];

describe('jsonMessage', () => {
  test.each(SHAPES.map((s) => [JSON.stringify(s).slice(0, 60), s]))('is JSON.stringify of the message object: %s', (_, shape) => {
    const m = { ...base, ...shape };
    expect(jsonMessage(m)).toBe(JSON.stringify(reference(m)));
  });
});

describe('ChunkedSink', () => {
  test('writes the UTF-8 of the pieces joined, in chunks, whatever their sizes', async () => {
    const chunks: Buffer[] = [];
    // Kept as given: a chunk must not be reused once handed to the sink (a stream may queue it).
    const out = new ChunkedSink({ write: (c) => void chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength)) });
    const pieces = ['{', '\u00e9\uD83D\uDE00\u2028'.repeat(7_000), 'x'.repeat(200_000), 'lone \uD800', ...Array.from({ length: 30_000 }, (_, i) => `,${i}\u0627`), '}'];
    for (const p of pieces) await out.add(p);
    await out.flush();
    expect(Buffer.concat(chunks).equals(Buffer.from(pieces.join('')))).toBe(true);
    expect(chunks.length).toBeGreaterThan(3);
  });
});
