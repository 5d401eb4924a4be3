// The verify section of `npm run bench`: `wa-archive verify` over the benchmark archive (the same one the
// search section reads), one fresh process; target ≤ 20 s for 1,000,000 messages (a nightly cron job).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand, verdict } from '../lib.mjs';
import { benchArchive } from './search.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const LIMIT_S = 20;

export const verifySection = {
  name: 'verify',
  async run(ctx) {
    const row = {
      key: 'verify:archive',
      name: 'wa-archive verify (whole archive)',
      messages: ctx.messages,
      target: (results) => {
        const r = results.get('verify:archive');
        return r?.ok ? verdict(r.seconds <= LIMIT_S, `${r.seconds.toFixed(1)} s (≤ ${LIMIT_S} s)`) : verdict(null, `≤ ${LIMIT_S} s`);
      },
    };
    ctx.rows.push(row);
    rmSync(join(ROOT, 'bench/.build/search-dist'), { recursive: true, force: true });
    const built = await benchArchive(ctx);
    if (built === null) {
      ctx.results.set(row.key, { name: row.name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    const result = await measureCommand('wa-archive verify', process.execPath, [built.cli, '--archive', built.archive, '-q', 'verify'], { cwd: ROOT });
    ctx.results.set(row.key, result);
  },
};
