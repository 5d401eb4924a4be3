/** ChunkedSink (UTF-8 chunks) against the plain way it replaces. (A message's JSON text: test/store/messageJson.test.ts.) */
import { describe, expect, test } from 'vitest';
import { ChunkedSink } from '../../src/export/chunked.js';

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
