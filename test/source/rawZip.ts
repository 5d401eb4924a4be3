/**
 * Test helper: writes zips record by record from raw bytes, for shapes no zip library makes on
 * purpose (hundreds of thousands of entries, declared sizes over 4 GiB, entries past 4 GiB) and fast
 * enough for CI. Zip64 records are used exactly where the format needs them.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The entry's bytes as stored in the zip (already deflated when method is 8). Default: none. */
  data?: Buffer;
  /** 0 stored (default), 8 deflated. */
  method?: number;
  /** Declared uncompressed size; default data's length. */
  size?: number;
  /** Default: the CRC-32 of data (right for stored entries only). */
  crc?: number;
  /** A file comment: in the central directory only, up to 65,535 bytes. */
  comment?: Buffer;
}

const MAX32 = 0xffffffff;

/** A deflated entry: `plain` compressed, with its real size and CRC-32. */
export function deflated(name: string, plain: Buffer): RawEntry {
  return { name, data: zlib.deflateRawSync(plain), method: 8, size: plain.length, crc: zlib.crc32(plain) };
}

/**
 * Writes `entries` as a zip. `skipBytes` leaves a hole (sparse on disk, read as zeros) before the first
 * entry, so entries and the central directory can lie past 4 GiB without writing gigabytes.
 */
export function writeRawZip(file: string, entries: Iterable<RawEntry>, skipBytes = 0): void {
  const fd = fs.openSync(file, 'w');
  try {
    // Records are written into two growing buffers, not one small Buffer each: 500,000 entries in a second.
    const out = new Sink((bytes, at) => fs.writeSync(fd, bytes, 0, bytes.length, at), skipBytes);
    const central = new Sink();
    let count = 0;
    for (const entry of entries) {
      const data = entry.data ?? Buffer.alloc(0);
      const size = entry.size ?? data.length;
      const crc = (entry.crc ?? zlib.crc32(data)) >>> 0;
      const name = Buffer.from(entry.name, 'utf8');
      const method = entry.method ?? 0;
      const big = size >= MAX32 || data.length >= MAX32;
      const localExtra = big ? zip64Extra([size, data.length]) : EMPTY;
      const at = out.offset;
      const local = out.take(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(45, 4);
      local.writeUInt16LE(0x0800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(big ? MAX32 : data.length, 18);
      local.writeUInt32LE(big ? MAX32 : size, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(localExtra.length, 28);
      out.put(name);
      out.put(localExtra);
      out.put(data);

      const wide = [size >= MAX32 ? size : null, data.length >= MAX32 ? data.length : null, at >= MAX32 ? at : null];
      const extra = wide.some((v) => v !== null) ? zip64Extra(wide.filter((v): v is number => v !== null)) : EMPTY;
      const record = central.take(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(45, 4);
      record.writeUInt16LE(45, 6);
      record.writeUInt16LE(0x0800, 8);
      record.writeUInt16LE(method, 10);
      record.writeUInt32LE(crc, 16);
      record.writeUInt32LE(Math.min(data.length, MAX32), 20);
      record.writeUInt32LE(Math.min(size, MAX32), 24);
      record.writeUInt16LE(name.length, 28);
      record.writeUInt16LE(extra.length, 30);
      record.writeUInt16LE(entry.comment?.length ?? 0, 32);
      record.writeUInt32LE(Math.min(at, MAX32), 42);
      central.put(name);
      central.put(extra);
      central.put(entry.comment ?? EMPTY);
      count++;
    }
    const directoryAt = out.offset;
    out.put(central.contents());
    const directoryBytes = out.offset - directoryAt;
    if (count > 0xffff || directoryAt >= MAX32) {
      const record = out.take(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(45, 12);
      record.writeUInt16LE(45, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(directoryBytes), 40);
      record.writeBigUInt64LE(BigInt(directoryAt), 48);
      const recordAt = out.offset - 56;
      const locator = out.take(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(recordAt), 8);
      locator.writeUInt32LE(1, 16);
    }
    const end = out.take(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(Math.min(directoryBytes, MAX32), 12);
    end.writeUInt32LE(Math.min(directoryAt, MAX32), 16);
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
}

const EMPTY = Buffer.alloc(0);

/** Bytes appended at the end; with `write`, handed over in blocks of 4 MB or more, else kept. */
class Sink {
  private buffer = Buffer.alloc(4 * 1024 ** 2);
  private used = 0;
  private flushedTo: number;

  constructor(
    private readonly write?: (bytes: Buffer, at: number) => void,
    start = 0,
  ) {
    this.flushedTo = start;
  }

  get offset(): number {
    return this.flushedTo + this.used;
  }

  /** `n` zeroed bytes to fill in place. */
  take(n: number): Buffer {
    if (this.write !== undefined && this.used + n > this.buffer.length) this.flush();
    if (this.used + n > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.used + n));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    const slice = this.buffer.subarray(this.used, this.used + n).fill(0);
    this.used += n;
    return slice;
  }

  put(bytes: Buffer): void {
    if (this.write !== undefined && bytes.length > this.buffer.length) {
      this.flush();
      this.write(bytes, this.flushedTo);
      this.flushedTo += bytes.length;
      return;
    }
    bytes.copy(this.take(bytes.length));
  }

  contents(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  flush(): void {
    if (this.write === undefined || this.used === 0) return;
    this.write(this.buffer.subarray(0, this.used), this.flushedTo);
    this.flushedTo += this.used;
    this.used = 0;
  }
}

/** A zip64 extended-information extra field holding these 8-byte values. */
function zip64Extra(values: readonly number[]): Buffer {
  const field = Buffer.alloc(4 + 8 * values.length);
  field.writeUInt16LE(0x0001, 0);
  field.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, i) => field.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  return field;
}
