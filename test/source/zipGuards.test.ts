import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExport } from '../../src/source/open.js';
import { isUnsafeEntryName } from '../../src/source/zipEntryName.js';
import { DEFAULT_LIMITS, SourceError, type SourceLimits } from '../../src/source/types.js';
import { buildZip, fixtureFiles, listTree, makeTempDir, patchEntry, readMedia, writeZip, type ZipContent } from './zipKit.js';

const CHAT = '[14/03/2024, 09:05:41] Priya Shah: Invoice 4411 is attached\n';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function saveZip(bytes: Buffer, name = 'WhatsApp Chat - Orders.zip'): string {
  const zipPath = path.join(tmp.dir, name);
  fs.writeFileSync(zipPath, bytes);
  return zipPath;
}

/** The SourceError `run` throws; fails the test if it throws anything else or nothing. */
async function sourceError(run: () => unknown): Promise<SourceError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

const limits = (overrides: Partial<SourceLimits>): SourceLimits => ({ ...DEFAULT_LIMITS, ...overrides });

describe('isUnsafeEntryName', () => {
  it.each([
    ['../evil.txt', true],
    ['a/../../evil.txt', true],
    ['a\\..\\evil.txt', true],
    ['/abs.txt', true],
    ['\\abs.txt', true],
    ['C:\\Windows\\evil.txt', true],
    ['C:/evil.txt', true],
    ['a\u0000.txt', true],
    ['_chat.txt', false],
    ['WhatsApp Chat - Orders/_chat.txt', false],
    ['..hidden-looking but fine.txt', false],
    ['a/..b/c.txt', false],
  ])('%j -> %s', async (name, unsafe) => {
    expect(isUnsafeEntryName(name)).toBe(unsafe);
  });
});

describe('hostile zips', () => {
  // adm-zip cleans such names when writing, so a same-length placeholder is renamed in the headers.
  it.each([
    ['../evil.txt', 'xx/evil.txt'],
    ['/abs.txt', 'xabs.txt'],
    ['C:\\evil.txt', 'Cxxevil.txt'],
    ['x/../../evil.jpg', 'x/aa/aa/evil.jpg'.slice(0, 16)],
  ])('refuses a zip with the entry %j as a whole and writes nothing', async (hostile, placeholder) => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, [placeholder]: 'pwned' }), placeholder, { name: hostile });
    const zipDir = path.join(tmp.dir, 'a', 'b');
    fs.mkdirSync(zipDir, { recursive: true });
    const zipPath = path.join(zipDir, 'WhatsApp Chat - Orders.zip');
    fs.writeFileSync(zipPath, zip);
    const before = listTree(tmp.dir);

    const error = await sourceError(() => openExport(zipPath));
    expect(error.message).toContain(hostile);
    expect(error.message).toMatch(/refused/);
    expect(listTree(tmp.dir)).toEqual(before);
    expect(fs.existsSync(path.join(tmp.dir, 'a', 'evil.txt'))).toBe(false);
  });

  it('refuses a zip bomb by its compression ratio before inflating it', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat - Orders.zip'), {
      '_chat.txt': CHAT,
      'bomb.jpg': Buffer.alloc(50 * 1024 ** 2), // 50 MB of zeros deflate to ~50 KB
    });
    expect(fs.statSync(zipPath).size).toBeLessThan(1024 ** 2);
    const error = await sourceError(() => openExport(zipPath));
    expect(error.message).toMatch(/zip bomb/);
    expect(error.message).toContain('bomb.jpg');
  });

  it('fails reading an attachment whose header understates its size, without inflating past it', async () => {
    const real = Buffer.alloc(20 * 1024 ** 2, 0x41); // 20 MB of "A" declared as 1000 bytes: under the ratio check
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, 'liar.jpg': real }), 'liar.jpg', { size: 1000 });
    const { media } = await openExport(saveZip(zip));
    const error = await sourceError(() => readMedia(media, 'liar.jpg'));
    expect(error.message).toMatch(/damaged \(it holds more data than its header says\)/);
  });

  it('refuses a chat text whose header understates its size', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT.repeat(100) }), '_chat.txt', { size: 100 });
    expect((await sourceError(() => openExport(saveZip(zip)))).message).toMatch(/"_chat\.txt" in .* is damaged/);
  });

  it('fails reading an attachment whose header overstates its size', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, 'short.jpg': 'only a few bytes' }), 'short.jpg', { size: 500_000 });
    const { media } = await openExport(saveZip(zip));
    expect((await sourceError(() => readMedia(media, 'short.jpg'))).message).toMatch(/size does not match/);
  });

  it('fails reading a stored attachment whose header lies about its size', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, 'stored.jpg': 'stored bytes' }, ['stored.jpg']), 'stored.jpg', { size: 5 });
    const { media } = await openExport(saveZip(zip));
    expect((await sourceError(() => readMedia(media, 'stored.jpg'))).message).toMatch(/damaged/);
  });

  it('fails reading an attachment with a wrong CRC-32', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, 'photo.jpg': 'photo bytes' }), 'photo.jpg', { crc: 0x12345678 });
    const { media } = await openExport(saveZip(zip));
    expect((await sourceError(() => readMedia(media, 'photo.jpg'))).message).toMatch(/damaged \(its checksum does not match\)/);
  });

  it('refuses a chat text with a wrong CRC-32', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT }), '_chat.txt', { crc: 1 });
    expect((await sourceError(() => openExport(saveZip(zip)))).message).toMatch(/checksum/);
  });

  it('refuses encrypted entries before reading anything', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, 'photo.jpg': 'photo bytes' }), 'photo.jpg', { flags: 0x0801 });
    expect((await sourceError(() => openExport(saveZip(zip)))).message).toMatch(/password-protected/);
  });

  it('refuses compression methods other than stored and deflate', async () => {
    const zip = patchEntry(buildZip({ '_chat.txt': CHAT, 'photo.jpg': 'photo bytes' }), 'photo.jpg', { method: 12 });
    expect((await sourceError(() => openExport(saveZip(zip)))).message).toMatch(/compression method .* \(method 12\)/);
  });

  it.each([
    ['a text file named .zip', Buffer.from('this is not a zip\n')],
    ['an empty file', Buffer.alloc(0)],
    ['a zip cut in half', buildZip(fixtureFiles('ios-export')).subarray(0, 200)],
  ])('says %s is not a valid zip file', async (_, bytes) => {
    const error = await sourceError(() => openExport(saveZip(bytes)));
    expect(error.message).toMatch(/is not a valid zip file/);
    expect(error.hint).toMatch(/Export the chat again/);
  });
});

