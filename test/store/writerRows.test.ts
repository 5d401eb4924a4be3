import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { NewMessage } from '../../src/store/imports.js';
import { BatchSlot, RowContext, RowReader } from '../../src/store/writerRows.js';

/** Messages through the row layout as store/writer.ts sends them (a batch per full slot, a grown slot for a huge one), read back. */
function roundTrip(messages: NewMessage[]): NewMessage[] {
  const slot = new BatchSlot();
  const context = new RowContext();
  const reader = new RowReader();
  const out: NewMessage[] = [];
  const drain = () => {
    reader.read(slot.memory);
    for (let r = 0; r < slot.rows; r++) {
      reader.next();
      const { ident, ts, local, author, kind, text, edited, original, hash, media } = reader;
      out.push({ ident, ts, local, author, kind, text, edited, original, hash, media: [...media] });
    }
    slot.clear();
  };
  reader.reset();
  for (const m of messages) {
    if (!slot.fits(m)) {
      if (slot.rows > 0) drain();
      if (!slot.fits(m)) slot.grow(m);
    }
    slot.put(m, context);
  }
  drain();
  return out;
}

const text = fc.string({ unit: 'binary', maxLength: 40 });
const name = fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { nil: null });
const message: fc.Arbitrary<NewMessage> = fc
  .record({
    ident: fc.string({ unit: 'binary', maxLength: 24 }),
    ts: fc.integer({ min: -62_135_596_800_000, max: 4_102_444_800_000 }),
    local: fc.constantFrom('2024-01-13 09:00', '2024-01-13 09:01:07', '１９', ''),
    author: fc.option(fc.oneof(fc.constantFrom('Ana', 'Zoë 🌻', '\u200Fشريف'), fc.string({ unit: 'binary', maxLength: 8 })), { nil: null }),
    kind: fc.constantFrom('message', 'system', 'media', 'poll', ''),
    head: text,
    text,
    textIsTail: fc.boolean(),
    edited: fc.boolean(),
    hash: fc.string({ unit: 'binary', maxLength: 64 }),
    media: fc.array(
      fc.oneof(
        fc.constant({ name: null, sha256: null, size: null }),
        name.map((n) => ({ name: n, sha256: null, size: null })),
        fc.record({ name, sha256: fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }), size: fc.nat() }),
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ head, textIsTail, ...m }) => ({ ...m, original: textIsTail ? head + m.text : head }));

describe('the writer row layout (store/writerRows.ts)', () => {
  test('any messages read back exactly as written (property)', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 60 }), (messages) => {
        expect(roundTrip(messages)).toEqual(messages);
      }),
      { numRuns: 300 },
    );
  });

  test('across full slots, and through a slot grown for one message larger than a slot', () => {
    const base = { ts: 1, local: '2024-01-13 09:00', kind: 'message', edited: false, media: [], hash: 'h' };
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...base, ident: `id${i}`, author: `Author ${i % 300}`, text: `t${i}`, original: `o: t${i}` }));
    const big = 'ü'.repeat(600_000);
    const messages: NewMessage[] = [...many.slice(0, 2500), { ...base, ident: 'big', author: 'Ana', text: big, original: `Ana: ${big}` }, ...many.slice(2500)];
    expect(roundTrip(messages)).toEqual(messages);
  });
});
