import { describe, expect, it } from 'vitest';
import { float64s, uint32s } from '../../src/store/littleEndian.js';

describe('little-endian blobs read as typed arrays', () => {
  const doubles = [1.5, -2.25, 1_700_000_000_123, Number.MAX_SAFE_INTEGER];
  const words = [0, 1, 0xdeadbeef, 0xffffffff];
  const packed = (values: number[], size: number, write: (b: Buffer, v: number, at: number) => void, offset: number): Buffer => {
    const whole = Buffer.alloc(offset + values.length * size);
    values.forEach((v, i) => write(whole, v, offset + i * size));
    return whole.subarray(offset);
  };

  it('reads an aligned buffer in place, and an unaligned one as a copy, with the same values', () => {
    for (const offset of [0, 1, 3, 8]) {
      const d = packed(doubles, 8, (b, v, at) => b.writeDoubleLE(v, at), offset);
      const w = packed(words, 4, (b, v, at) => b.writeUInt32LE(v, at), offset);
      expect([...float64s(d)]).toEqual(doubles);
      expect([...uint32s(w)]).toEqual(words);
      // In place exactly when aligned: then a change of the blob shows through.
      const view = float64s(d);
      d.writeDoubleLE(7, 0);
      expect(view[0] === 7).toBe(d.byteOffset % 8 === 0);
    }
  });
});
