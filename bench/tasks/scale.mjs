// `BENCH_SCALE=N npm run bench` (not part of the default bench): N chats like the benchmark export (1M
// messages each by default, so 10M at N = 10) imported in one run from one folder, then each search class
// on that archive beside the same search on the benchmark's search archive and `rg -i -c` over the raw exports (issue 15).
// Reports the import's time and peak RSS, the archive's size, and for each class whether its time stays
// flat (≤ 1.15× its time there, round by round: the index does the work, not the archive's size) and how it compares with
// a scan of the raw files. The first export is the benchmark file (a hard link); the others are generated
// with the next seeds (bench/data/export-<N>-seed-<S>.txt, kept for later runs): the same sizes, mix and
// vocabulary, other messages and minutes, since ten chats of the very same messages are one chat under
// ten names, which an import refuses (ops/chatMatch.ts). The archive (about 0.4 GB per million messages) is deleted
// afterwards unless BENCH_KEEP_ARCHIVE is set.
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR, DEFAULT_SEED, ensureExport } from '../generate.mjs';
import { formatRuns, formatSeconds, measureCommand, median, roundRobin, RUNS, verdict } from '../lib.mjs';
import { benchArchive, CLASSES, COPY, ripgrep } from './search.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
const RSS_LIMIT_MB = 400;
const FLAT_LIMIT = 1.15;

