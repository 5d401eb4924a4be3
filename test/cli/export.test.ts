import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson, ROOT, spawnCli, tempDir } from '../helpers/cli.js';

const SOURCES = ['fixtures/sample/WhatsApp Chat with Priya Shah.txt', 'fixtures/sample/WhatsApp Chat - Orders'].map((p) => join(ROOT, p));
let archive: string;

beforeAll(async () => {
  archive = mkdtempSync(join(tmpdir(), 'wa-archive-export-'));
  expect((await cli(['--archive', archive, '-q', 'import', ...SOURCES, '--tz', 'Europe/London'])).code).toBe(0);
});
afterAll(() => rmSync(archive, { recursive: true, force: true }));

const exportCli = (...args: string[]) => cli(['--archive', archive, 'export', ...args]);
/** The JSON export of a selection, parsed. */
async function selected(...args: string[]): Promise<{ chats: { name: string; messages: { id: number; text: string; time: string }[] }[] }> {
  const r = await exportCli('--format', 'json', ...args);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('export: output', () => {
  test('goes to stdout by default (and with --out -), the summary to stderr, nothing with -q', async () => {
    const r = await exportCli('--format', 'json');
    expect(JSON.parse(r.stdout).chats.map((c: { name: string }) => c.name)).toEqual(['Orders', 'Priya Shah']);
    expect(r.stderr).toMatch(/^Exported 27 messages \(3 attachments\) from 2 chats as json \(4\.\d kB\)\.\n$/);
    expect((await exportCli('--format', 'json', '--out', '-')).stdout).toBe(r.stdout);
    const quiet = await cli(['--archive', archive, '-q', 'export', '--format', 'csv']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout.startsWith('\uFEFFid,chat,time,author,kind,text,media\r\n')).toBe(true);
  });

  test('--out writes the file; --json then prints a summary of it on stdout', async () => {
    const dir = tempDir();
    const r = await cliJson(['--archive', archive, 'export', '--format', 'txt', '--chat', 'Priya Shah', '--out', join(dir, 'chat.txt')]);
    expect(r.code).toBe(0);
    const size = statSync(join(dir, 'chat.txt')).size;
    expect(r.json).toEqual({ format: 'txt', path: join(dir, 'chat.txt'), chats: 1, messages: 18, media: 1, bytes: size });
    expect(readFileSync(join(dir, 'chat.txt'), 'utf8').split('\n')[1]).toBe('2024-01-12, 09:02 - Priya Shah: Hi! Do you still have the walnut side table from your Instagram post?');
  });

  test('each export is in the audit log: format, selection, counts and file name, never message text', async () => {
    const dir = tempDir();
    await cli(['--archive', archive, '-q', 'export', '--format', 'csv', '--chat', 'Priya Shah', '--since', '2024-01-13', '--out', join(dir, 'p.csv')]);
    const entries = (await cliJson(['--archive', archive, 'log'])).json.entries;
    const entry = entries.at(-1);
    expect(entry).toMatchObject({
      operation: 'export',
      details: { format: 'csv', selection: { chats: ['Priya Shah'], since: '2024-01-13' }, counts: { chats: 1 }, out: 'p.csv' },
    });
    expect(entry.details.counts.messages).toBeGreaterThan(0);
    expect(JSON.stringify(entry)).not.toContain('walnut');
    const line = (await cli(['--archive', archive, 'log'])).stdout.split('\n').find((l) => l.startsWith(`#${entry.seq} `));
    expect(line).toMatch(/ export +format="csv" selection\.chats=.* counts\.chats=1 counts\.messages=\d+ .*out="p\.csv"/);
  });

  test('a relative --out is relative to the working folder', async () => {
    const dir = tempDir();
    expect((await cli(['--archive', archive, '-q', 'export', '--format', 'csv', '--out', 'out.csv'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'out.csv'))).toBe(true);
  });

  test('with --json, an export to stdout is all that goes there', async () => {
    const r = await cli(['--archive', archive, '--json', 'export', '--format', 'json', '--chat', 'Orders']);
    expect(JSON.parse(r.stdout).chats).toHaveLength(1);
  });

  test('an existing --out file is refused, and kept; --force replaces it', async () => {
    const file = join(tempDir(), 'out.json');
    writeFileSync(file, 'precious');
    const r = await exportCli('--format', 'json', '--out', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wa-archive: "${file}" already exists\nhint: Choose another --out file, or add --force to replace it.\n`);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect((await exportCli('--format', 'json', '--out', file, '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).chats).toHaveLength(2);
    expect(readdirSync(join(file, '..'))).toEqual(['out.json']);
  });

  test('an --out that cannot be written fails with exit 1 and leaves nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), '');
    for (const out of [join(dir, 'missing', 'out.json'), join(dir, 'a-file', 'out.json')]) {
      const r = await exportCli('--format', 'json', '--out', out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^wa-archive: cannot write ".*out\.json": its folder does not exist\nhint: /);
    }
    mkdirSync(join(dir, 'folder'));
    expect((await exportCli('--format', 'json', '--out', join(dir, 'folder'), '--force')).stderr).toMatch(/is a folder/);
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'folder']);
  });

  test('txt holds one chat: a selection of several is a usage error', async () => {
    const r = await exportCli('--format', 'txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-archive: a txt export holds one chat .* this selection has 2\nhint: Pick one with --chat NAME/);
    expect(r.stdout).toBe('');
  });

  test('html is for a file, never the terminal', async () => {
    const r = await exportCli('--format', 'html');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('export: selection', () => {
  test('--chat, repeated, in the order named, matching like show', async () => {
    const doc = await selected('--chat', 'priya shah', '--chat', 'Orders', '--chat', 'Priya Shah');
    expect(doc.chats.map((c) => [c.name, c.messages.length])).toEqual([['Priya Shah', 18], ['Orders', 9]]);
  });

  test('--since and --until select exactly what show selects', async () => {
    const range = ['--since', '2024-01-12 13:05', '--until', '2024-02-02'];
    const shown = (await cliJson(['--archive', archive, 'show', 'Priya Shah', ...range])).json.messages;
    const doc = await selected('--chat', 'Priya Shah', ...range);
    expect(doc.chats[0]!.messages).toEqual(shown);
    expect((await selected(...range)).chats.map((c) => c.name)).toEqual(['Priya Shah']);
  });

  test('--query selects exactly what search finds, oldest first, in each chat', async () => {
    for (const query of ['invoice', 'delivery OR Saturday', 'from:tom', '-the chat:Orders']) {
      const found = (await cliJson(['--archive', archive, 'search', query, '--limit', '0'])).json.results as { id: number; chat: string }[];
      const doc = await selected('--query', query);
      const exported = doc.chats.flatMap((c) => c.messages.map((m) => ({ id: m.id, chat: c.name })));
      expect(exported.map((m) => m.id).sort((a, b) => a - b)).toEqual(found.map((h) => h.id).sort((a, b) => a - b));
      expect(found.length).toBeGreaterThan(0);
      for (const chat of doc.chats) expect(chat.messages.map((m) => m.time)).toEqual(chat.messages.map((m) => m.time).sort());
    }
  });

  test('--query with --chat keeps that chat\'s hits, and a query of only -words has its filter', async () => {
    const doc = await selected('--query', 'invoice', '--chat', 'Orders');
    expect(doc.chats.map((c) => [c.name, c.messages.map((m) => m.text)])).toEqual([['Orders', ['Delivered, invoice 4420 paid.']]]);
    const negative = await selected('--query', '-invoice', '--chat', 'Orders');
    expect(negative.chats[0]!.messages).toHaveLength(8);
  });

  test('a selection with no message warns, writes no file and no output, and is still a success', async () => {
    const toStdout = await exportCli('--format', 'json', '--since', '2030-01-01');
    expect(toStdout).toMatchObject({ code: 0, stdout: '' });
    expect(toStdout.stderr).toMatch(/^wa-archive: warning: the selection holds no message; nothing was written\nhint: /);
    const out = join(tempDir(), 'none.csv');
    const toFile = await exportCli('--format', 'csv', '--since', '2030-01-01', '--out', out, '--json');
    expect(toFile.code).toBe(0);
    expect(JSON.parse(toFile.stdout)).toMatchObject({ path: null, messages: 0 });
    expect(existsSync(out)).toBe(false);
  });
});

describe('export: errors', () => {
  test('an unknown chat fails like show, exit 1', async () => {
    const r = await exportCli('--format', 'json', '--chat', 'Nobody');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('wa-archive: no chat named "Nobody"\nhint: The closest: "Orders", "Priya Shah". "wa-archive chats" lists them all.\n');
    expect(r.stdout).toBe('');
  });

  test.each([
    [[], /required option '--format <format>' not specified/],
    [['--format', 'pdf'], /argument 'pdf' is invalid/],
    [['--format', 'json', '--bogus'], /unknown option '--bogus'/],
    [['--format', 'json', '--since', '2024-13-01'], /--since "2024-13-01" is not a date/],
    [['--format', 'json', '--query', '"unclosed'], /^wa-archive: /],
  ])('usage error %j exits 2', async (args, message) => {
    const r = await exportCli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('a missing archive fails with the hint to import first', async () => {
    const r = await cli(['--archive', join(tempDir(), 'none'), 'export', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hint: Run "wa-archive import <export>" first/);
  });
});

test('the built CLI streams an export to a pipe', () => {
  const r = spawnCli(['--archive', archive, '-q', 'export', '--format', 'txt', '--chat', 'Orders']);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[3]).toBe('2024-03-03, 09:01 - Corner Furniture: Welcome Tom! New orders for the week go here.');
});
