import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../src/source/open.js';
import { SourceError } from '../../src/source/types.js';
import { FIXTURES, fixtureFiles, listTree, readMedia, writeZip, useTempDir, IOS_PHOTO, IOS_PDF, ANDROID_TXT, ANDROID_IMG } from './zipKit.js';

const tmp = useTempDir();

const fixture = (folder: string, name: string) => fs.readFileSync(path.join(FIXTURES, folder, name));

describe('zip exports', () => {
  it('opens an iOS zip: _chat.txt, media at the root, name from the zip', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat - Orders.zip'), fixtureFiles('ios-export'));
    const source = await openExport(zipPath);
    expect(source.source).toBe(zipPath);
    expect(source.chatName).toBe('Orders');
    expect(source.chatText.text).toBe(fixture('ios-export', '_chat.txt').toString('utf8'));
    expect(source.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(zipPath)).digest('hex'));
    expect(source.media.names().sort()).toEqual([IOS_PHOTO, IOS_PDF].sort());
    expect(await readMedia(source.media, IOS_PHOTO)).toEqual(fixture('ios-export', IOS_PHOTO));
    expect(await readMedia(source.media, IOS_PDF)).toEqual(fixture('ios-export', IOS_PDF));
  });

  it('answers undefined for names it does not hold, including the chat text itself', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat - Orders.zip'), fixtureFiles('ios-export'));
    const { media } = await openExport(zipPath);
    expect(await readMedia(media, '_chat.txt')).toBeUndefined();
    expect(await readMedia(media, 'missing.jpg')).toBeUndefined();
    expect(await readMedia(media, IOS_PHOTO.toLowerCase())).toBeUndefined(); // exact names only
  });

  it('opens an Android zip: the .txt named like an export, the media beside it', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat with Priya Shah.zip'), fixtureFiles('android-export'));
    const source = await openExport(zipPath);
    expect(source.chatName).toBe('Priya Shah');
    expect(source.chatText.text).toBe(fixture('android-export', ANDROID_TXT).toString('utf8'));
    expect(source.media.names()).toEqual([ANDROID_IMG]);
    expect(await readMedia(source.media, ANDROID_IMG)).toEqual(fixture('android-export', ANDROID_IMG));
  });

  it('picks the WhatsApp-named .txt over a .txt document sent in the chat', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat with Priya Shah.zip'), {
      ...fixtureFiles('android-export'),
      'a-notes.txt': 'a text document someone sent',
    });
    const source = await openExport(zipPath);
    expect(source.chatText.text).toContain('Invoice 4411');
    expect(source.media.names().sort()).toEqual([ANDROID_IMG, 'a-notes.txt'].sort());
  });

  it('takes the only .txt when it has been renamed', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'export.zip'), { 'chat.txt': 'hello\n', 'photo.jpg': 'x' });
    const source = await openExport(zipPath);
    expect(source.chatText.text).toBe('hello\n');
    expect(source.chatName).toBe('export');
    expect(source.media.names()).toEqual(['photo.jpg']);
  });

  it('ignores __MACOSX entries of a zip re-packed on a Mac', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat - Orders.zip'), {
      ...fixtureFiles('ios-export', 'WhatsApp Chat - Orders/'),
      '__MACOSX/WhatsApp Chat - Orders/.__chat.txt': Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]),
      [`__MACOSX/WhatsApp Chat - Orders/._${IOS_PHOTO}`]: Buffer.from([0, 5, 22, 7]),
      '__MACOSX/._chat.txt': Buffer.from([0, 5, 22, 7]), // a shallower .txt that must not win
    });
    const source = await openExport(zipPath);
    expect(source.chatText.text).toBe(fixture('ios-export', '_chat.txt').toString('utf8'));
    expect(source.media.names().sort()).toEqual([IOS_PHOTO, IOS_PDF].sort());
  });

  it('finds the export inside a folder of the zip; media only from that folder', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'nested', 'deeper', 'WhatsApp Chat - Orders.zip'), {
      'WhatsApp Chat - Orders/': Buffer.alloc(0),
      ...fixtureFiles('ios-export', 'WhatsApp Chat - Orders/'),
      'WhatsApp Chat - Orders/extra/other.jpg': 'not beside the chat text',
      'readme.md': 'not beside the chat text either',
    });
    const source = await openExport(zipPath);
    expect(source.chatName).toBe('Orders');
    expect(source.chatText.text).toContain('Invoice 4411');
    expect(source.media.names().sort()).toEqual([IOS_PHOTO, IOS_PDF].sort());
    expect(await readMedia(source.media, 'other.jpg')).toBeUndefined();
    expect(await readMedia(source.media, IOS_PDF)).toEqual(fixture('ios-export', IOS_PDF));
  });

  it('reads stored (uncompressed) entries as well as deflated ones', async () => {
    const zipPath = writeZip(
      path.join(tmp.dir, 'WhatsApp Chat - Orders.zip'),
      fixtureFiles('ios-export'),
      ['_chat.txt', IOS_PHOTO],
    );
    const source = await openExport(zipPath);
    expect(source.chatText.text).toBe(fixture('ios-export', '_chat.txt').toString('utf8'));
    expect(await readMedia(source.media, IOS_PHOTO)).toEqual(fixture('ios-export', IOS_PHOTO));
  });

  it('accepts a small chat text that compresses extremely well (the ratio check starts at 1 MiB)', async () => {
    const text = '14/03/2024, 09:05 - Priya Shah: ok\n'.repeat(25_000); // ~875 KB
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat with Priya Shah.zip'), { [ANDROID_TXT]: text });
    expect((await openExport(zipPath)).chatText.text).toBe(text);
  });

  it('writes nothing to disk while opening and reading', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'WhatsApp Chat - Orders.zip'), fixtureFiles('ios-export'));
    const before = listTree(tmp.dir);
    const { media } = await openExport(zipPath);
    for (const name of media.names()) await readMedia(media, name);
    expect(listTree(tmp.dir)).toEqual(before);
  });

  it('says when a zip holds no chat text', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'photos.zip'), { 'a.jpg': 'x', 'b.jpg': 'y' });
    await expect(openExport(zipPath)).rejects.toThrow(/no chat text file \(\.txt\) in ".*photos\.zip"/);
  });

  it('refuses to guess between two equally likely chat texts', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'two.zip'), { 'a.txt': 'one\n', 'b.txt': 'two\n' });
    await expect(openExport(zipPath)).rejects.toThrow(SourceError);
    await expect(openExport(zipPath)).rejects.toThrow(/several chat text files/);
  });

  it('refuses a zip with two exports in it instead of importing one of them', async () => {
    const zipPath = writeZip(path.join(tmp.dir, 'chats.zip'), {
      'WhatsApp Chat with Priya Shah.txt': 'one\n',
      'WhatsApp Chat with Tom\u00E1s Reyes.txt': 'two\n',
    });
    await expect(openExport(zipPath)).rejects.toThrow(/several chat text files/);
  });
});
