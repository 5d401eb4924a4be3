import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { EXPORT_AGAIN_HINT } from './hints.js';
import { SourceError } from './types.js';
import type { ZipDirectory, ZipEntry } from './zipDirectory.js';

const STORED = 0;
const DEFLATED = 8;

/**
 * One zip entry's bytes as a stream, inflated chunk by chunk. The stream fails (with a SourceError) as
 * soon as it holds more bytes than the header declares, so a header that lies never makes us hold or
 * write more than it said; at its end the size and CRC-32 are checked too. `label` names the entry in
 * messages.
 */
export async function openEntryStream(dir: ZipDirectory, entry: ZipEntry, label: string): Promise<Readable> {
  assertReadableMethod(entry, label);
  let data: Readable;
  try {
    // yauzl's low-level calls need only these fields of an entry; we keep no yauzl Entry objects (zipDirectory.ts).
    const { fileDataStart } = await dir.zip.readLocalFileHeaderPromise(entry as never, { minimal: true });
    // Not openReadStreamLowLevelPromise: yauzl 3.4's calls openReadStream with the wrong arguments.
    data = await new Promise<Readable>((resolve, reject) =>
      dir.zip.openReadStreamLowLevel(fileDataStart, entry.compressedSize, 0, entry.compressedSize, entry.method === DEFLATED, entry.size, (error, stream) =>
        error === null ? resolve(stream) : reject(error),
      ),
    );
  } catch {
    throw damaged(label, 'its data is missing from the zip');
  }
  const check = new EntryCheck(entry, label);
  // yauzl's stream reports zlib's and the file's errors as its own: they all mean unreadable data.
  data.on('error', () => check.destroy(damaged(label, 'its compressed data cannot be read')));
  check.on('close', () => data.destroy());
  return data.pipe(check);
}

/** Counts and checksums the bytes passing through; fails the moment there are more than declared. */
class EntryCheck extends Transform {
  private bytes = 0;
  private crc = 0;

  constructor(
    private readonly entry: ZipEntry,
    private readonly label: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.entry.size) return done(damaged(this.label, 'it holds more data than its header says'));
    this.crc = zlib.crc32(chunk, this.crc);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes !== this.entry.size) return done(damaged(this.label, 'its size does not match its header'));
    if (this.crc >>> 0 !== this.entry.crc32 >>> 0) return done(damaged(this.label, 'its checksum does not match'));
    done();
  }
}

/** A whole entry in memory: only for entries whose declared size was checked against a limit. */
export async function readEntry(dir: ZipDirectory, entry: ZipEntry, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntryStream(dir, entry, label)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function damaged(label: string, why: string): SourceError {
  return new SourceError(`${label} is damaged (${why}).`, EXPORT_AGAIN_HINT);
}

/** Encrypted entries and methods other than stored/deflate are refused before reading anything. */
export function assertReadableMethod(entry: ZipEntry, label: string): void {
  if (entry.encrypted) {
    throw new SourceError(
      `${label} is password-protected, which WhatsApp exports never are.`,
      'Import the zip exactly as WhatsApp created it, not a re-packed or encrypted copy.',
    );
  }
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    throw new SourceError(
      `${label} uses a compression method this program cannot read (method ${entry.method}).`,
      'Import the zip exactly as WhatsApp created it, or re-create the zip with your system\'s standard "Compress" command.',
    );
  }
}
