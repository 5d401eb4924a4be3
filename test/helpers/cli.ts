import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { run } from '../../src/cli/run.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');

class Capture extends Writable {
  text = '';
  isTTY: boolean;
  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
}

/** Runs the CLI in-process, with captured output and no colours unless asked. */
export async function cli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const stdout = new Capture(options.stdoutTTY);
  const stderr = new Capture(options.stderrTTY);
  const code = await run(argv, {
    stdout,
    stderr,
    stdinIsTTY: false,
    env: { ...options.env },
    cwd: options.cwd ?? ROOT,
    platform: 'linux',
    homedir: '/nonexistent-home',
    localTimeZone: 'America/Sao_Paulo',
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the CLI with a JSON result and parses it. */
export async function cliJson<T = any>(argv: string[], options: RunOptions = {}): Promise<{ code: number; json: T; stderr: string }> {
  const r = await cli(['--json', ...argv], options);
  return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
}

/** Stderr of a real process without the time that starts each line off a terminal (cli/io.ts timestamped). */
export function withoutTimes(stderr: string): string {
  return stderr.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /gm, '');
}

/** Runs the built CLI (dist/cli.js) as a real process. */
export function spawnCli(argv: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function startCli(argv: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...argv], { env: { ...process.env, ...env }, stdio: 'pipe' });
}

export interface ProcessRun extends CliRun {
  signal: NodeJS.Signals | null;
}

/** Runs the built CLI as a real process until it exits, without blocking the test meanwhile. */
export async function runProcess(argv: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  const child = startCli(argv, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code: code ?? -1, signal, stdout, stderr };
}

/** Runs the built CLI, which SIGKILLs itself at `point` (src/cli/killPoint.ts: open, opened, progress:N, …). */
export function runKilledAt(point: string, argv: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  return runProcess(argv, { ...env, WA_ARCHIVE_TEST_KILL_AT: point });
}

/** `each` over `items`, at most two at a time (test machines have 2 cores); results in the items' order. */
export async function twoAtATime<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await each(items[i]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wa-archive-test-'));
  temps.push(dir);
  return dir;
}
