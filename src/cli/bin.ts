// The command's entry (dist/cli.js): runs the CLI bundle (dist/main.js) through V8's code cache, so that a
// run after the first skips parsing and compiling most of it. The cache lives in the user's cache folder
// ($XDG_CACHE_HOME/wa-archive, else ~/.cache/wa-archive), one file per wa-archive build, Node version and command.
// It is only an accelerator: a cache that is missing, stale, unreadable or unwritable costs one normal start.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { commandWord } from './commandWord.js';

/** Set by scripts/build.mjs: the version and a digest of dist/main.js, so a rebuild never reuses an old cache. */
declare const WA_BUILD: string;

const main = join(dirname(fileURLToPath(import.meta.url)), 'main.js');
const folder = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wa-archive');
const file = join(folder, `main-${WA_BUILD}-${process.version}-${process.arch}-${commandOf(process.argv.slice(2))}.cache`);
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(file);
} catch {
  // first run of this build
}
// dist/main.js is one function expression, already wrapped the way Node wraps a CommonJS file, and ASCII only
// (scripts/build.mjs): read as latin1, it becomes a one-byte string with no decoding.
const script = new Script(readFileSync(main, 'latin1'), { filename: main, cachedData });
if (cachedData === undefined || script.cachedDataRejected === true) {
  // Written at exit, so that it also holds the functions this run compiled (V8 compiles lazily).
  process.once('exit', () => writeCache(file, script));
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(main), module, main, dirname(main));

/**
 * The command a run is for, to name its cache: a cache holds the functions its first run compiled, and one
 * made by an import made each later search about 7% slower than a search's own. Only a file name: commander
 * reads the arguments for real.
 */
function commandOf(argv: readonly string[]): string {
  const word = commandWord(argv);
  return word === undefined ? 'none' : /^[a-z]{1,20}$/.test(word) ? word : 'other';
}

/** Atomically (a private temporary file renamed over), readable by its owner only; silently not at all if it cannot. */
function writeCache(file: string, script: Script): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, script.createCachedData());
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    // A new build's first run: the caches of earlier builds will never be read again.
    for (const name of readdirSync(folder)) {
      if (/^main-.*\.cache$/.test(name) && !name.startsWith(`main-${WA_BUILD}-`)) removeQuietly(join(folder, name));
    }
  } catch {
    removeQuietly(temporary);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or not ours to remove
  }
}
