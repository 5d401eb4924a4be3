/** Zip64: sizes and offsets past 4 GiB are read, and held to the limits like any other. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../src/source/open.js';
import { SourceError } from '../../src/source/types.js';
import { deflated, writeRawZip } from './rawZip.js';
import { readMedia, useTempDir } from './zipKit.js';

const tmp = useTempDir();
const CHAT = Buffer.from('[14/03/2024, 09:05:44] Priya Shah: <attached: photo.jpg>\n');
const GiB = 1024 ** 3;

describe('zip64', () => {
  it('refuses an entry declared over the size limit by that limit, not as damaged', async () => {
    const zipPath = path.join(tmp.dir, 'WhatsApp Chat - Big.zip');
    // 5 GiB declared in the zip64 extra field: the 32-bit fields say 0xFFFFFFFF.
    writeRawZip(zipPath, [deflated('_chat.txt', CHAT), { name: 'video.mp4', data: Buffer.from('x'), method: 8, size: 5 * GiB }]);
    const error = await openExport(zipPath).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/"video\.mp4" in .* is 5 GB, more than the 1 GB allowed for one attachment/);
    expect((error as SourceError).message).not.toMatch(/damaged|not a valid zip/);
  });

  it('reads a zip larger than 4 GiB whose entries and directory lie past 4 GiB', async () => {
    const zipPath = path.join(tmp.dir, 'WhatsApp Chat - Large.zip');
    const photo = Buffer.from('photo bytes');
    // A hole of 4.1 GiB before the entries: sparse on disk, read as zeros, as if earlier entries were there.
    writeRawZip(zipPath, [deflated('_chat.txt', CHAT), { name: 'photo.jpg', data: photo }], Math.round(4.1 * GiB));
    expect(fs.statSync(zipPath).size).toBeGreaterThan(4 * GiB);
    const source = await openExport(zipPath);
    try {
      expect(source.chatText.text).toBe(CHAT.toString());
      expect(await readMedia(source.media, 'photo.jpg')).toEqual(photo);
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      source.close();
    }
  }, 300_000);
});
