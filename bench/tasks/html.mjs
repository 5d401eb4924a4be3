// The html section of `npm run bench`: a chat of 200,000 messages exported as html (a folder: an index
// and pages of PAGE_SIZE messages), then opened in headless Chromium (Debian's /usr/bin/chromium, through
// playwright-core, as the browser test does): time from `page.goto(file://…)` to `load` of the index, of
// the first page and of the largest page. Target: each opens in < 2 s.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPathFor, ensureExport } from '../generate.mjs';
import { measureCommand, measureNode, verdict } from '../lib.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const MESSAGES = 200_000;
const LIMIT_S = 2;
const CHROMIUM = '/usr/bin/chromium';

export const htmlSection = {
  name: 'html',
  async run(ctx) {
    const opened = (key) => (results) => {
      const r = results.get(key);
      return r?.ok ? verdict(r.seconds < LIMIT_S, `${r.seconds.toFixed(2)} s to load (< ${LIMIT_S} s)`) : verdict(null, `< ${LIMIT_S} s to load`);
    };
    const rows = [
      { key: 'html:export', name: 'wa-archive export --format html --out FOLDER (pages)', messages: MESSAGES, target: () => 'baseline' },
      { key: 'html:index', name: 'Chromium opens the html index.html', messages: MESSAGES, target: opened('html:index') },
      { key: 'html:first', name: 'Chromium opens the first html page', messages: MESSAGES, target: opened('html:first') },
      { key: 'html:largest', name: 'Chromium opens the largest html page', messages: MESSAGES, target: opened('html:largest') },
    ];
    ctx.rows.push(...rows);
    const cli = join(ROOT, 'dist/cli.js');
    const missing = !existsSync(cli) ? 'dist/cli.js not found (run `npm run build`)' : !existsSync(CHROMIUM) ? `${CHROMIUM} not found (apt-get install chromium)` : null;
    if (missing !== null) {
      for (const { key, name } of rows) ctx.results.set(key, { name, ok: false, skipped: true, error: missing });
      return;
    }
    const file = dataPathFor(MESSAGES);
    ensureExport(file, MESSAGES, { log: (line) => process.stderr.write(`${line}\n`) });
    const scratch = mkdtempSync(join(tmpdir(), 'wa-archive-bench-html-'));
    try {
      const archive = join(scratch, 'archive');
      const imported = await measureCommand('import', process.execPath, [cli, '--archive', archive, '-q', 'import', file, '--tz', 'UTC', '--chat', 'Bench'], { cwd: ROOT });
      if (!imported.ok) throw new Error(`import for the html bench failed: ${imported.error}`);
      const out = join(scratch, 'pages');
      const argv = [cli, '--archive', archive, '-q', 'export', '--format', 'html', '--chat', 'Bench', '--out', out];
      const exported = await measureCommand('wa-archive export --format html', process.execPath, argv, { cwd: ROOT });
      ctx.results.set('html:export', exported);
      if (!exported.ok) return;
      const pages = readdirSync(out).filter((f) => f.startsWith('page-')).sort();
      const largest = pages.reduce((a, b) => (statSync(join(out, b)).size > statSync(join(out, a)).size ? b : a));
      const targets = [['html:index', 'index.html'], ['html:first', pages[0]], ['html:largest', largest]];
      for (const [key, page] of targets) {
        ctx.results.set(key, measureNode(`open ${page}`, join(ROOT, 'bench/tasks/htmlOpen.mjs'), [CHROMIUM, join(out, page)], { cwd: ROOT }));
      }
      const kb = (f) => `${(statSync(join(out, f)).size / 1e3).toFixed(0)} kB`;
      ctx.notes.push(`html export of ${MESSAGES.toLocaleString('en-US')} messages: ${pages.length} pages; index.html ${kb('index.html')}, ${pages[0]} ${kb(pages[0])}, largest ${largest} ${kb(largest)}. Load times: the median of 3 opens, each in a new tab of one headless Chromium.`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
