// Numbers stored as little-endian blobs (search's vocabulary counts and letter masks, store/vocabulary.ts;
// the time runs' bounds, store/searchRuns.ts), read back as typed arrays on any machine.
import { endianness } from 'node:os';

export const uint32s = (bytes: Buffer): Uint32Array => read(bytes, Uint32Array, (at) => bytes.readUInt32LE(at));
export const float64s = (bytes: Buffer): Float64Array => read(bytes, Float64Array, (at) => bytes.readDoubleLE(at));

/** Copied, not viewed: a driver's buffer need not be aligned for a typed array. */
function read<T extends Uint32Array | Float64Array>(bytes: Buffer, Kind: { new (buffer: ArrayBuffer | number): T; BYTES_PER_ELEMENT: number }, at: (offset: number) => number): T {
  if (endianness() === 'LE') return new Kind(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
  const values = new Kind(bytes.length / Kind.BYTES_PER_ELEMENT);
  for (let i = 0; i < values.length; i++) values[i] = at(i * Kind.BYTES_PER_ELEMENT);
  return values;
}
