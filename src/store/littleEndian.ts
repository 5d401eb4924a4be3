// Numbers stored as little-endian blobs (search's vocabulary counts and letter masks, store/vocabulary.ts;
// the time runs' bounds, store/searchRuns.ts), read back as typed arrays on any machine.
import { endianness } from 'node:os';

export const uint32s = (bytes: Buffer): Uint32Array => read(bytes, Uint32Array, (at) => bytes.readUInt32LE(at));
export const float64s = (bytes: Buffer): Float64Array => read(bytes, Float64Array, (at) => bytes.readDoubleLE(at));

/**
 * Viewed in place when aligned for a typed array, else copied (a driver's buffer need not be aligned).
 * Viewed, not copied: at 10M messages the time runs' bounds are 312 KB, whose copy into fresh memory took
 * ~0.8 ms of a search (the view ~0.05 ms).
 */
function read<T extends Uint32Array | Float64Array>(
  bytes: Buffer,
  Kind: { new (buffer: ArrayBufferLike | number, byteOffset?: number, length?: number): T; BYTES_PER_ELEMENT: number },
  at: (offset: number) => number,
): T {
  if (endianness() === 'LE') {
    const size = Kind.BYTES_PER_ELEMENT;
    if (bytes.byteOffset % size === 0) return new Kind(bytes.buffer, bytes.byteOffset, bytes.length / size);
    return new Kind(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  }
  const values = new Kind(bytes.length / Kind.BYTES_PER_ELEMENT);
  for (let i = 0; i < values.length; i++) values[i] = at(i * Kind.BYTES_PER_ELEMENT);
  return values;
}
