import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';
import { buildZip, fixtureFiles, listTree, patchEntry, writeZip } from '../source/zipKit.js';

async function importJson(archive: string, ...args: string[]) {
  return cliJson(['--archive', archive, 'import', ...args]);
}

function archiveFiles(archive: string): string[] {
  return existsSync(archive) ? listTree(archive).filter((f) => !/archive\.db(-wal|-shm)?$/.test(f)) : [];
}

async function messageCount(archive: string): Promise<number> {
  const chats = (await cliJson(['--archive', archive, 'chats'])).json as { messages: number }[];
  return chats.reduce((n, c) => n + c.messages, 0);
}

describe('media', () => {
  test('attachments in an iOS zip are stored by content and linked by exact name', async () => {
    const dir = tempDir();
    const zip = writeZip(join(dir, 'WhatsApp Chat - Orders.zip'), fixtureFiles('ios-export'));
    const { json } = await importJson(join(dir, 'a'), zip);
    expect(json.imports[0]).toMatchObject({ chat: 'Orders', platform: 'ios', media: 1 });
    const messages = (await cliJson(['--archive', join(dir, 'a'), 'show', 'Orders'])).json.messages;
    const photo = messages.find((m: any) => m.kind === 'media');
    const bytes = readFileSync(join('fixtures/source/ios-export/00000003-PHOTO-2024-03-14-09-05-44.jpg'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(photo.media).toEqual([{ name: '00000003-PHOTO-2024-03-14-09-05-44.jpg', sha256: sha, size: bytes.length, status: 'stored' }]);
    expect(readFileSync(join(dir, 'a', 'media', sha.slice(0, 2), sha)).equals(bytes)).toBe(true);
  });

  test('the same file sent twice is stored once; a file missing from the export is recorded as missing', async () => {
    const dir = tempDir();
    const text = [
      '14/03/2024, 09:05 - Priya: IMG-1.jpg (file attached)',
      'first caption',
      '14/03/2024, 09:06 - Priya: IMG-1.jpg (file attached)',
      '15/03/2024, 09:07 - Priya: IMG-2.jpg (file attached)',
    ].join('\n');
    const zip = writeZip(join(dir, 'WhatsApp Chat with Priya.zip'), { 'WhatsApp Chat with Priya.txt': text, 'IMG-1.jpg': 'jpeg bytes' });
    const archive = join(dir, 'a');
    const { json } = await importJson(archive, zip);
    expect(json.imports[0]).toMatchObject({ added: 3, media: 1 });
    expect(archiveFiles(archive).filter((f) => /^media\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f))).toHaveLength(1);
    const messages = (await cliJson(['--archive', archive, 'show', 'Priya'])).json.messages;
    expect(messages[0]).toMatchObject({ text: 'first caption', media: [{ name: 'IMG-1.jpg', size: 10 }] });
    expect(messages[1].media[0].sha256).toBe(messages[0].media[0].sha256);
    expect(messages[2].media).toEqual([{ name: 'IMG-2.jpg', sha256: null, size: null, status: 'missing' }]);
    expect((await cli(['--archive', archive, 'show', 'Priya'])).stdout).toContain('[missing: IMG-2.jpg]');
  });

  test('an unzipped iOS export folder and folders of exports are imported recursively', async () => {
    const dir = tempDir();
    const tree = join(dir, 'exports');
    writeZip(join(tree, 'ios', 'WhatsApp Chat - Orders.zip'), fixtureFiles('ios-export'));
    writeExport(tree, 'WhatsApp Chat with Tom.txt', '14/03/2024, 09:05 - Tom: hi\n');
    const { json } = await importJson(join(dir, 'a'), tree);
    expect(json.imports.map((i: any) => i.chat).sort()).toEqual(['Orders', 'Tom']);
  });
});

describe('hostile or broken input changes nothing', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['a zip entry with ..', (dir) => {
      const zip = patchEntry(buildZip({ '_chat.txt': '[14/03/2024, 09:05:41] A: hi\n', 'xx/evil.txt': 'pwned' }), 'xx/evil.txt', { name: '../evil.txt' });
      return writeExport(dir, 'WhatsApp Chat - Evil.zip', zip);
    }, /unsafe|outside/i],
    ['a zip entry with an absolute path', (dir) => {
      const zip = patchEntry(buildZip({ '_chat.txt': '[14/03/2024, 09:05:41] A: hi\n', 'tmp/evil.txt': 'pwned' }), 'tmp/evil.txt', { name: '/tmp/evil.tx' });
      return writeExport(dir, 'WhatsApp Chat - Abs.zip', zip);
    }, /unsafe|absolute|outside/i],
    ['a zip bomb', (dir) => writeZip(join(dir, 'WhatsApp Chat - Bomb.zip'), {
      '_chat.txt': '[14/03/2024, 09:05:41] A: <attached: big.bin>\n', 'big.bin': Buffer.alloc(60 * 1024 * 1024),
    }), /bomb|expands|ratio|compress/i],
    ['binary garbage', (dir) => writeExport(dir, 'WhatsApp Chat with X.txt', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))), /binary|text|UTF-8/i],
    ['an empty file', (dir) => writeExport(dir, 'WhatsApp Chat with X.txt', ''), /empty/i],
    ['non-UTF-8 text', (dir) => writeExport(dir, 'WhatsApp Chat with X.txt', Buffer.from('14/03/2024, 09:05 - Jos\xe9: ol\xe1\n', 'latin1')), /UTF-8/],
    ['a file that is not a zip', (dir) => writeExport(dir, 'WhatsApp Chat - X.zip', 'not a zip at all'), /zip/],
  ];

  test.each(cases)('%s', async (_name, make, message) => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    await cli(['--archive', archive, '-q', 'import', writeExport(dir, 'WhatsApp Chat with Keep.txt', '14/03/2024, 09:05 - K: keep me\n')]);
    const before = archiveFiles(archive);
    const outside = readdirSync(dir).sort();
    const file = make(dir);
    const r = await importJson(archive, file);
    expect(r.code).toBe(1);
    expect(r.json.imports).toEqual([]);
    expect(r.json.failed[0].error).toMatch(message);
    expect(r.stderr).toMatch(/^wa-archive: cannot import .*nothing of it was imported\nhint: /m);
    expect(r.stderr).not.toMatch(/[.!?]; nothing of it was imported/); // one sentence's end, not two
    expect(archiveFiles(archive)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual([...outside, file.split('/').pop()].sort());
    expect(await messageCount(archive)).toBe(1);
  });

  test('UTF-16 exports with a BOM are decoded', async () => {
    const dir = tempDir();
    const text = '\uFEFF14/03/2024, 09:05 - José: olá\n15/03/2024, 09:05 - José: tchau\n';
    const file = writeExport(dir, 'WhatsApp Chat with José.txt', Buffer.from(text, 'utf16le'));
    const { json } = await importJson(join(dir, 'a'), file);
    expect(json.imports[0]).toMatchObject({ chat: 'José', added: 2 });
    const messages = (await cliJson(['--archive', join(dir, 'a'), 'show', 'José'])).json.messages;
    expect(messages.map((m: any) => [m.author, m.text])).toEqual([['José', 'olá'], ['José', 'tchau']]);
  });
});
