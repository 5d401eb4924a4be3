// verify run while other wa-archive processes import and purge (the README's cron recipe can overlap them):
// it checks one snapshot, so it must never report tampering that did not happen (exit 3 is an alarm).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, cli, spawnCli, tempDir } from '../helpers/cli.js';
import { androidExport } from '../helpers/exports.js';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it)');
});

/** Minute i of androidExport is 2024-01-13 09:00Z + i; with a 30d period at NOW, minutes before about 30,000 expire. */
const NOW = { WA_ARCHIVE_NOW: '2024-03-04T05:00:00Z' };
const EXPORTS = 4;
/** Writer rounds verify must run beside: each imports (a commit per export) and purges; the second also places a hold. */
const ROUNDS = 3;
const MIN_VERIFY_RUNS = 10;

/** Export k (chat "Chat k"): 400 messages, half of them expired at NOW, every 40th with an attachment of its own. */
function smallExport(root: string, k: number): string {
  const dir = join(root, `export-${k}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, `WhatsApp Chat with Chat ${k}.txt`),
    androidExport(400, 29_800 + k, (i) => {
      if (i % 40 !== 0) return { author: 'Ana', text: `message ${i} of export ${k}` };
      writeFileSync(join(dir, `IMG-${i}.jpg`), `attachment ${k} ${i}`);
      return { author: 'Ana', text: `IMG-${i}.jpg (file attached)` };
    }),
  );
  return dir;
}

/**
 * A process that loops until `stop` exists: each round re-imports what the last purge deleted (a commit
 * per export), sometimes places a hold, then purges (messages, their files after the commit, a VACUUM).
 * Prints each command's exit code. Its own process, so its runs go on while verify runs in this one.
 */
function startWriter(archive: string, exports: string[], stop: string): ChildProcess {
  const script = `
    const { spawnSync } = require('node:child_process');
    const { existsSync } = require('node:fs');
    const [cli, archive, stop, ...exports] = process.argv.slice(1);
    const run = (name, ...argv) => {
      const r = spawnSync(process.execPath, [cli, '--archive', archive, '-q', ...argv], { encoding: 'utf8' });
      console.log(name + ':' + r.status + (r.stderr ? ' ' + r.stderr.trim() : ''));
    };
    for (let round = 0; !existsSync(stop); round++) {
      run('import', 'import', ...exports, '--tz', 'UTC', '--date-order', 'dmy');
      if (round % 4 === 1) run('hold', 'hold', 'add', 'Chat ' + (round % exports.length), '--reason', 'case ' + round);
      run('purge', 'purge', '--yes');
    }`;
  return spawn(process.execPath, ['-e', script, CLI, archive, stop, ...exports], { env: { ...process.env, ...NOW }, stdio: 'pipe' });
}

describe('verify while imports and purges run', () => {
  test(`runs through ${ROUNDS} rounds of imports and purges report no problem that was not there`, async () => {
    const root = tempDir();
    const archive = join(root, 'archive');
    const exports = Array.from({ length: EXPORTS }, (_, k) => smallExport(root, k));
    const importAll = ['--archive', archive, 'import', ...exports, '--tz', 'UTC', '--date-order', 'dmy'];
    expect(spawnCli(importAll, NOW).code).toBe(0);
    expect(spawnCli(['--archive', archive, 'retention', 'set', '30d'], NOW).code).toBe(0);

    const stop = join(root, 'stop');
    const writer = startWriter(archive, exports, stop);
    let writes = '';
    writer.stdout!.on('data', (d) => (writes += d));
    // Verify runs in this process (its own connection, as in another process: only the writer needs one),
    // back to back until the writer has gone through ROUNDS rounds, each step of which it can overlap.
    const alarms: string[] = [];
    const rounds = () => writes.split('\n').filter((w) => w.startsWith('purge')).length;
    let runs = 0;
    while (runs < MIN_VERIFY_RUNS || rounds() < ROUNDS) {
      const r = await cli(['--archive', archive, '--json', 'verify'], { env: NOW });
      if (r.code !== 0) alarms.push(`run ${runs}: exit ${r.code} ${r.stdout}${r.stderr}`);
      runs++;
      await new Promise((resolve) => setImmediate(resolve)); // lets the writer's output in
    }
    writeFileSync(stop, '');
    await once(writer, 'exit');

    expect(alarms).toEqual([]);
    // The writers really ran meanwhile, and succeeded (a purge exits 75 when verify was reading while it
    // came to wipe the database file: the deletion stands).
    const steps = writes.trim().split('\n');
    expect(steps.filter((w) => w.startsWith('purge')).length).toBeGreaterThanOrEqual(ROUNDS);
    expect(steps.filter((w) => !/:0$/.test(w) && !w.startsWith('purge:75 '))).toEqual([]);
    expect(spawnCli(['--archive', archive, 'verify']).code).toBe(0);
  }, 120_000);
});
