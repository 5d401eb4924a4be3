// The export section of `npm run bench`: `wa-archive export --format json|csv|txt --chat Bench --out FILE`
// over the benchmark archive (the one the search section reads), one fresh process each. Writers stream
// from the database, so the target is peak RSS < 200 MB whatever the size of the chat.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand, verdict } from '../lib.mjs';
import { benchArchive } from './search.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const FORMATS = ['json', 'csv', 'txt'];
const RSS_LIMIT_MB = 200;

export const exportSection = {
  name: 'export',
  async run(ctx) {
    const rows = FORMATS.map((format) => ({
      key: `export:${format}`,
      name: `wa-archive export --format ${format} (chat Bench, to a file)`,
      messages: ctx.messages,
      target: (results) => {
        const r = results.get(`export:${format}`);
        if (!r?.ok || r.maxRssKiB === null) return verdict(null, `peak RSS < ${RSS_LIMIT_MB} MB`);
        const mb = r.maxRssKiB / 1024;
        return verdict(mb < RSS_LIMIT_MB, `${mb.toFixed(0)} MB (< ${RSS_LIMIT_MB})`);
      },
    }));
    ctx.rows.push(...rows);
    rmSync(join(ROOT, 'bench/.build/search-dist'), { recursive: true, force: true });
    const built = await benchArchive(ctx);
    if (built === null) {
      for (const { key, name } of rows) ctx.results.set(key, { name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    const scratch = mkdtempSync(join(tmpdir(), 'wa-archive-bench-export-'));
    try {
      const sizes = [];
      for (const format of FORMATS) {
        const out = join(scratch, `bench.${format}`);
        const argv = [built.cli, '--archive', built.archive, '-q', 'export', '--format', format, '--chat', 'Bench', '--out', out];
        ctx.results.set(`export:${format}`, await measureCommand(`wa-archive export --format ${format}`, process.execPath, argv, { cwd: ROOT }));
        if (ctx.results.get(`export:${format}`).ok) sizes.push(`${format} ${(statSync(out).size / 1e6).toFixed(0)} MB`);
        rmSync(out, { force: true });
      }
      ctx.notes.push(`Export files (chat Bench of ${built.archive}): ${sizes.join(', ')}.`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