describe('zip limits', () => {
  const fourFiles: ZipContent = { '_chat.txt': CHAT, 'a.jpg': 'a', 'b.jpg': 'b', 'c.jpg': 'c' };

  it('refuses more entries than maxEntries', async () => {
    const zipPath = saveZip(buildZip(fourFiles));
    expect((await sourceError(() => openExport(zipPath, limits({ maxEntries: 3 })))).message).toMatch(/holds 4 files and folders, more than the 3/);
  });

  it('accepts exactly maxEntries entries', async () => {
    const zipPath = saveZip(buildZip(fourFiles));
    expect((await openExport(zipPath, limits({ maxEntries: 4 }))).media.names()).toHaveLength(3);
  });

  it('refuses an attachment declared larger than maxEntryBytes', async () => {
    const zipPath = saveZip(buildZip({ '_chat.txt': CHAT, 'big.jpg': 'x'.repeat(20) }));
    const error = await sourceError(() => openExport(zipPath, limits({ maxEntryBytes: 10 })));
    expect(error.message).toMatch(/"big\.jpg" .* is 20 bytes, more than the 10 bytes allowed for one attachment/);
  });

  it('refuses a chat text declared larger than maxTextBytes', async () => {
    const zipPath = saveZip(buildZip({ '_chat.txt': CHAT }));
    const error = await sourceError(() => openExport(zipPath, limits({ maxTextBytes: 10 })));
    expect(error.message).toMatch(/allowed for a chat text/);
  });

  it('refuses a zip whose declared sizes add up to more than maxTotalBytes', async () => {
    const zipPath = saveZip(buildZip({ '_chat.txt': CHAT, 'a.jpg': 'x'.repeat(40), 'b.jpg': 'y'.repeat(40) }));
    const error = await sourceError(() => openExport(zipPath, limits({ maxTotalBytes: CHAT.length + 79 })));
    expect(error.message).toMatch(/would unpack to/);
  });

  it('stops reading once the bytes inflated so far pass maxTotalBytes', async () => {
    const zipPath = saveZip(buildZip({ '_chat.txt': CHAT, 'a.jpg': 'x'.repeat(40) }));
    const { media } = await openExport(zipPath, limits({ maxTotalBytes: CHAT.length + 80 }));
    expect(await readMedia(media, 'a.jpg')).toHaveLength(40);
    expect(await readMedia(media, 'a.jpg')).toHaveLength(40);
    expect((await sourceError(() => readMedia(media, 'a.jpg'))).message).toMatch(/would take more than/);
  });
});
