/**
 * `export --format html` of a chat larger than one page (PAGE_SIZE messages): --out FILE.html is refused,
 * --out FOLDER writes an index and pages, and a bundle's chat.html becomes the index of pages beside it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PAGE_SIZE } from '../../src/export/htmlPages.js';
import { cli, cliJson, ROOT, tempDir } from '../helpers/cli.js';
import { ENV, zipFiles } from './bundleKit.js';

const MESSAGES = PAGE_SIZE + 1;
let dir: string;
let archive: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-paged-'));
  archive = join(dir, 'archive');
  const start = Date.UTC(2024, 0, 1, 9, 0);
  const lines = Array.from({ length: MESSAGES }, (_, i) => {
    const d = new Date(start + i * 3_600_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} - ${i % 2 === 0 ? 'Priya Shah' : 'Tom Becker'}: message ${i + 1}`;
  });
  const source = join(dir, 'WhatsApp Chat with Priya Shah.txt');
  writeFileSync(source, `${lines.join('\n')}\n`);
  expect((await cli(['--archive', archive, '-q', 'import', source, '--tz', 'Europe/London'], { env: ENV })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exportHtml = (out: string, ...more: string[]) => cli(['--archive', archive, '-q', 'export', '--format', 'html', '--out', out, ...more], { env: ENV });

describe('a paged html export', () => {
  test('--out FILE.html is refused above one page, writing nothing, and says how to get pages', async () => {
    const work = tempDir();
    const r = await exportHtml(join(work, 'priya.html'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `wa-archive: this selection has ${MESSAGES.toLocaleString('en-US')} messages: one html page holds at most ${PAGE_SIZE.toLocaleString('en-US')} (a larger page opens too slowly)\n` +
        'hint: Give --out a folder name without .html (e.g. --out priya-pages) to write an index and pages, or narrow the selection with --since/--until.\n',
    );
    expect(readdirSync(work)).toEqual([]);
  });

  test('a smaller selection is one page with --out FILE.html, its records header saying what was selected', async () => {
    const out = join(tempDir(), 'day.html');
    expect((await exportHtml(out, '--until', '2024-01-02')).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const rows = Object.fromEntries([...html.matchAll(/<dt>([^<]+)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]));
    expect(rows).toMatchObject({
      Chat: 'Priya Shah', Selection: 'until 2024-01-02 (inclusive)', 'First message': '2024-01-01 09:00:00 +00:00',
      'Last message': '2024-01-02 23:00:00 +00:00', Messages: '39', Exported: '2026-01-31 12:00:00 UTC',
    });
    expect(html.match(/class="msg /g)).toHaveLength(39);
  });

  test('--out FOLDER writes index.html and pages, each with the records header', async () => {
    const out = join(tempDir(), 'priya-pages');
    const r = await cliJson(['--archive', archive, 'export', '--format', 'html', '--out', out], { env: ENV });
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ format: 'html', path: out, chats: 1, messages: MESSAGES });
    expect(readdirSync(out).sort()).toEqual(['index.html', 'page-001.html', 'page-002.html']);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain(`<dt>Messages</dt><dd>${MESSAGES.toLocaleString('en-US')}</dd>`);
    expect(index).toMatch(/<dt>Time zone<\/dt><dd>Europe\/London /);
    expect(index).toMatch(/<dt>Exported<\/dt><dd><time datetime="2026-01-31T12:00:00.000Z">2026-01-31 12:00:00 UTC<\/time>/);
    expect(index).toContain(`<a href="page-002.html">Page 2</a>`);
    const second = readFileSync(join(out, 'page-002.html'), 'utf8');
    expect(second.match(/class="msg /g)).toHaveLength(1);
    expect(second).toContain(`<a class="id" href="#m${MESSAGES}">#${MESSAGES}</a>`);
    expect(readFileSync(join(out, 'page-001.html'), 'utf8').match(/class="msg /g)).toHaveLength(PAGE_SIZE);
  });

  test('an existing folder is replaced only with --force, and only if an html export wrote it', async () => {
    const work = tempDir();
    const out = join(work, 'pages');
    expect((await exportHtml(out)).code).toBe(0);
    const again = await exportHtml(out);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists\nhint: .*--force/);
    writeFileSync(join(out, 'index.html'), 'old');
    expect((await exportHtml(out, '--force')).code).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);

    const mine = join(work, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.docx'), 'precious');
    const refused = await exportHtml(mine, '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/other files than an html export's/);
    expect(readdirSync(mine)).toEqual(['thesis.docx']);
    expect(readdirSync(work).sort()).toEqual(['mine', 'pages']);
  });

  test('the README and --help give the page size', async () => {
    const size = PAGE_SIZE.toLocaleString('en-US');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`one page**, for up to ${size} messages`);
    expect((await cli(['export', '--help'])).stdout).toContain(`one page, for up to ${size} messages`);
  });

  test("a bundle's chat.html is the index of pages beside it, all in the manifest, and the bundle verifies", async () => {
    const zip = join(tempDir(), 'records.zip');
    expect((await cli(['--archive', archive, '-q', 'export', '--format', 'bundle', '--out', zip], { env: ENV })).code).toBe(0);
    const files = zipFiles(zip);
    expect([...files.keys()].filter((f) => f.endsWith('.html'))).toEqual([
      'Priya Shah/chat.html', 'Priya Shah/chat-page-001.html', 'Priya Shah/chat-page-002.html',
    ]);
    expect(files.get('Priya Shah/chat.html')!.toString()).toContain('<a href="chat-page-001.html">Page 1</a>');
    expect(files.get('Priya Shah/chat-page-002.html')!.toString()).toContain('<a href="chat.html">Index</a><a href="chat-page-001.html" rel="prev">');
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    expect(manifest.counts.messages).toBe(MESSAGES);
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('Priya Shah/chat-page-002.html');
    expect((await cli(['--archive', archive, 'verify', '--bundle', zip], { env: ENV })).code).toBe(0);
  });
});
