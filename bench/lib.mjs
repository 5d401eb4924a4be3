// Helpers shared by benchmark sections: run one measurement in a fresh process, describe the machine,
// print the results as one markdown table. Timing never decides the exit code; a crash does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, availableParallelism, tmpdir, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';

/** Generous: a full 1M import on a slow machine must not be mistaken for a hang. */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 1800) * 1000;
const MAX_BUFFER = 64 * 1024 * 1024;

/**
 * Result of one measurement:
 *   { name, ok, seconds, maxRssKiB (or null), details (the child's own report), error (when !ok) }
 */

/**
 * Runs `node [nodeFlags] script args…` in a fresh process. The script times its own work and prints one
 * JSON line `{seconds, maxRssKiB, …}` as the last line of its stdout.
 */
export function measureNode(name, script, args = [], { nodeFlags = ['--expose-gc'], cwd, env } = {}) {
  const run = spawnSync(process.execPath, [...nodeFlags, script, ...args], {
    cwd, env, encoding: 'utf8', maxBuffer: MAX_BUFFER, timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const failure = describeFailure(run);
  if (failure !== null) return { name, ok: false, error: failure };
  const last = run.stdout.trim().split('\n').pop() ?? '';
  let report;
  try {
    report = JSON.parse(last);
  } catch {
    return { name, ok: false, error: `no JSON report on stdout (got ${JSON.stringify(last.slice(0, 200))})` };
  }
  const { seconds, maxRssKiB, ...details } = report;
  return { name, ok: true, seconds, maxRssKiB, details };
}

/** Runs of each measurement a target compares (the median is reported): BENCH_RUNS, default 7. */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));

/** The middle item of `items` ordered by `by` (the upper one of an even count): how every median here is taken. */
export function median(items, by = (x) => x) {
  return [...items].sort((a, b) => by(a) - by(b))[Math.floor(items.length / 2)];
}

/**
 * Each job (a function returning a result) `runs` times, one run of each per round, so that a burst of
 * load on the machine falls on all of them alike instead of on whichever was being measured. Per job:
 * its run of median wall time, with the largest peak RSS of all its runs and every run's seconds in
 * `runs`. A job that fails is not run again; its failure is its result.
 */
export async function roundRobin(jobs, runs) {
  const runsOf = new Map([...jobs.keys()].map((key) => [key, []]));
  const failed = new Map();
  for (let round = 0; round < runs; round++) {
    for (const [key, job] of jobs) {
      if (failed.has(key)) continue;
      const r = await job();
      if (r.ok) runsOf.get(key).push(r);
      else failed.set(key, r);
    }
  }
  const out = new Map(failed);
  for (const [key, results] of runsOf) {
    if (failed.has(key)) continue;
    const middle = median(results, (r) => r.seconds);
    const rss = results.map((r) => r.maxRssKiB).filter((x) => x !== null);
    out.set(key, { ...middle, maxRssKiB: rss.length === 0 ? null : Math.max(...rss), runs: results.map((r) => r.seconds), cpuRuns: results.map((r) => r.cpuSeconds ?? null) });
  }
  return out;
}

/** "a, b, c s": every run's seconds, in the order they ran. */
export const formatRuns = (r) => (r?.ok ? `${r.runs.map(formatSeconds).join(', ')} s` : 'n/a');

/**
 * Installs a Debian package the bench needs (GNU time, ripgrep) when it is missing and we may
 * (root with apt-get, as on these machines); elsewhere the bench says what is missing instead.
 */
export function installDebianPackage(pkg) {
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) return false;
  console.error(`installing ${pkg} from Debian for the bench …`);
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], quiet);
  return spawnSync('apt-get', ['install', '-y', '-qq', pkg], quiet).status === 0;
}

