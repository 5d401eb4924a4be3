import zlib from 'node:zlib';
import type AdmZip from 'adm-zip';
import { EXPORT_AGAIN_HINT } from './hints.js';
import { SourceError } from './types.js';

const STORED = 0;
const DEFLATED = 8;

/**
 * The bytes of one zip entry, inflated by us rather than by adm-zip so the output can never grow
 * past the size the header declares (a header that lies fails at that size, it does not allocate
 * more), and checked against the declared size and CRC-32.
 * `label` names the entry in messages.
 */
export function inflateEntry(entry: AdmZip.IZipEntry, label: string): Buffer {
  const header = entry.header;
  assertReadableMethod(entry, label);
  const damaged = (why: string) => new SourceError(`${label} is damaged (${why}).`, EXPORT_AGAIN_HINT);

  let compressed: Buffer;
  try {
    compressed = entry.getCompressedData();
  } catch {
    throw damaged('its data is missing from the zip');
  }

  let data: Buffer;
  if (header.method === STORED) {
    if (compressed.length !== header.size) throw damaged('its size does not match its header');
    data = Buffer.from(compressed); // a copy, so callers never hold a view into the whole zip
  } else {
    try {
      // maxOutputLength must be at least 1; the length check below still catches a 0-byte entry that inflates to more.
      data = zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(1, header.size) });
    } catch (error) {
      const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw damaged(tooBig ? 'it holds more data than its header says' : 'its compressed data cannot be read');
    }
  }
  if (data.length !== header.size) throw damaged('its size does not match its header');
  if (zlib.crc32(data) !== header.crc >>> 0) throw damaged('its checksum does not match');
  return data;
}

/** Encrypted entries and methods other than stored/deflate are refused before reading anything. */
export function assertReadableMethod(entry: AdmZip.IZipEntry, label: string): void {
  if (entry.header.encrypted) {
    throw new SourceError(
      `${label} is password-protected, which WhatsApp exports never are.`,
      'Import the zip exactly as WhatsApp created it, not a re-packed or encrypted copy.',
    );
  }
  if (entry.header.method !== STORED && entry.header.method !== DEFLATED) {
    throw new SourceError(
      `${label} uses a compression method this program cannot read (method ${entry.header.method}).`,
      'Import the zip exactly as WhatsApp created it, or re-create the zip with your system\'s standard "Compress" command.',
    );
  }
}
