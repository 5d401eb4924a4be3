import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverExports } from '../../src/source/discover.js';
import { SourceError } from '../../src/source/types.js';
import { useTempDir } from './zipKit.js';

const tmp = useTempDir();

/** Creates files (with placeholder content) at these paths relative to the temp folder. */
function touch(...relativePaths: string[]): void {
  for (const relative of relativePaths) {
    const filePath = path.join(tmp.dir, relative);
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    fs.writeFileSync(filePath, 'x');
  }
}

const at = (...relative: string[]) => path.join(tmp.dir, ...relative);

describe('discoverExports', () => {
  it('searches folders recursively for .txt, .zip and _chat.txt folders, in a stable order', () => {
    touch(
      'b.txt',
      'A.ZIP',
      'notes.md',
      'photo.jpg',
      'chats/2024/WhatsApp Chat with Priya Shah.txt',
      'chats/2024/WhatsApp Chat - Orders.zip',
      'WhatsApp Chat - Family/_chat.txt',
      'WhatsApp Chat - Family/00000003-PHOTO-2024-03-14-09-05-44.jpg',
      'WhatsApp Chat - Family/a-document.txt', // an attachment of that export, not an export
      'WhatsApp Chat - Family/inner/deeper.txt', // not searched: the folder is one export
    );
    expect(discoverExports([tmp.dir])).toEqual([
      at('A.ZIP'),
      at('WhatsApp Chat - Family'),
      at('b.txt'),
      at('chats', '2024', 'WhatsApp Chat - Orders.zip'),
      at('chats', '2024', 'WhatsApp Chat with Priya Shah.txt'),
    ]);
  });

  it('skips hidden entries and __MACOSX', () => {
    touch('.hidden.txt', '.Trash/old.zip', '__MACOSX/._chat.txt', '__MACOSX/x/WhatsApp Chat - A.zip', 'kept.txt');
    expect(discoverExports([tmp.dir])).toEqual([at('kept.txt')]);
  });

  it('does not follow symbolic links to folders, but takes links to export files', () => {
    touch('real/one.txt', 'elsewhere/two.txt');
    fs.symlinkSync(at('elsewhere'), at('real', 'linked-folder'));
    fs.symlinkSync(tmp.dir, at('real', 'loop'));
    fs.symlinkSync(at('elsewhere', 'two.txt'), at('real', 'linked.txt'));
    expect(discoverExports([at('real')])).toEqual([at('real', 'linked.txt'), at('real', 'one.txt')]);
  });

  it('treats a named folder holding _chat.txt as one export', () => {
    touch('WhatsApp Chat - Orders/_chat.txt', 'WhatsApp Chat - Orders/other.txt');
    expect(discoverExports([at('WhatsApp Chat - Orders')])).toEqual([at('WhatsApp Chat - Orders')]);
  });

  it('keeps named files as they are, in the order given, once each', () => {
    touch('z.txt', 'a.zip', 'WhatsApp Chat - Orders/_chat.txt');
    const chatText = at('WhatsApp Chat - Orders', '_chat.txt');
    expect(discoverExports([at('z.txt'), at('a.zip'), chatText, at('z.txt')])).toEqual([at('z.txt'), at('a.zip'), chatText]);
  });

  it('returns nothing for a folder without exports', () => {
    touch('photos/a.jpg');
    expect(discoverExports([at('photos')])).toEqual([]);
  });

  it('refuses a missing path, saying it does not exist', () => {
    expect(() => discoverExports([at('nope.txt')])).toThrow(SourceError);
    expect(() => discoverExports([at('nope.txt')])).toThrow(`"${at('nope.txt')}" does not exist.`);
  });

  it('refuses a named file that is neither .txt nor .zip', () => {
    touch('photo.jpg');
    expect(() => discoverExports([at('photo.jpg')])).toThrow(/is not a WhatsApp export/);
  });
});
