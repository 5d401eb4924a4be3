import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FolderNames } from '../../src/ops/exportBundle.js';
import { cli, cliJson, spawnCli, tempDir } from '../helpers/cli.js';
import { ENV, exportBundle, makeArchive, PHOTO, zipFiles } from './bundleKit.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
let dir: string;
let archive: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-bundle-'));
  archive = await makeArchive(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export --format bundle', () => {
  test('holds per chat html, json, txt and the media, and a manifest listing every file with its SHA-256', async () => {
    const out = join(tempDir(), 'records.zip');
    const r = await exportBundle(archive, out);
    expect(r.code).toBe(0);
    const files = zipFiles(out);
    const photo = sha256(readFileSync(PHOTO));
    expect([...files.keys()]).toEqual([
      'Orders/chat.html', 'Orders/chat.json', 'Orders/chat.txt', `Orders/media/${photo}.jpg`,
      'Priya Shah/chat.html', 'Priya Shah/chat.json', 'Priya Shah/chat.txt',
      'manifest.json',
    ]);
    expect(files.get(`Orders/media/${photo}.jpg`)).toEqual(readFileSync(PHOTO));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    // The html links the photo to its copy, and its records header names this chat and the archive's state.
    const html = files.get('Orders/chat.html')!.toString();
    expect(html.match(/<a class="open" href="([^"]+)">/g)).toEqual([`<a class="open" href="media/${photo}.jpg">`]);
    expect(html).toContain('<dt>Chat</dt><dd>Orders</dd>');
    expect(html).toContain(`fingerprint <code>${manifest.archive.fingerprint}</code>`);
    const listed = [...files].filter(([path]) => path !== 'manifest.json').map(([path, bytes]) => ({ path, sha256: sha256(bytes), size: bytes.length }));
    expect(manifest.files).toEqual(listed);
    expect(manifest).toMatchObject({
      format: 'wa-archive bundle',
      tool: { name: 'wa-archive', version: '0.1.0' },
      createdAt: '2026-01-31T12:00:00.000Z',
      selection: { chats: null, since: null, until: null, query: null },
      counts: { chats: 2, messages: 22, media: 1 },
      first: '2024-01-12T09:02:00+00:00',
      last: '2024-03-14T09:06:02+00:00',
      chats: [{ name: 'Orders', folder: 'Orders', messages: 4 }, { name: 'Priya Shah', folder: 'Priya Shah', messages: 18 }],
    });
  });

  test('the manifest is pretty-printed with sorted keys and records the state of the records (the newest entry that is not an export)', async () => {
    const before = (await cliJson(['--archive', archive, 'log'], { env: ENV })).json;
    await exportBundle(archive, join(tempDir(), 'earlier.zip')); // an export in between changes no record
    const out = join(tempDir(), 'records.zip');
    await exportBundle(archive, out, '--chat', 'priya shah', '--since', '2024-01-13');
    const text = zipFiles(out).get('manifest.json')!.toString('utf8');
    expect(text.startsWith('{\n  "archive": {\n    "archiveId": ')).toBe(true);
    const manifest = JSON.parse(text);
    expect(Object.keys(manifest)).toEqual([...Object.keys(manifest)].sort());
    const state = before.entries.filter((e: any) => e.operation !== 'export').at(-1);
    expect(manifest.archive.entries).toBe(state.seq);
    expect(manifest.archive.fingerprint).toBe(state.hash);
    expect(manifest.selection).toEqual({ chats: ['priya shah'], since: '2024-01-13', until: null, query: null });
    expect(manifest.counts).toEqual({ chats: 1, messages: 9, media: 0 });
    const after = (await cliJson(['--archive', archive, 'log'], { env: ENV })).json;
    const entry = after.entries.at(-1);
    expect(entry.operation).toBe('export');
    expect(entry.details).toMatchObject({ format: 'bundle', out: 'records.zip', counts: { chats: 1, messages: 9, media: 0 } });
    expect(entry.details.manifest).toBe(sha256(Buffer.from(text)));
  });

  test('each chat file has the same bytes as the standalone export of that chat with the same selection', async () => {
    const work = tempDir();
    const selection = ['--since', '2024-01-13', '--query', 'delivery OR paid OR invoice'];
    await exportBundle(archive, join(work, 'b.zip'), ...selection);
    const files = zipFiles(join(work, 'b.zip'));
    for (const format of ['html', 'json', 'txt']) {
      const out = join(work, `orders.${format}`);
      const r = await cli(['--archive', archive, '-q', 'export', '--format', format, '--chat', 'Orders', '--out', out, ...selection], { env: ENV });
      expect(r.code).toBe(0);
      // The bundle's html links each stored file to its copy in media/: the only difference.
      const inBundle = files.get(`Orders/chat.${format}`)!;
      const same = format === 'html' ? Buffer.from(inBundle.toString().replace(/ · <a class="open" href="[^"]*">[^<]*<\/a>/g, '')) : inBundle;
      expect(same).toEqual(readFileSync(out));
    }
  });

  test('is deterministic: the same archive and selection give the same bytes, in any time zone, export after export', async () => {
    const work = tempDir();
    await exportBundle(archive, join(work, 'a.zip'));
    const spawned = spawnCli(['--archive', archive, '-q', 'export', '--format', 'bundle', '--out', join(work, 'b.zip')], { ...ENV, TZ: 'Asia/Tokyo' });
    expect(spawned.code).toBe(0);
    expect(readFileSync(join(work, 'b.zip')).equals(readFileSync(join(work, 'a.zip')))).toBe(true);
  });

  test('needs --out with a .zip name, and refuses to replace a file without --force', async () => {
    const work = tempDir();
    const none = await cli(['--archive', archive, 'export', '--format', 'bundle'], { env: ENV });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^wa-archive: .*bundle.*\nhint: .*--out/);
    const notZip = await exportBundle(archive, join(work, 'records.json'));
    expect(notZip.code).toBe(2);
    expect(existsSync(join(work, 'records.json'))).toBe(false);
    await exportBundle(archive, join(work, 'r.zip'));
    const again = await exportBundle(archive, join(work, 'r.zip'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect((await cli(['--archive', archive, '-q', 'export', '--format', 'bundle', '--out', join(work, 'r.zip'), '--force'], { env: ENV })).code).toBe(0);
  });
});

describe('chat folder names', () => {
  test('are safe on every system and unique ignoring case', () => {
    const names = new FolderNames();
    const taken = [
      'Priya Shah', 'priya shah', '../../etc/passwd', 'a/b\\c:d*e?f"g<h>i|j', 'CON', 'lpt1.txt', '', '...', ' .hidden. ',
      '\u202Eexe.txt', 'tab\there\nnewline', 'manifest.json', 'Family \u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 'x'.repeat(300),
    ].map((n) => names.take(n));
    expect(taken).toEqual([
      'Priya Shah', 'priya shah (2)', '_.._etc_passwd', 'a_b_c_d_e_f_g_h_i_j', '_CON', '_lpt1.txt', 'chat', 'chat (2)', 'hidden',
      '_exe.txt', 'tab_here_newline', 'manifest.json (2)', 'Family \u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 'x'.repeat(80),
    ]);
    for (const name of taken) {
      expect(name).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]|^\.|\.$|^\s|\s$/);
      expect(name.split(/[\\/]/)).not.toContain('..');
    }
  });
});

describe('a damaged archive', () => {
  test.each([
    ['changed', (file: string) => writeFileSync(file, 'not the photo any more')],
    ['missing', (file: string) => rmSync(file)],
  ])('a media file %s: the export fails (exit 1) and leaves no file behind', async (_what, damage) => {
    const work = tempDir();
    const copy = join(work, 'copy');
    cpSync(archive, copy, { recursive: true });
    const photo = sha256(readFileSync(PHOTO));
    damage(join(copy, 'media', photo.slice(0, 2), photo));
    const r = await exportBundle(copy, join(work, 'records.zip'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wa-archive: the archive's copy of "00000003-PHOTO-2024-03-14-09-05-44\.jpg" \(\w+\) is missing or damaged\nhint: Run "wa-archive verify"/);
    expect(readdirSync(work)).toEqual(['copy']);
  });
});
