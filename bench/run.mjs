// `npm run bench`: generates the benchmark export if needed, runs each measurement in a fresh process,
// prints the machine and ONE markdown table (stdout; progress goes to stderr).
//
//   BENCH_MESSAGES=N      use a generated file of N messages instead of 1,000,000 (bench/data/export-<N>.txt)
//   BENCH_ONLY=a,b        run only the sections whose name contains one of these (e.g. parse, import, export)
//   BENCH_KEEP_ARCHIVE=1  keep the temporary archive of the import section (its path is printed)
//   BENCH_TIMEOUT_S=N     per-measurement timeout (default 1800)
//   BENCH_RUNS=N          runs of the parsers, the first import and each search (median reported; default 7)
//   BENCH_SEARCH_ARCHIVE, BENCH_REBUILD: see tasks/search.mjs
//   BENCH_SCALE=N         instead of the sections: N chats of the export in one archive (10 → 10M messages), tasks/scale.mjs
//
// Exit code: 0 even when a target is missed (timings never fail CI); 1 only when a step crashed or
// could not run.
//
// Adding a benchmark: write a section `{ name, run(ctx) }` that calls `measure*` from lib.mjs, stores
// each result with `ctx.results.set(key, result)`, and pushes rows `{ key, name, messages, target }`
// (and free-form lines to `ctx.notes`). Then list it in SECTIONS.
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MESSAGES, dataPathFor, ensureExport } from './generate.mjs';
import { formatRuns, gnuTime, measureCommand, measureNode, renderTable, roundRobin, RUNS, systemInfo, verdict } from './lib.mjs';
import { searchSection } from './tasks/search.mjs';
import { exportSection } from './tasks/export.mjs';
import { verifySection } from './tasks/verify.mjs';
import { purgeSection } from './tasks/purge.mjs';
import { htmlSection } from './tasks/html.mjs';
import { scaleSection } from './tasks/scale.mjs';
import { showSection } from './tasks/show.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const BUILD_DIR = join(BENCH_DIR, '.build');
const log = (line) => process.stderr.write(`${line}\n`);
const rel = (p) => relative(ROOT, p) || '.';

// ---------------------------------------------------------------------------------------------------
// Sections

const parseSection = {
  name: 'parse',
  async run(ctx) {
    const bundle = join(BUILD_DIR, 'parser.mjs');
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(ROOT, 'src/parser/parse.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: bundle,
      logLevel: 'warning',
    });
    const jobs = new Map([
      ['parse:wcp', () => wcpParse(ctx)],
      ['parse:wa', () => measureNode('wa-archive parser', PARSE_TASK, ['wa-archive', ctx.file, bundle], { cwd: ROOT })],
    ]);
    log(`measuring whatsapp-chat-parser parseString and wa-archive parseExport: ${RUNS} rounds …`);
    for (const [key, result] of await roundRobin(jobs, RUNS)) ctx.results.set(key, result);

    ctx.rows.push(
      { key: 'parse:wcp', name: 'whatsapp-chat-parser parseString', messages: ctx.messages, target: () => 'baseline' },
      {
        key: 'parse:wa',
        name: 'wa-archive parseExport',
        messages: ctx.messages,
        target: (results) => {
          const [base, wa] = [results.get('parse:wcp'), results.get('parse:wa')];
          if (!base?.ok || !wa?.ok) return verdict(null, '≥ 2× faster than whatsapp-chat-parser');
          const speedup = base.seconds / wa.seconds;
          return verdict(speedup >= 2, `speed-up ${speedup.toFixed(2)}× over whatsapp-chat-parser (need ≥ 2×)`);
        },
      },
    );

    const counts = [
      ['generator', ctx.messages, ctx.marker.counts.system],
      ['whatsapp-chat-parser', ctx.results.get('parse:wcp').details?.count, ctx.results.get('parse:wcp').details?.system],
      ['wa-archive parser', ctx.results.get('parse:wa').details?.count, ctx.results.get('parse:wa').details?.system],
    ];
    const text = counts.map(([who, n, sys]) => `${who} ${n?.toLocaleString('en-US') ?? 'n/a'} (system ${sys?.toLocaleString('en-US') ?? 'n/a'})`);
    const agree = counts.every(([, n]) => n === ctx.messages);
    ctx.notes.push(`Records parsed: ${text.join(', ')}${agree ? ' (all agree)' : ' — COUNTS DIFFER'}.`);
    ctx.notes.push(
      `Parsers: median of ${RUNS} runs each, round robin; whatsapp-chat-parser ${formatRuns(ctx.results.get('parse:wcp'))}, ` +
        `wa-archive ${formatRuns(ctx.results.get('parse:wa'))}.`,
    );
    const skipped = ctx.results.get('parse:wa').details?.skippedLines;
    if (skipped) ctx.notes.push(`wa-archive parser skipped ${skipped} line(s) before the first header.`);
  },
};

