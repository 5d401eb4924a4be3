import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { CLI, cli, ROOT, spawnCli, tempDir } from '../helpers/cli.js';

// dist/cli.js runs the bundle through V8's code cache, kept in the user's cache folder (src/cli/bin.ts).

function cacheFiles(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

test('the code cache is one private file per build, Node version and command, reused as it is by the next run', () => {
  const xdg = tempDir();
  const folder = join(xdg, 'wa-archive');
  const first = spawnCli(['--version'], { XDG_CACHE_HOME: xdg });
  expect(first).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  const files = cacheFiles(folder);
  expect(files).toEqual([expect.stringMatching(new RegExp(`^main-${pkg.version.replaceAll('.', '\\.')}-[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}-none\\.cache$`))]);
  const file = join(folder, files[0]!);
  expect(statSync(folder).mode & 0o777).toBe(0o700);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const written = readFileSync(file);

  const second = spawnCli(['--version'], { XDG_CACHE_HOME: xdg });
  expect(second).toEqual(first);
  // Accepted by V8, so not written again.
  expect(readFileSync(file).equals(written)).toBe(true);
  expect(cacheFiles(folder)).toEqual(files);

  // Another command has a cache of its own, named after it (not after an option's value).
  const archive = tempDir();
  expect(spawnCli(['--archive', archive, 'search', 'x'], { XDG_CACHE_HOME: xdg }).code).toBe(1);
  expect(cacheFiles(folder).sort()).toEqual([...files, files[0]!.replace(/-none\.cache$/, '-search.cache')].sort());
});

test('a damaged cache is not trusted: the run is as without one, and the cache is written anew', () => {
  const xdg = tempDir();
  const expected = spawnCli(['--help'], { XDG_CACHE_HOME: xdg });
  const file = join(xdg, 'wa-archive', cacheFiles(join(xdg, 'wa-archive'))[0]!);
  writeFileSync(file, Buffer.alloc(4096, 7));
  expect(spawnCli(['--help'], { XDG_CACHE_HOME: xdg })).toEqual(expected);
  expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
});

test('without a usable cache folder the command runs as usual and says nothing about it', () => {
  const xdg = join(tempDir(), 'a-file');
  writeFileSync(xdg, 'not a folder');
  expect(spawnCli(['--version'], { XDG_CACHE_HOME: xdg })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
});

test("a new build's cache replaces the caches of earlier builds, and nothing else in the folder", () => {
  const xdg = tempDir();
  const folder = join(xdg, 'wa-archive');
  mkdirSync(folder);
  const older = `main-0.0.1-0123456789abcdef-${process.version}-${process.arch}.cache`;
  writeFileSync(join(folder, older), 'an earlier build');
  writeFileSync(join(folder, 'notes.txt'), 'not a cache');
  expect(spawnCli(['--version'], { XDG_CACHE_HOME: xdg }).code).toBe(0);
  const files = cacheFiles(folder);
  expect(files).toHaveLength(2);
  expect(files).toContain('notes.txt');
  expect(files).not.toContain(older);
});

test('without $XDG_CACHE_HOME the cache is in ~/.cache/wa-archive', () => {
  const home = tempDir();
  expect(spawnCli(['--version'], { HOME: home, XDG_CACHE_HOME: '' }).code).toBe(0);
  expect(cacheFiles(join(home, '.cache', 'wa-archive'))).toHaveLength(1);
});

test('the bundle is ASCII only (read as one byte per character) and reads exports in every language as the sources do', async () => {
  expect(/[^\0-\x7f]/.test(readFileSync(join(ROOT, 'dist/main.js'), 'latin1'))).toBe(false);
  const exports = join(ROOT, 'fixtures/exports');
  const [bundled, sources] = [tempDir(), tempDir()];
  const args = (archive: string) => ['--archive', archive, '-q', 'import', exports, '--tz', 'UTC'];
  expect(spawnCli(args(bundled)).code).toBe((await cli(args(sources))).code);
  const chats = (await cli(['--archive', sources, '--json', 'chats'])).stdout;
  expect((await cli(['--archive', bundled, '--json', 'chats'])).stdout).toBe(chats);
  const names = (JSON.parse(chats) as { chat: string }[]).map((c) => c.chat);
  expect(names.length).toBeGreaterThan(20);
  for (const name of names) {
    const show = (archive: string) => cli(['--archive', archive, '--json', 'show', name]);
    expect((await show(bundled)).stdout, name).toBe((await show(sources)).stdout);
  }
});

// /dev/null is where cron jobs often send output: a character device, as a terminal is, but not one.
test.each(['pipe', '/dev/null'])("a command that reads the archive into %s loads none of Node's stream, socket, terminal or crypto modules", (output) => {
  const archive = tempDir();
  expect(spawnCli(['--archive', archive, '-q', 'import', join(ROOT, 'fixtures/exports/android-fr.txt'), '--tz', 'UTC']).code).toBe(0);
  const dir = tempDir();
  const [list, preload] = [join(dir, 'modules.txt'), join(dir, 'preload.cjs')];
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
  const to = output === 'pipe' ? 'pipe' : openSync(output, 'w');
  try {
    for (const argv of [['--version'], ['search', 'merci'], ['chats'], ['status'], ['show', 'android-fr']]) {
      const r = spawnSync(process.execPath, ['--require', preload, CLI, '--archive', archive, ...argv], {
        encoding: 'utf8',
        stdio: ['ignore', to, to],
      });
      expect(r.status, `${argv.join(' ')}: ${r.stderr ?? '(stderr on /dev/null)'}`).toBe(0);
      const loaded = readFileSync(list, 'utf8').split('\n');
      expect(loaded.filter((m) => /^NativeModule (net|tty|stream|crypto|zlib|worker_threads)$/.test(m)), argv.join(' ')).toEqual([]);
    }
  } finally {
    if (typeof to === 'number') closeSync(to);
  }
});