let gnuTimeCache;
/** Path of GNU time (for a child's peak RSS, which Node cannot report), or null. */
export function gnuTime() {
  if (gnuTimeCache !== undefined) return gnuTimeCache;
  gnuTimeCache = null;
  if (!existsSync('/usr/bin/time') && !existsSync('/bin/time')) installDebianPackage('time');
  for (const candidate of ['/usr/bin/time', '/bin/time']) {
    if (!existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
    if (probe.status === 0 && /^\d+\s*$/m.test(probe.stderr)) {
      gnuTimeCache = candidate;
      break;
    }
  }
  return gnuTimeCache;
}

/**
 * Runs an external command, timed from outside (wall clock, so process start-up is included). Peak RSS
 * comes from GNU time when it is installed; otherwise it is null (reported as n/a).
 * Asynchronous so that a timeout can kill the whole process group: killing GNU time alone would leave
 * the measured command running.
 */
export async function measureCommand(name, command, args = [], { cwd, env } = {}) {
  const time = gnuTime();
  const scratch = time === null ? null : mkdtempSync(join(tmpdir(), 'wa-bench-time-'));
  const timeFile = scratch === null ? null : join(scratch, 'time.txt');
  const [file, argv] = time === null ? [command, args] : [time, ['-f', '%U %S %M', '-o', timeFile, command, ...args]];
  const started = performance.now();
  const run = await runGroup(file, argv, { cwd, env });
  const seconds = (performance.now() - started) / 1000;
  let maxRssKiB = null;
  // CPU seconds (user + system): steadier than wall time on a machine shared with other work.
  let cpuSeconds = null;
  if (timeFile !== null) {
    // GNU time writes "Command exited with non-zero status N" or "Command terminated by signal N"
    // before the format line when the command failed; the numbers we asked for are on the last line.
    const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
    const [user, system, rss] = (lines.at(-1) ?? '').split(' ').map(Number);
    if (Number.isFinite(rss)) maxRssKiB = rss;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
    rmSync(scratch, { recursive: true, force: true });
  }
  const failure = describeFailure(run);
  if (failure !== null) return { name, ok: false, error: failure, stdout: run.stdout };
  return { name, ok: true, seconds, maxRssKiB, cpuSeconds, details: {}, stdout: run.stdout };
}

/** Process groups of commands still running, killed if the benchmark itself is interrupted. */
const runningGroups = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const pid of runningGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

/** Like spawnSync's result ({status, signal, stdout, stderr, error}), in its own process group. */
function runGroup(file, argv, { cwd, env }) {
  return new Promise((done) => {
    const child = spawn(file, argv, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    runningGroups.add(child.pid);
    const out = [];
    const err = [];
    let error;
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setTimeout(() => {
      error = Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' });
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, TIMEOUT_MS);
    child.on('error', (e) => (error = e));
    child.on('close', (status, signal) => {
      runningGroups.delete(child.pid);
      clearTimeout(timer);
      done({ status, signal, error, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function describeFailure(run) {
  if (run.error) return run.error.code === 'ETIMEDOUT' ? `timed out after ${TIMEOUT_MS / 1000} s` : run.error.message;
  if (run.signal) return `killed by ${run.signal}${tail(run.stderr)}`;
  if (run.status !== 0) return `exit code ${run.status}${tail(run.stderr)}`;
  return null;
}

function tail(stderr) {
  const lines = (stderr ?? '').trim().split('\n').filter(Boolean).slice(-6);
  return lines.length === 0 ? '' : `:\n    ${lines.join('\n    ')}`;
}

/** Node version, CPU, cores, memory: the lines printed above the table. */
export function systemInfo() {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return [
    `Node ${process.version} on ${platform()} ${release()}`,
    `CPU: ${cpu}, ${availableParallelism()} cores (${cpus().length} logical CPUs listed), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  ];
}

// ---------------------------------------------------------------------------------------------------
// Table

const MIB = 1024; // maxRSS is in KiB; "MB" in the table is MiB

export const formatSeconds = (s) => (s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3));
export const formatMb = (kib) => (kib === null || kib === undefined ? 'n/a' : (kib / MIB).toFixed(0));
export const formatRate = (messages, seconds) =>
  messages && seconds ? Math.round(messages / seconds).toLocaleString('en-US') : 'n/a';

/**
 * One row per measurement. `row.target` is a function of all results, returning a short text that
 * starts with "pass", "miss" or something neutral ("baseline", "n/a").
 */
export function renderTable(rows, results) {
  const header = ['measurement', 'messages', 'seconds', 'messages/s', 'peak RSS MB', 'target'];
  const body = rows.map((row) => {
    const r = results.get(row.key);
    const target = row.target ? row.target(results) : '';
    if (!r || !r.ok) {
      const why = !r ? 'not run' : r.skipped ? 'skipped' : 'CRASHED';
      return [row.name, fmtCount(row.messages), why, '', '', target];
    }
    return [row.name, fmtCount(row.messages), formatSeconds(r.seconds), formatRate(row.messages, r.seconds), formatMb(r.maxRssKiB), target];
  });
  const right = [false, true, true, true, true, false];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => String(cells[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => (right[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

const fmtCount = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : n ?? '');

/** "pass"/"miss" text for `value ≤ limit` style targets, or n/a when an input is missing. */
export function verdict(ok, text) {
  if (ok === null) return `n/a (${text})`;
  return `${ok ? 'pass' : 'miss'}: ${text}`;
}
