import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir, ROOT } from '../helpers/cli.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';

const SAMPLE = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');

describe('the archive folder', () => {
  test('--archive wins over WA_ARCHIVE_DIR, which wins over the XDG data folder', async () => {
    const [a, b, xdg] = [tempDir(), tempDir(), tempDir()];
    await cli(['--archive', a, '-q', 'import', SAMPLE], { env: { WA_ARCHIVE_DIR: b } });
    await cli(['-q', 'import', SAMPLE], { env: { WA_ARCHIVE_DIR: b } });
    await cli(['-q', 'import', SAMPLE, '--chat', 'xdg'], { env: { XDG_DATA_HOME: xdg } });
    expect((await cliJson(['--archive', a, 'chats'])).json).toHaveLength(1);
    expect((await cliJson(['--archive', b, 'chats'])).json).toHaveLength(1);
    expect((await cliJson(['--archive', join(xdg, 'wa-archive'), 'chats'])).json[0].chat).toBe('xdg');
  });

  test('a relative --archive is taken from the working folder', async () => {
    const cwd = tempDir();
    await cli(['--archive', 'here', '-q', 'import', SAMPLE], { cwd });
    expect((await cliJson(['--archive', join(cwd, 'here'), 'chats'])).json).toHaveLength(1);
  });

  test('only import creates it; other commands hint at import', async () => {
    const missing = join(tempDir(), 'nothing');
    for (const argv of [['chats'], ['show', 'x']]) {
      const r = await cli(['--archive', missing, ...argv]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`wa-archive: no archive at ${missing}\nhint: Run "wa-archive import <export>" first, or pass --archive DIR.\n`);
    }
  });

  test('an archive from a newer wa-archive is refused and left unchanged', async () => {
    const dir = tempDir();
    await cli(['--archive', dir, '-q', 'import', SAMPLE]);
    const db = new Database(join(dir, 'archive.db'));
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(join(dir, 'archive.db'));
    for (const argv of [['chats'], ['import', SAMPLE]]) {
      const r = await cli(['--archive', dir, ...argv]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`newer wa-archive (schema 99; this version knows up to ${SCHEMA_VERSION})\nhint: Install the newer`);
    }
    expect(readFileSync(join(dir, 'archive.db')).equals(before)).toBe(true);
  });

  test('a file that is not an archive database is refused', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'archive.db'), 'this is not sqlite at all, just text that is long enough to have a header...');
    const r = await cli(['--archive', dir, 'chats']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a wa-archive database/);
    const other = new Database(join(tempDir(), 'archive.db'));
    other.exec('CREATE TABLE notes (x)');
    const otherDir = join(other.name, '..');
    other.close();
    expect((await cli(['--archive', otherDir, 'chats'])).stderr).toMatch(/is not a wa-archive database/);
  });
});

