import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENV, exportBundle, makeArchive, rezip } from '../export/bundleKit.js';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { patchEntry } from '../source/zipKit.js';

let dir: string;
let archive: string;
let original: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-verify-bundle-'));
  archive = await makeArchive(dir);
  original = join(dir, 'records.zip');
  expect((await exportBundle(archive, original)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the bundle, changed by `change`. */
function tampered(change: (zip: AdmZip) => void): string {
  const file = join(tempDir(), 'records.zip');
  copyFileSync(original, file);
  rezip(file, change);
  return file;
}

function editManifest(zip: AdmZip, edit: (manifest: any) => void): void {
  const manifest = JSON.parse(zip.readAsText('manifest.json'));
  edit(manifest);
  zip.updateFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
}

describe('verify --bundle', () => {
  test('an untouched bundle: exit 0, a summary and the fingerprint it carries', async () => {
    const log = (await cliJson(['--archive', archive, 'log'], { env: ENV })).json;
    const r = await cli(['verify', '--bundle', original]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: all 7 files');
    expect(r.stdout).toContain('(2 chats, 22 messages, 1 media file)');
    const { code, json } = await cliJson(['verify', '--bundle', original]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, files: 7, archiveChecked: false, problems: [] });
    // The state before the export's own audit entry, which is the newest one now.
    expect(json.manifest.archive.entries).toBe(log.entries.length - 1);
    expect(json.fingerprint).toBe(log.entries.at(-2).hash);
    expect(r.stdout).toContain(`fingerprint: ${json.fingerprint}`);
  });

  test.each([
    ['a changed byte of a chat.txt', 'Priya Shah/chat.txt', 'changed', (zip: AdmZip) => {
      const text = zip.getEntry('Priya Shah/chat.txt')!.getData();
      text[40] ^= 1;
      zip.updateFile('Priya Shah/chat.txt', text);
    }],
    ['an added file', 'Priya Shah/extra.txt', 'added', (zip: AdmZip) => zip.addFile('Priya Shah/extra.txt', Buffer.from('not in the manifest'))],
    ['a removed file', 'Orders/chat.json', 'removed', (zip: AdmZip) => zip.deleteFile('Orders/chat.json')],
    ['a media file replaced', 'Orders/media/', 'changed', (zip: AdmZip) => {
      const photo = zip.getEntries().find((e) => e.entryName.startsWith('Orders/media/'))!;
      zip.updateFile(photo, Buffer.from('another picture'));
    }],
    ['a hash edited in the manifest', 'Orders/chat.txt', 'changed', (zip: AdmZip) =>
      editManifest(zip, (m) => (m.files.find((f: any) => f.path === 'Orders/chat.txt').sha256 = 'a'.repeat(64)))],
  ])('%s: exit 3 naming the file', async (_what, path, problem, change) => {
    const file = tampered(change);
    const r = await cli(['verify', '--bundle', file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^1 problem in /);
    expect(r.stdout).toContain(path);
    const { code, json } = await cliJson(['verify', '--bundle', file]);
    expect(code).toBe(3);
    expect(json.ok).toBe(false);
    expect(json.problems).toHaveLength(1);
    expect(json.problems[0]).toMatchObject({ problem });
    expect(json.problems[0].path.startsWith(path)).toBe(true);
  });

  test.each([
    ['not JSON', (zip: AdmZip) => zip.updateFile('manifest.json', Buffer.from('{"format": "wa-archive bundle",')), /not valid JSON/],
    ['missing', (zip: AdmZip) => zip.deleteFile('manifest.json'), /missing/],
    ['a count edited', (zip: AdmZip) => editManifest(zip, (m) => (m.counts.messages = 21)), /"counts.messages" is 21 but the chats add up to 22/],
    ['a field removed', (zip: AdmZip) => editManifest(zip, (m) => delete m.archive), /"archive" is not an object/],
  ])('a manifest %s: exit 3 naming manifest.json', async (_what, change, detail) => {
    const { code, json } = await cliJson(['verify', '--bundle', tampered(change)]);
    expect(code).toBe(3);
    expect(json.problems).toEqual([{ path: 'manifest.json', problem: 'manifest', detail: expect.stringMatching(detail) }]);
  });

  test('a zip with an entry pointing outside it is refused without unpacking anything (exit 1)', async () => {
    const file = join(tempDir(), 'records.zip');
    copyFileSync(original, file);
    rezip(file, (zip) => zip.addFile('ab/evil.txt', Buffer.from('x')));
    writeFileSync(file, patchEntry(readFileSync(file), 'ab/evil.txt', { name: '../evil.txt' }));
    const r = await cli(['verify', '--bundle', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wa-archive: ".*records\.zip" was refused: it contains a file named "\.\.\/evil\.txt".*\nhint: /);
  });

  test('a file that is not a zip, or no file at all: exit 1 with a hint', async () => {
    const notZip = join(tempDir(), 'records.zip');
    writeFileSync(notZip, 'just text');
    const r = await cli(['verify', '--bundle', notZip]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wa-archive: ".*records\.zip" is not a zip file.*\nhint: /);
    const missing = await cli(['verify', '--bundle', join(tempDir(), 'nothing.zip')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist.*\nhint: /);
  });
});

describe('verify --bundle against an archive (--archive or $WA_ARCHIVE_DIR)', () => {
  test('the archive it was made from: ok, also after later changes to the archive', async () => {
    await cli(['--archive', archive, '-q', 'export', '--format', 'json', '--out', join(tempDir(), 'later.json')], { env: ENV });
    const r = await cliJson(['--archive', archive, 'verify', '--bundle', original]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, archiveChecked: true });
    const byEnv = await cli(['verify', '--bundle', original], { env: { WA_ARCHIVE_DIR: archive } });
    expect(byEnv.code).toBe(0);
    expect(byEnv.stdout).toContain('The archive given holds that state');
  });

  test('another archive (with the same chats): exit 3', async () => {
    const other = await makeArchive(tempDir());
    const { code, json } = await cliJson(['--archive', other, 'verify', '--bundle', original]);
    expect(code).toBe(3);
    expect(json.problems).toEqual([{ path: 'manifest.json', problem: 'archive', detail: expect.stringMatching(/^the bundle was made from archive .*, not from this one/) }]);
  });

  test('a forged fingerprint or entry count: exit 3 (and unnoticed without an archive)', async () => {
    const forged = tampered((zip) => editManifest(zip, (m) => (m.archive.fingerprint = 'f'.repeat(64))));
    expect((await cli(['verify', '--bundle', forged])).code).toBe(0);
    const { code, json } = await cliJson(['--archive', archive, 'verify', '--bundle', forged]);
    expect(code).toBe(3);
    expect(json.problems).toEqual([{ path: 'manifest.json', problem: 'archive', detail: expect.stringContaining('altered') }]);
    const ahead = tampered((zip) => editManifest(zip, (m) => (m.archive.entries = 999)));
    const later = await cliJson(['--archive', archive, 'verify', '--bundle', ahead]);
    expect(later.code).toBe(3);
    expect(later.json.problems[0].detail).toMatch(/covers 999 audit entries, but this archive's log has only \d+/);
  });

  test('content changed and its hash recomputed in the manifest: passes alone, but not against the archive', async () => {
    const forged = tampered((zip) => {
      const text = Buffer.from('2024-01-12, 09:02 - Priya Shah: nothing was ever agreed\n');
      zip.updateFile('Priya Shah/chat.txt', text);
      editManifest(zip, (m) => {
        const file = m.files.find((f: any) => f.path === 'Priya Shah/chat.txt');
        Object.assign(file, { sha256: createHash('sha256').update(text).digest('hex'), size: text.length });
      });
    });
    expect((await cli(['verify', '--bundle', forged])).code).toBe(0);
    const { code, json } = await cliJson(['--archive', archive, 'verify', '--bundle', forged]);
    expect(code).toBe(3);
    expect(json.problems).toEqual([{ path: 'manifest.json', problem: 'archive', detail: expect.stringMatching(/records no export of this manifest/) }]);
  });

  test('a missing archive is an error, not a pass', async () => {
    const r = await cli(['--archive', join(tempDir(), 'none'), 'verify', '--bundle', original]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wa-archive: no archive at/);
  });
});

describe('a bundle given to import', () => {
  test('is refused with a hint saying what it is, and nothing is added', async () => {
    for (const chats of ['all', 'one']) {
      const bundle = join(tempDir(), `records-${chats}.zip`);
      if (chats === 'all') copyFileSync(original, bundle);
      // A bundle of one chat holds a single chat.txt, which would otherwise pass for an export's chat text.
      else expect((await exportBundle(archive, bundle, '--chat', 'Orders')).code).toBe(0);
      const before = (await cliJson(['--archive', archive, 'log'], { env: ENV })).json.entries.length;
      const r = await cli(['--archive', archive, 'import', bundle, '--tz', 'UTC'], { env: ENV });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is a wa-archive export bundle (it holds manifest.json), not a WhatsApp chat export, so nothing was imported');
      expect(r.stderr).toContain(`wa-archive verify --bundle "${bundle}"`);
      expect((await cliJson(['--archive', archive, 'log'], { env: ENV })).json.entries.length).toBe(before);
    }
  });
});