const PARSE_TASK = join(BENCH_DIR, 'tasks/parse.mjs');

/** One run of whatsapp-chat-parser's parse of the export: the parse section's baseline, and the import's. */
function wcpParse(ctx) {
  return measureNode('whatsapp-chat-parser', PARSE_TASK, ['whatsapp-chat-parser', ctx.file], { cwd: ROOT });
}

const importSection = {
  name: 'import',
  async run(ctx) {
    const cli = join(ROOT, 'dist/cli.js');
    const rows = [
      {
        key: 'import:first',
        name: 'wa-archive import (fresh archive)',
        messages: ctx.messages,
        target: (results) => {
          const [base, first] = [results.get('import:wcp'), results.get('import:first')];
          if (!first?.ok) return verdict(null, '≤ 2× whatsapp-chat-parser parse time and ≤ 350 MB peak RSS');
          const checks = [
            base?.ok
              ? { ok: first.seconds / base.seconds <= 2, text: `${(first.seconds / base.seconds).toFixed(2)}× wcp parse time in the same rounds (≤ 2×)` }
              : { ok: null, text: 'wcp parse time n/a' },
            first.maxRssKiB !== null
              ? { ok: first.maxRssKiB / 1024 <= 350, text: `${(first.maxRssKiB / 1024).toFixed(0)} MB (≤ 350)` }
              : { ok: null, text: 'peak RSS n/a' },
          ];
          const ok = checks.some((c) => c.ok === false) ? false : checks.some((c) => c.ok === null) ? null : true;
          return verdict(ok, checks.map((c) => c.text).join(', '));
        },
      },
      {
        key: 'import:again',
        name: 'wa-archive re-import (same file)',
        messages: ctx.messages,
        target: (results) => {
          const [first, again] = [results.get('import:first'), results.get('import:again')];
          if (!first?.ok || !again?.ok) return verdict(null, '≤ 40% of the first import');
          const share = again.seconds / first.seconds;
          return verdict(share <= 0.4, `${(share * 100).toFixed(0)}% of the first import (≤ 40%)`);
        },
      },
      {
        key: 'import:overlap',
        name: 'wa-archive import, same export + 1 new',
        messages: ctx.messages + 1,
        target: (results) => {
          const [first, overlap] = [results.get('import:first'), results.get('import:overlap')];
          if (!first?.ok || !overlap?.ok) return verdict(null, '≤ 80% of the first import');
          const share = overlap.seconds / first.seconds;
          return verdict(share <= 0.8, `${(share * 100).toFixed(0)}% of the first import (≤ 80%)`);
        },
      },
      {
        key: 'import:monthly',
        name: 'wa-archive import, monthly case (same export + 10,000 new)',
        messages: ctx.messages + 1 + MONTHLY_NEW,
        target: (results) => {
          const [first, monthly] = [results.get('import:first'), results.get('import:monthly')];
          if (!first?.ok || !monthly?.ok) return verdict(null, '≤ 30% of the first import');
          const share = monthly.seconds / first.seconds;
          return verdict(share <= 0.3, `${(share * 100).toFixed(0)}% of the first import (≤ 30%)`);
        },
      },
    ];
    ctx.rows.push(...rows);

    if (!existsSync(cli)) {
      for (const { key, name } of rows) ctx.results.set(key, { name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    if (gnuTime() === null) {
      ctx.notes.push('Peak RSS of the CLI needs GNU time, which is not installed: `apt-get install time` (Debian/Ubuntu). Reported as n/a.');
    }

    const scratch = mkdtempSync(join(tmpdir(), 'wa-archive-bench-'));
    const archive = join(scratch, 'archive'); // does not exist yet: `import` creates it
    const argv = [cli, '--archive', archive, '-q', 'import', ctx.file, '--tz', 'UTC', '--chat', 'Bench'];
    try {
      // The target is a ratio to whatsapp-chat-parser's parse, so both are timed in the same rounds, one run
      // of each in turn (as each search is beside `node -e 0`): a machine that slows down between the parse
      // section and this one would otherwise move the ratio, whatever the import's code.
      log(`measuring wa-archive import into a fresh archive, round robin with whatsapp-chat-parser's parse: ${RUNS} rounds …`);
      const fresh = async () => {
        rmSync(archive, { recursive: true, force: true });
        return measureCommand('wa-archive import', process.execPath, argv, { cwd: ROOT });
      };
      const measured = await roundRobin(new Map([['import:wcp', () => wcpParse(ctx)], ['import:first', fresh]]), RUNS);
      const first = measured.get('import:first');
      ctx.results.set('import:wcp', measured.get('import:wcp'));
      ctx.results.set('import:first', first);
      if (!first.ok) {
        for (const key of ['import:again', 'import:overlap', 'import:monthly']) {
          ctx.results.set(key, { name: rows.find((r) => r.key === key).name, ok: false, skipped: true, error: 'the first import failed' });
        }
        return;
      }
      const afterFirst = await countMessages(archive);
      const cpu = first.cpuRuns.every((c) => c !== null) ? `; CPU (user + system) ${first.cpuRuns.map((c) => c.toFixed(2)).join(', ')} s` : '';
      const wcp = ctx.results.get('import:wcp');
      ctx.notes.push(
        `First import: median of ${RUNS} runs, each into a fresh archive: ${formatRuns(first)}${cpu}; ` +
          `whatsapp-chat-parser's parse in the same rounds: ${wcp.ok ? formatRuns(wcp) : `failed (${wcp.error})`}.`,
      );
      ctx.notes.push(`Archive after import: ${afterFirst} message rows, ${(folderBytes(archive) / 1e6).toFixed(0)} MB on disk.`);

      log('measuring wa-archive re-import of the same file …');
      ctx.results.set('import:again', await measureCommand('wa-archive re-import', process.execPath, argv, { cwd: ROOT }));
      const afterAgain = await countMessages(archive);
      if (ctx.results.get('import:again').ok) {
        const same = afterAgain === afterFirst;
        ctx.notes.push(`Archive after re-import: ${afterAgain} message rows${same ? ' (unchanged, as expected)' : ' — CHANGED by a re-import'}.`);
      }

      // The same messages plus one new one: a different file (so no whole-export shortcut can apply),
      // which makes every message go through deduplication, as with a real later export of a chat.
      const later = join(scratch, 'export-plus-one.txt');
      copyFileSync(ctx.file, later);
      appendFileSync(later, `${androidHeader(ctx.marker.last, 1)} - Priya Shah: one more message after the benchmark export\n`);
      log('measuring wa-archive import of the same export plus one new message …');
      // --json: its searchData says how the search data was refreshed, and how long that took.
      const plusOne = [...argv, '--json'];
      plusOne[plusOne.indexOf(ctx.file)] = later;
      ctx.results.set('import:overlap', await measureCommand('wa-archive import, same + 1 new', process.execPath, plusOne, { cwd: ROOT }));
      if (ctx.results.get('import:overlap').ok) {
        ctx.notes.push(`Archive after the "+1 new" import: ${await countMessages(archive)} message rows (expected one more)${refreshNote(ctx.results.get('import:overlap'))}.`);
      }

      // The monthly case: a later export of the chat, its earlier lines and a month's new messages.
      const monthly = join(scratch, 'export-monthly.txt');
      copyFileSync(later, monthly);
      const lines = Array.from({ length: MONTHLY_NEW }, (_, i) => `${androidHeader(ctx.marker.last, 2 + i)} - Tom: monthly message ${i} about coffee tomorrow\n`);
      appendFileSync(monthly, lines.join(''));
      log(`measuring wa-archive import of the same export plus ${MONTHLY_NEW.toLocaleString('en-US')} new messages …`);
      const month = [...plusOne];
      month[month.indexOf(later)] = monthly;
      ctx.results.set('import:monthly', await measureCommand('wa-archive import, monthly case', process.execPath, month, { cwd: ROOT }));
      if (ctx.results.get('import:monthly').ok) {
        ctx.notes.push(`Archive after the monthly import: ${await countMessages(archive)} message rows (expected ${MONTHLY_NEW.toLocaleString('en-US')} more)${refreshNote(ctx.results.get('import:monthly'))}.`);
      }
    } finally {
      if (process.env.BENCH_KEEP_ARCHIVE) ctx.notes.push(`Archive kept at ${archive}.`);
      else rmSync(scratch, { recursive: true, force: true });
    }
  },
};

/** New messages of the monthly case's export. */
const MONTHLY_NEW = 10_000;

/** ", search data refresh: added in 0.012 s" from an import's --json output (nothing if it has none). */
function refreshNote(result) {
  try {
    const { searchData } = JSON.parse(result.stdout);
    return searchData ? `, search data refresh: ${searchData.refresh} in ${searchData.seconds.toFixed(3)} s` : '';
  } catch {
    return '';
  }
}

const SECTIONS = [parseSection, importSection, searchSection, exportSection, showSection, verifySection, purgeSection, htmlSection];


// ---------------------------------------------------------------------------------------------------

/** Untimed sanity check; knows only that messages live in a `messages` table of archive.db. */
async function countMessages(archive) {
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(archive, 'archive.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) AS n FROM messages').get().n.toLocaleString('en-US');
    } finally {
      db.close();
    }
  } catch (error) {
    return `? (${error.message})`;
  }
}

/** `DD/MM/YYYY, HH:MM` for `minutes` after an ISO wall time like `2024-06-13T09:11`. */
function androidHeader(isoMinute, minutes) {
  const d = new Date(Date.parse(`${isoMinute}:00Z`) + minutes * 60_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

async function main() {
  const messages = Number((process.env.BENCH_MESSAGES ?? String(DEFAULT_MESSAGES)).replace(/_/g, ''));
  if (!Number.isInteger(messages) || messages < 3) {
    log(`bench: BENCH_MESSAGES must be an integer ≥ 3, got ${JSON.stringify(process.env.BENCH_MESSAGES)}`);
    return 1;
  }
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const scale = process.env.BENCH_SCALE === undefined ? null : Number(process.env.BENCH_SCALE);
  if (scale !== null && !(Number.isInteger(scale) && scale >= 2)) {
    log(`bench: BENCH_SCALE must be an integer ≥ 2, got ${JSON.stringify(process.env.BENCH_SCALE)}`);
    return 1;
  }
  const sections = scale !== null ? [scaleSection] : SECTIONS.filter((s) => only.length === 0 || only.some((o) => s.name.includes(o)));

  const file = dataPathFor(messages);
  const marker = ensureExport(file, messages, { log });
  const ctx = { file, messages, marker, rows: [], results: new Map(), notes: [] };

  for (const section of sections) {
    try {
      await section.run(ctx);
    } catch (error) {
      // A section that throws (e.g. the parser does not bundle) is a crash of that section's rows.
      ctx.notes.push(`Section "${section.name}" crashed: ${error.stack ?? error}`);
      ctx.rows.push({ key: `${section.name}:crash`, name: `${section.name} (section)`, messages: messages });
      ctx.results.set(`${section.name}:crash`, { name: section.name, ok: false, error: String(error.message ?? error) });
    }
  }

  const out = [];
  out.push(...systemInfo());
  out.push(
    `Data: ${rel(file)}, ${messages.toLocaleString('en-US')} messages, ${marker.lines.toLocaleString('en-US')} lines, ` +
      `${(marker.bytes / 1e6).toFixed(1)} MB, ${marker.first} … ${marker.last}${marker.generated ? ' (generated now)' : ''}`,
  );
  out.push('Each row is a fresh process. Parsers: parse time only (file read before timing); import: wall time of the whole CLI run. MB = MiB.');
  out.push('');
  out.push(renderTable(ctx.rows, ctx.results));
  out.push('');
  for (const note of ctx.notes) out.push(`- ${note}`);

  const failed = ctx.rows.map((row) => ctx.results.get(row.key)).filter((r) => r && !r.ok);
  for (const r of failed) out.push(`- ${r.skipped ? 'SKIPPED' : 'CRASHED'} ${r.name}: ${r.error}`);
  console.log(out.join('\n'));
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