describe('global options and errors', () => {
  test('an unknown option is a usage error in our format', async () => {
    const r = await cli(['chats', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-archive: unknown option '--bogus'\nhint: Run "wa-archive chats --help" for usage\.\n$/);
  });

  test('--json errors are one JSON object on stdout, nothing on stderr', async () => {
    const usage = await cli(['--json', 'chats', '--bogus']);
    expect(usage).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(usage.stdout)).toEqual({ error: "unknown option '--bogus'", hint: 'Run "wa-archive chats --help" for usage.', exit: 2 });
    const missing = await cli(['--archive', join(tempDir(), 'none'), 'chats', '--json']);
    expect(missing).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: expect.stringMatching(/^no archive at /), hint: expect.stringMatching(/^Run "wa-archive import/), exit: 1 });
    // After a lone "--", --json is an argument, not the option.
    expect((await cli(['--archive', join(tempDir(), 'none'), 'search', '--', '--json'])).stdout).toBe('');
  });

  test('every --help names the archive it would use', async () => {
    const help = await cli(['status', '--help'], { env: { WA_ARCHIVE_DIR: '/srv/records' } });
    expect(help.stdout).toMatch(/--archive <dir> +the archive folder \(now:\s+\/srv\/records,\s+from\s+\$WA_ARCHIVE_DIR\)/);
    const exportHelp = (await cli(['export', '--help'])).stdout;
    expect(exportHelp).not.toContain('(default: [])');
    expect(exportHelp).toMatch(/--format <format> +\(required\)/);
    expect((await cli(['hold', 'add', '--help'])).stdout).toMatch(/--reason <text> +\(required\)/);
    const fallback = await cli(['search', '--help']);
    expect(fallback.stdout).toMatch(/now:\s+\/nonexistent-home\/.local\/share\/wa-archive,/);
  });

  test('import says when it creates an archive, and --json says "created"', async () => {
    const dir = join(tempDir(), 'new-archive');
    const first = await cliJson(['--archive', dir, 'import', SAMPLE]);
    expect(first.json.created).toBe(true);
    expect((await cliJson(['--archive', dir, 'import', SAMPLE])).json.created).toBe(false);
    const other = join(tempDir(), 'other');
    expect((await cli(['--archive', other, 'import', SAMPLE])).stderr).toMatch(new RegExp(`^Created a new archive at ${other}\n`));
  });

  test('an empty archive.db is no archive for any command but import, and stays as it was', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'archive.db'), '');
    const chats = await cliJson(['--archive', dir, 'chats']);
    expect(chats.code).toBe(1);
    expect(chats.json.error).toContain('is empty: no import has finished there yet');
    expect(readFileSync(join(dir, 'archive.db')).length).toBe(0);
    expect((await cliJson(['--archive', dir, 'import', SAMPLE])).json.imports.length).toBeGreaterThan(0);
    expect((await cli(['--archive', dir, 'verify'])).code).toBe(0);
  });

  test('an import of a path that does not exist creates no archive', async () => {
    const dir = join(tempDir(), 'typo');
    const typo = await cliJson(['--archive', dir, 'import', join(dir, '..', 'WhatsApp Chat with Nobody.txt')]);
    expect(typo.code).toBe(1);
    expect(typo.json).toMatchObject({ created: false, imports: [], failed: [{ error: expect.stringContaining('does not exist') }] });
    expect(existsSync(dir)).toBe(false);
  });

  test('an unknown command is a usage error', async () => {
    const r = await cli(['serach', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-archive: unknown command 'serach'/);
  });

  test('a bad option value is a usage error', async () => {
    const dir = tempDir();
    await cli(['--archive', dir, '-q', 'import', SAMPLE]);
    expect((await cli(['--archive', dir, 'show', 'Priya Shah', '--since', 'yesterday'])).code).toBe(2);
    expect((await cli(['--archive', dir, 'show', 'Priya Shah', '--around', 'abc'])).code).toBe(2);
    expect((await cli(['--archive', dir, 'import', SAMPLE, '--date-order', 'ddd'])).code).toBe(2);
  });

  test('WA_ARCHIVE_NOW must be an ISO-8601 instant', async () => {
    const r = await cli(['chats'], { env: { WA_ARCHIVE_NOW: 'tomorrow' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-archive: WA_ARCHIVE_NOW "tomorrow" is not an ISO-8601 instant\nhint: /);
  });

  test('-q prints nothing on success; the summary goes to stderr otherwise', async () => {
    const dir = tempDir();
    const quiet = await cli(['--archive', dir, '-q', 'import', SAMPLE]);
    // The one line -q keeps: a new archive was made (a mistyped --archive must not go unnoticed).
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: `Created a new archive at ${dir}\n` });
    expect(await cli(['--archive', dir, '-q', 'import', SAMPLE])).toEqual({ code: 0, stdout: '', stderr: '' });
    const loud = await cli(['--archive', dir, 'import', SAMPLE]);
    expect(loud.stdout).toBe('');
    expect(loud.stderr).toContain('0 new, 18 already archived');
  });

  test('colour only on a terminal, never with --no-color or NO_COLOR, always with FORCE_COLOR', async () => {
    const dir = tempDir();
    await cli(['--archive', dir, '-q', 'import', SAMPLE]);
    const esc = '\u001b[';
    expect((await cli(['--archive', dir, 'chats'])).stdout).not.toContain(esc);
    expect((await cli(['--archive', dir, 'chats'], { stdoutTTY: true })).stdout).toContain(esc);
    expect((await cli(['--archive', dir, '--no-color', 'chats'], { stdoutTTY: true })).stdout).not.toContain(esc);
    expect((await cli(['--archive', dir, 'chats'], { stdoutTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['--archive', dir, 'chats'], { env: { FORCE_COLOR: '1' } })).stdout).toContain(esc);
    expect((await cli(['--archive', dir, '--json', 'chats'], { stdoutTTY: true })).stdout).not.toContain(esc);
  });
});