export const scaleSection = {
  name: 'scale',
  async run(ctx) {
    const chats = Number(process.env.BENCH_SCALE);
    const total = chats * ctx.messages;
    const rows = [
      {
        key: 'scale:import',
        name: `import of ${chats} exports from one folder`,
        messages: total,
        target: (r) => {
          const imp = r.get('scale:import');
          if (!imp?.ok || imp.maxRssKiB === null) return verdict(null, `≤ ${RSS_LIMIT_MB} MB peak RSS`);
          return verdict(imp.maxRssKiB / 1024 <= RSS_LIMIT_MB, `${(imp.maxRssKiB / 1024).toFixed(0)} MB (≤ ${RSS_LIMIT_MB})`);
        },
      },
      ...CLASSES.map((c) => ({ key: `scale:${c.key}`, name: `search: ${c.name}`, messages: total, target: (r) => flatVerdict(r, c) })),
    ];
    ctx.rows.push(...rows);
    rmSync(COPY, { recursive: true, force: true }); // measure this dist/, not an older copy
    const built = await benchArchive(ctx);
    if (built === null) {
      for (const { key, name } of rows) ctx.results.set(key, { name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    const { archive: small, cli } = built;
    const scratch = mkdtempSync(join(tmpdir(), 'wa-archive-scale-'));
    try {
      const folder = join(scratch, 'exports');
      mkdirSync(folder);
      for (let i = 1; i <= chats; i++) {
        // The first is "Bench", as in the search archive, so that `--chat Bench` names one chat.
        const file = join(folder, `WhatsApp Chat with Bench${i === 1 ? '' : ` ${i}`}.txt`);
        const seed = DEFAULT_SEED + i - 1;
        const source = i === 1 ? ctx.file : join(DATA_DIR, `export-${ctx.messages}-seed-${seed}.txt`);
        if (i > 1) ensureExport(source, ctx.messages, { seed, log });
        try {
          linkSync(source, file);
        } catch {
          copyFileSync(source, file);
        }
      }
      const archive = join(scratch, 'archive');
      log(`importing ${chats} exports (${total.toLocaleString('en-US')} messages) into one archive …`);
      const imported = await measureCommand('import', process.execPath, [cli, '--archive', archive, '-q', 'import', folder, '--tz', 'UTC']);
      ctx.results.set('scale:import', imported);
      if (!imported.ok) {
        for (const c of CLASSES) ctx.results.set(`scale:${c.key}`, { name: c.name, ok: false, skipped: true, error: 'the import failed' });
        return;
      }
      const bytes = folderBytes(archive);
      ctx.notes.push(
        `Scale: ${chats} chats × ${ctx.messages.toLocaleString('en-US')} messages imported in ${formatSeconds(imported.seconds)} s, ` +
          `archive ${(bytes / 1e9).toFixed(2)} GB (${(bytes / 1e9 / (total / 1e6)).toFixed(2)} GB per million messages).`,
      );

      const rg = ripgrep();
      const command = (name, file, args) => () => measureCommand(name, file, args);
      const jobs = new Map([['scale:node', command('node -e 0', process.execPath, ['-e', '0'])]]);
      for (const c of CLASSES) {
        jobs.set(`scale:${c.key}`, command(c.name, process.execPath, [cli, '--archive', archive, '-q', 'search', ...c.argv]));
        jobs.set(`small:${c.key}`, command(c.name, process.execPath, [cli, '--archive', small, '-q', 'search', ...c.argv]));
        if (rg !== null) {
          jobs.set(`rg:${c.key}`, command(`rg ${c.rg}`, rg, ['-i', '-c', c.rg, folder]));
          jobs.set(`rg1:${c.key}`, command(`rg ${c.rg}`, rg, ['-i', '-c', c.rg, ctx.file]));
        }
      }
      log(`measuring the searches at ${total.toLocaleString('en-US')} and ${ctx.messages.toLocaleString('en-US')} messages and rg: ${RUNS} rounds of ${jobs.size} commands …`);
      const measured = await roundRobin(jobs, RUNS);
      for (const c of CLASSES) {
        const r = measured.get(`scale:${c.key}`);
        if (r.ok) Object.assign(r.details, { node: measured.get('scale:node'), small: measured.get(`small:${c.key}`), rg: measured.get(`rg:${c.key}`), rg1: measured.get(`rg1:${c.key}`) });
        ctx.results.set(`scale:${c.key}`, r);
      }
      ctx.notes.push(`Scale, node -e 0: ${formatRuns(measured.get('scale:node'))}.`);
      const [n, m] = [millions(total), millions(ctx.messages)];
      for (const c of CLASSES) {
        const runs = (key) => formatRuns(measured.get(`${key}:${c.key}`));
        ctx.notes.push(`Scale, ${c.key}: search ${n} ${runs('scale')}; search ${m} ${runs('small')}; rg ${n} ${runs('rg')}; rg ${m} ${runs('rg1')}.`);
      }
      ctx.notes.push(crossover(ctx.messages, total));
    } finally {
      if (process.env.BENCH_KEEP_ARCHIVE) ctx.notes.push(`Scale archive kept at ${scratch}.`);
      else rmSync(scratch, { recursive: true, force: true });
    }

    /** From how many messages on the search beats `rg` over the raw exports: rg's time is linear in the size scanned. */
    function crossover(small, large) {
      const points = CLASSES.map((c) => {
        const r = ctx.results.get(`scale:${c.key}`);
        const [rg1, rgN] = [r?.details?.rg1, r?.details?.rg];
        if (!r?.ok || !rg1?.ok || !rgN?.ok) return null;
        const perMessage = (rgN.seconds - rg1.seconds) / (large - small);
        const start = rg1.seconds - perMessage * small;
        return { key: c.key, messages: perMessage > 0 ? Math.max(0, (r.seconds - start) / perMessage) : Infinity };
      }).filter(Boolean);
      if (points.length === 0) return 'Crossover with rg: n/a (ripgrep missing or a run failed).';
      const text = points.map((p) => `${p.key} ${Number.isFinite(p.messages) ? millions(p.messages) : 'never'}`).join(', ');
      return `Crossover (rg -i -c over the raw exports, linear in their size, vs the search at ${millions(large)}): the search is faster from about ${text} messages.`;
    }
  },
};

/**
 * Flat: the median over the rounds of each round's 10M time against its 1M time, the command run right
 * after it. The machine's slow and fast phases last several commands, so they fall on both runs of a
 * round; a ratio of the two medians compares runs of different phases. Over four runs on this machine a
 * row's ratio of the medians spread over 0.14× on average (a prefix 1.05–1.24×), its round by round one
 * over 0.08× (the prefix 1.17–1.20×). The ratio of the medians is shown beside it.
 */
function flatVerdict(results, c) {
  const r = results.get(`scale:${c.key}`);
  const small = r?.details?.small;
  if (!r?.ok || !small?.ok) return verdict(null, `≤ ${FLAT_LIMIT}× its time on the search archive`);
  const flat = median(r.runs.map((seconds, i) => seconds / small.runs[i]));
  const node = r.details.node?.ok ? `, ${(r.seconds / r.details.node.seconds).toFixed(2)}× node -e 0` : '';
  const rg = r.details.rg?.ok ? `; rg -i -c ${formatSeconds(r.details.rg.seconds)} s` : '';
  const medians = `${(r.seconds / small.seconds).toFixed(2)}× of the medians, ${formatSeconds(small.seconds)} s`;
  return verdict(flat <= FLAT_LIMIT, `${flat.toFixed(2)}× its time on the search archive round by round (${medians}; ≤ ${FLAT_LIMIT}×)${node}${rg}`);
}

const millions = (n) => `${Number((n / 1e6).toFixed(2))}M`;

function folderBytes(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return bytes;
}
