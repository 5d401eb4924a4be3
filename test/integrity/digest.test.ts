import fc from 'fast-check';
import { hash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { addDigest, EMPTY_DIGEST, messageHash, SetDigest, subtractDigest } from '../../src/integrity/digest.js';

const bigSum = (hexes: string[]) => (hexes.reduce((a, h) => a + BigInt(`0x${h}`), 0n) % (1n << 256n)).toString(16).padStart(64, '0');
const hexHash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

describe('SetDigest', () => {
  test('is the sum of the hashes modulo 2^256, in any order', () => {
    fc.assert(
      fc.property(fc.array(hexHash, { maxLength: 40 }), (hexes) => {
        const forward = new SetDigest();
        const backward = new SetDigest();
        hexes.forEach((h) => forward.add(h));
        [...hexes].reverse().forEach((h) => backward.add(h));
        expect(forward.toHex()).toBe(bigSum(hexes));
        expect(backward.toHex()).toBe(forward.toHex());
        expect(forward.count).toBe(hexes.length);
      }),
    );
  });

  test('stays exact past its carry interval, and wraps around at 2^256', () => {
    const top = 'f'.repeat(64);
    const d = new SetDigest();
    const hexes: string[] = [];
    for (let i = 0; i < (1 << 20) + 5; i++) {
      const h = i % 3 === 0 ? top : hash('sha256', String(i));
      hexes.push(h);
      d.add(h);
    }
    expect(d.toHex()).toBe(bigSum(hexes));
  });

  test('removal is subtraction: (a + b) − b = a', () => {
    fc.assert(fc.property(hexHash, hexHash, (a, b) => subtractDigest(addDigest(a, b), b) === a));
    expect(subtractDigest(EMPTY_DIGEST, 'f'.repeat(64))).toBe(`${'0'.repeat(63)}1`);
  });

  test('anything but a lowercase hex hash spoils the digest instead of passing for one', () => {
    for (const bad of ['A'.repeat(64), 'x'.repeat(64), 'ab'.repeat(16)]) {
      const d = new SetDigest();
      d.add(bad);
      expect(d.toHex()).not.toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('messageHash', () => {
  const base = { ident: '202401131405abc', ts: 1, local: '2024-01-13 14:05', author: 'Priya', kind: 'message', text: 'hello', edited: false, original: 'x', media: [] };
  test('changes with every field, and fields cannot pass for one another', () => {
    const h = messageHash('Chat', base);
    const variants = [
      messageHash('Chat2', base),
      messageHash('Chat', { ...base, text: 'hello!' }),
      messageHash('Chat', { ...base, author: null }),
      messageHash('Chat', { ...base, edited: true }),
      messageHash('Chat', { ...base, ts: 2 }),
      messageHash('Chat', { ...base, original: 'y' }),
      messageHash('Chat', { ...base, media: [{ name: 'a.jpg', sha256: null }] }),
      messageHash('Chat', { ...base, author: 'Priy', text: 'ahello' }),
    ];
    expect(new Set([h, ...variants]).size).toBe(variants.length + 1);
  });
});
