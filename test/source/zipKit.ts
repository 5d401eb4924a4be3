/**
 * Test helpers: temp folders, zips built at test time (no binary fixtures are committed), and
 * a patcher that rewrites entry headers to make the hostile zips adm-zip refuses to write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { afterEach, beforeEach } from 'vitest';
import type { MediaLookup } from '../../src/source/types.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/source/', import.meta.url));

/** The files in fixtures/source/ that tests name. */
export const IOS_PHOTO = '00000003-PHOTO-2024-03-14-09-05-44.jpg';
export const IOS_PDF = '00000004-Invoice 4411.pdf';
export const ANDROID_TXT = 'WhatsApp Chat with Priya Shah.txt';
export const ANDROID_IMG = 'IMG-20240314-WA0002.jpg';

/** A temp folder made before each test of the calling file and removed after it. */
export function useTempDir(): { readonly dir: string } {
  let current: { dir: string; cleanup: () => void } | undefined;
  beforeEach(() => {
    current = makeTempDir();
  });
  afterEach(() => current?.cleanup());
  return {
    get dir() {
      return current!.dir;
    },
  };
}

/** A fresh temp folder; call the returned cleanup in afterEach. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-source-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export type ZipContent = Record<string, string | Buffer>;

/** The files of a fixture folder, keyed by name, optionally under a folder inside the zip. */
export function fixtureFiles(folder: string, under = ''): ZipContent {
  const files: ZipContent = {};
  for (const name of fs.readdirSync(path.join(FIXTURES, folder))) {
    files[under + name] = fs.readFileSync(path.join(FIXTURES, folder, name));
  }
  return files;
}

/** Builds a zip in memory. Names ending in "/" become folder entries; `stored` names are not compressed. */
export function buildZip(content: ZipContent, stored: readonly string[] = []): Buffer {
  const zip = new AdmZip();
  for (const [name, data] of Object.entries(content)) {
    zip.addFile(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    if (stored.includes(name)) zip.getEntry(name)!.header.method = 0;
  }
  return zip.toBuffer();
}

export function writeZip(filePath: string, content: ZipContent, stored: readonly string[] = []): string {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.writeFileSync(filePath, buildZip(content, stored));
  return filePath;
}

export interface HeaderPatch {
  /** A new name of the same byte length (adm-zip cleans names like "../x" when writing). */
  name?: string;
  crc?: number;
  /** Declared uncompressed size. */
  size?: number;
  method?: number;
  flags?: number;
}

/**
 * Rewrites one entry's fields in both its local and its central header, walking the zip's real
 * structure (end record → central directory → local headers) rather than searching for signatures.
 */
export function patchEntry(zip: Buffer, entryName: string, patch: HeaderPatch): Buffer {
  const out = Buffer.from(zip);
  const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end-of-central-directory record');
  const count = out.readUInt16LE(end + 10);
  let central = out.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const nameLength = out.readUInt16LE(central + 28);
    const name = out.subarray(central + 46, central + 46 + nameLength).toString('utf8');
    const local = out.readUInt32LE(central + 42);
    if (name === entryName) {
      applyPatch(out, central, { flags: 8, method: 10, crc: 16, size: 24, name: 46 }, patch, nameLength);
      applyPatch(out, local, { flags: 6, method: 8, crc: 14, size: 22, name: 30 }, patch, nameLength);
      return out;
    }
    central += 46 + nameLength + out.readUInt16LE(central + 30) + out.readUInt16LE(central + 32);
  }
  throw new Error(`no entry named ${entryName}`);
}

function applyPatch(
  out: Buffer,
  at: number,
  offsets: { flags: number; method: number; crc: number; size: number; name: number },
  patch: HeaderPatch,
  nameLength: number,
): void {
  if (patch.flags !== undefined) out.writeUInt16LE(patch.flags, at + offsets.flags);
  if (patch.method !== undefined) out.writeUInt16LE(patch.method, at + offsets.method);
  if (patch.crc !== undefined) out.writeUInt32LE(patch.crc >>> 0, at + offsets.crc);
  if (patch.size !== undefined) out.writeUInt32LE(patch.size, at + offsets.size);
  if (patch.name !== undefined) {
    const bytes = Buffer.from(patch.name, 'utf8');
    if (bytes.length !== nameLength) throw new Error('a patched name must keep its byte length');
    bytes.copy(out, at + offsets.name);
  }
}

/** Every path under a folder, relative and sorted: to prove that nothing was written. */
export function listTree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

/** An attachment's bytes read whole, or undefined when the export has no file of that name. */
export async function readMedia(media: MediaLookup, name: string): Promise<Buffer | undefined> {
  const stream = await media.open(name);
  if (stream === undefined) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
