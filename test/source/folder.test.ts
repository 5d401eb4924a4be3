import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSourceError } from '../../src/source/fsErrors.js';
import { openExport } from '../../src/source/open.js';
import { DEFAULT_LIMITS, SourceError } from '../../src/source/types.js';
import { FIXTURES, readMedia, useTempDir, IOS_PHOTO, IOS_PDF, ANDROID_TXT, ANDROID_IMG } from './zipKit.js';

const tmp = useTempDir();

function copyFixture(folder: string, to: string): string {
  const target = path.join(tmp.dir, to);
  fs.cpSync(path.join(FIXTURES, folder), target, { recursive: true });
  return target;
}

describe('unzipped iOS folder exports', () => {
  it('reads _chat.txt, names the chat after the folder, hashes the chat text', async () => {
    const folder = copyFixture('ios-export', 'WhatsApp Chat - Orders');
    const source = await openExport(folder);
    const chatText = fs.readFileSync(path.join(folder, '_chat.txt'));
    expect(source.source).toBe(folder);
    expect(source.chatName).toBe('Orders');
    expect(source.chatText.text).toBe(chatText.toString('utf8'));
    expect(source.sha256).toBe(crypto.createHash('sha256').update(chatText).digest('hex'));
  });

  it('lists and reads the attachments beside _chat.txt by exact name only', async () => {
    const folder = copyFixture('ios-export', 'WhatsApp Chat - Orders');
    fs.writeFileSync(path.join(folder, '.DS_Store'), 'finder junk');
    fs.mkdirSync(path.join(folder, 'sub'));
    fs.writeFileSync(path.join(folder, 'sub', 'inner.jpg'), 'not beside the chat text');
    fs.writeFileSync(path.join(tmp.dir, 'outside.jpg'), 'outside the export');
    fs.symlinkSync(path.join(tmp.dir, 'outside.jpg'), path.join(folder, 'link.jpg'));

    const { media } = await openExport(folder);
    expect(media.names()).toEqual([IOS_PHOTO, IOS_PDF].sort());
    expect(await readMedia(media, IOS_PHOTO)).toEqual(fs.readFileSync(path.join(FIXTURES, 'ios-export', IOS_PHOTO)));
    for (const name of [IOS_PHOTO.toLowerCase(), '_chat.txt', '.DS_Store', 'sub', 'sub/inner.jpg', '../outside.jpg', 'link.jpg', 'missing.jpg', '']) {
      expect(await readMedia(media, name), name).toBeUndefined();
    }
  });

  it('looks attachments up lazily: at read time, not at open time', async () => {
    const folder = copyFixture('ios-export', 'WhatsApp Chat - Orders');
    const { media } = await openExport(folder);
    fs.writeFileSync(path.join(folder, IOS_PHOTO), 'replaced after opening');
    fs.writeFileSync(path.join(folder, 'late.jpg'), 'added after opening');
    expect((await readMedia(media, IOS_PHOTO))?.toString()).toBe('replaced after opening');
    expect(media.names()).toContain('late.jpg');
  });

  it('refuses an attachment larger than maxEntryBytes when it is read', async () => {
    const folder = copyFixture('ios-export', 'WhatsApp Chat - Orders');
    const { media } = await openExport(folder, { ...DEFAULT_LIMITS, maxEntryBytes: 5 });
    expect(media.names()).toContain(IOS_PHOTO);
    await expect(readMedia(media, IOS_PHOTO)).rejects.toThrow(/more than the 5 bytes allowed for one attachment/);
  });

  it('refuses a folder without _chat.txt', async () => {
    const folder = path.join(tmp.dir, 'holiday photos');
    fs.mkdirSync(folder);
    await expect(openExport(folder)).rejects.toThrow(SourceError);
    await expect(openExport(folder)).rejects.toThrow(/has no _chat\.txt file/);
  });
});

describe('.txt exports', () => {
  it('opens an Android .txt with the media of an unzipped export beside it', async () => {
    const folder = copyFixture('android-export', 'unzipped');
    const txtPath = path.join(folder, ANDROID_TXT);
    const source = await openExport(txtPath);
    expect(source.source).toBe(txtPath);
    expect(source.chatName).toBe('Priya Shah');
    expect(source.chatText.text).toContain('Invoice 4411');
    expect(source.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(txtPath)).digest('hex'));
    expect(source.media.names()).toEqual([ANDROID_IMG]);
    expect(await readMedia(source.media, ANDROID_IMG)).toEqual(fs.readFileSync(path.join(FIXTURES, 'android-export', ANDROID_IMG)));
    expect(await readMedia(source.media, ANDROID_TXT)).toBeUndefined();
  });

  it('names a bare _chat.txt after its folder', async () => {
    const folder = copyFixture('ios-export', 'WhatsApp Chat - Orders');
    expect((await openExport(path.join(folder, '_chat.txt'))).chatName).toBe('Orders');
  });

  it('refuses a chat text larger than maxTextBytes before reading it', async () => {
    const folder = copyFixture('android-export', 'unzipped');
    const open = () => openExport(path.join(folder, ANDROID_TXT), { ...DEFAULT_LIMITS, maxTextBytes: 10 });
    await expect(open()).rejects.toThrow(SourceError);
    await expect(open()).rejects.toThrow(/more than the 10 bytes allowed for a chat text/);
  });

  it('refuses an empty .txt with a message naming it, when its text is read', async () => {
    const txtPath = path.join(tmp.dir, 'WhatsApp Chat with Nobody.txt');
    fs.writeFileSync(txtPath, '');
    const source = await openExport(txtPath);
    expect(() => source.chatText.text).toThrow(SourceError);
    expect(() => source.chatText.text).toThrow(`"${txtPath}" is empty`);
  });
});

describe('openExport failures are SourceErrors people can act on', () => {
  it('says a missing path does not exist, with a hint', async () => {
    const missing = path.join(tmp.dir, 'WhatsApp Chat with Ghost.txt');
    try {
      await openExport(missing);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).message).toBe(`"${missing}" does not exist.`);
      expect((error as SourceError).hint).toBeTruthy();
    }
  });

  it('refuses a file that is neither .txt nor .zip', async () => {
    const photo = path.join(tmp.dir, 'photo.jpg');
    fs.writeFileSync(photo, 'x');
    await expect(openExport(photo)).rejects.toThrow(/expected a \.txt or \.zip file, or a folder/);
  });

  // A real unreadable file cannot be made as root (root reads anything, and tests run as root in CI),
  // so the mapping from the error codes is checked directly.
  it.each(['EACCES', 'EPERM'])('turns %s into a permission message with a hint', async (code) => {
    const error = toSourceError(Object.assign(new Error('raw'), { code }), '/x/chat.txt');
    expect(error.message).toBe('You do not have permission to read "/x/chat.txt".');
    expect(error.hint).toMatch(/permissions/);
  });

  it('passes an existing SourceError through unchanged', async () => {
    const original = new SourceError('already explained', 'hint');
    expect(toSourceError(original, '/x')).toBe(original);
  });
});
