// The show section of `npm run bench`: `wa-archive show Bench --json` over the benchmark archive (the one
// the search section reads: a chat of 1,000,000 messages), its output to /dev/null, one fresh process
// per run, BENCH_RUNS runs round robin (median). show streams from the database, so the targets (issue 15)
// are ≤ 3 s and peak RSS ≤ 150 MB.
// The transcript (`show Bench`, no --json) is timed beside it, for information.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand, roundRobin, RUNS, verdict } from '../lib.mjs';
import { benchArchive } from './search.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const LIMIT_S = 3;
const RSS_LIMIT_MB = 150;

export const showSection = {
  name: 'show',
  async run(ctx) {
    const row = {
      key: 'show:json',
      name: 'wa-archive show Bench --json (streamed to /dev/null)',
      messages: ctx.messages,
      target: (results) => {
        const r = results.get('show:json');
        const wanted = `≤ ${LIMIT_S} s, peak RSS ≤ ${RSS_LIMIT_MB} MB`;
        if (!r?.ok || r.maxRssKiB === null) return verdict(null, wanted);
        const mb = r.maxRssKiB / 1024;
        return verdict(r.seconds <= LIMIT_S && mb <= RSS_LIMIT_MB, `${r.seconds.toFixed(1)} s, ${mb.toFixed(0)} MB (${wanted})`);
      },
    };
    const text = { key: 'show:text', name: 'wa-archive show Bench (transcript, streamed to /dev/null)', messages: ctx.messages, target: () => 'info (no target)' };
    ctx.rows.push(row, text);
    rmSync(join(ROOT, 'bench/.build/search-dist'), { recursive: true, force: true });
    const built = await benchArchive(ctx);
    if (built === null) {
      for (const r of [row, text]) ctx.results.set(r.key, { name: r.name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    // The shell only redirects: `exec` makes node the measured process itself.
    const argv = ['-c', 'exec "$0" "$@" > /dev/null', process.execPath, built.cli, '--archive', built.archive, 'show', 'Bench'];
    const jobs = new Map([
      [row.key, () => measureCommand('wa-archive show --json', '/bin/sh', [...argv, '--json'], { cwd: ROOT })],
      [text.key, () => measureCommand('wa-archive show', '/bin/sh', argv, { cwd: ROOT })],
    ]);
    for (const [key, result] of await roundRobin(jobs, RUNS)) ctx.results.set(key, result);
  },
};
