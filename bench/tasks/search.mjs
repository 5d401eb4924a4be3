// The search section of `npm run bench`: one query per class on the generated archive, each in a fresh
// process (node dist/cli.js … search), median of BENCH_RUNS runs (default 7) taken round robin, beside
// `node -e 0` (the targets are ratios to Node's own start) and `rg -i -c` over the raw export file.
//
//   BENCH_SEARCH_ARCHIVE=DIR  search this archive instead of the cached one (built once, see below)
//   BENCH_REBUILD=1           rebuild the cached archive
//
// The cached archive (bench/data/search-archive-<N>/) holds the benchmark export as chat "Bench" plus the
// 20,000-message export as chat "Side", so that `--chat Bench` is a real filter. It is rebuilt when the
// export or the archive's schema changes. Building it is an import of the whole export (tens of seconds).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPathFor, DATA_DIR, ensureExport } from '../generate.mjs';
import { formatRuns, formatSeconds, installDebianPackage, measureCommand, roundRobin, RUNS, verdict } from '../lib.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
/** dist/ is copied here first: a rebuild of dist/ while the benchmark runs must not change what it measures. */
export const COPY = join(ROOT, 'bench/.build/search-dist');
const CLI = join(COPY, 'cli.js');
const SIDE_MESSAGES = 20_000;
const log = (line) => process.stderr.write(`${line}\n`);

/**
 * The query classes. `limit`: the target as a multiple of `node -e 0`; `rg`: the pattern for ripgrep.
 * Words are picked from the generator's vocabulary (bench/generate.mjs) by how many messages hold them.
 */
export const CLASSES = [
  { key: 'rare', name: 'rare word (obrigado, ~0.01%)', argv: ['obrigado'], rg: 'obrigado', limit: 1.5 },
  { key: 'common', name: 'common word (tomorrow, ~0.7%)', argv: ['tomorrow'], rg: 'tomorrow', limit: 1.8 },
  { key: 'verycommon', name: 'very common word (to, ~19%)', argv: ['to'], rg: '\\bto\\b', limit: 1.8 },
  { key: 'two', name: 'two words (coffee tomorrow)', argv: ['coffee tomorrow'], rg: 'coffee', limit: 1.5 },
  { key: 'phrase', name: 'phrase ("good morning", ~0.3%)', argv: ['"good morning"'], rg: 'good morning', limit: 1.5 },
  { key: 'prefix', name: 'prefix (kitch*)', argv: ['kitch*'], rg: '\\bkitch', limit: 1.8 },
  { key: 'chat', name: 'filter (coffee --chat Bench)', argv: ['coffee', '--chat', 'Bench'], rg: 'coffee', limit: 1.5 },
  { key: 'newest', name: 'newest first (to --sort newest)', argv: ['to', '--sort', 'newest'], rg: '\\bto\\b', limit: 1.5 },
  { key: 'fuzzy', name: 'fuzzy, one-letter typo (kitcgen --fuzzy)', argv: ['kitcgen', '--fuzzy'], rg: 'kitcgen', limit: 2.2 },
  // Issue 13.3's additions; not among issue 15's classes, so held to the common-word limit.
  { key: 'plural', name: 'plural also finds singular (things)', argv: ['things'], rg: '\\bthings?\\b', limit: 1.8 },
  { key: 'file', name: 'attachment name (IMG-20230101-WA0001)', argv: ['IMG-20230101-WA0001'], rg: 'IMG-20230101-WA0001', limit: 1.8 },
];

/** The everyday commands that read the whole archive (issue 15), with their targets as multiples of `node -e 0`. */
const SUMMARIES = [
  { key: 'chats', name: 'chats (every chat, its counts)', argv: ['chats'], limit: 1.5 },
  { key: 'status', name: 'status', argv: ['status'], limit: 1.5 },
  { key: 'retention', name: 'retention (the policy and what expires)', argv: ['retention'], limit: 1.5 },
  { key: 'stats', name: 'stats (whole archive)', argv: ['stats'], limit: 2 },
];
const VERSION_LIMIT = 1.25;

/** For a one-letter typo of a common word, most of the top 20 hits must contain the intended word. */
const TYPO = { argv: ['kitcgen', '--fuzzy'], intended: 'kitchen' };
const RSS_LIMIT_MB = 150;

export const searchSection = {
  name: 'search',
  async run(ctx) {
    const rows = [
      { key: 'search:node', name: 'node -e 0 (Node start, the unit of the targets)', messages: ctx.messages, target: () => 'baseline' },
      {
        key: 'search:version',
        name: 'wa-archive --version (CLI start, no archive)',
        messages: ctx.messages,
        target: (r) => limitVerdict(r, 'search:version', VERSION_LIMIT),
      },
      { key: 'search:show', name: 'wa-archive show --around ID -C 1 (opens the archive)', messages: ctx.messages, target: (r) => ratioText(r, 'search:show') },
      ...CLASSES.map((c) => ({ key: `search:${c.key}`, name: `search: ${c.name}`, messages: ctx.messages, target: (r) => classVerdict(r, c) })),
      ...SUMMARIES.map((c) => ({ key: `search:${c.key}`, name: c.name, messages: ctx.messages, target: (r) => limitVerdict(r, `search:${c.key}`, c.limit) })),
    ];
    ctx.rows.push(...rows);
    rmSync(COPY, { recursive: true, force: true });
    const built = await benchArchive(ctx);
    if (built === null) {
      for (const { key, name } of rows) ctx.results.set(key, { name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    const { archive } = built;
    const rg = ripgrep();
    if (rg === null) ctx.notes.push('ripgrep is not installed: `apt-get install ripgrep` (Debian) for the rg column.');

    const command = (name, file, args) => () => measureCommand(name, file, args, { cwd: ROOT });
    const jobs = new Map([
      ['search:node', command('node -e 0', process.execPath, ['-e', '0'])],
      ['search:version', command('wa-archive --version', process.execPath, [CLI, '--version'])],
      // The floor of any command that reads the archive: start, load the SQLite driver, open, one lookup.
      ['search:show', command('wa-archive show --around', process.execPath, [CLI, '--archive', archive, '-q', 'show', 'Bench', '--around', String(Math.ceil(ctx.messages / 2)), '-C', '1'])],
    ]);
    for (const c of CLASSES) {
      jobs.set(`search:${c.key}`, command(c.name, process.execPath, [CLI, '--archive', archive, '-q', 'search', ...c.argv]));
      if (rg !== null) jobs.set(`rg:${c.key}`, command(`rg ${c.rg}`, rg, ['-i', '-c', c.rg, ctx.file]));
    }
    for (const c of SUMMARIES) jobs.set(`search:${c.key}`, command(c.name, process.execPath, [CLI, '--archive', archive, '-q', ...c.argv]));
    log(`measuring node -e 0, the searches, rg and the summaries: ${RUNS} rounds of ${jobs.size} commands …`);
    const measured = await roundRobin(jobs, RUNS);
    for (const [key, result] of measured) if (key.startsWith('search:')) ctx.results.set(key, result);
    for (const c of CLASSES) {
      const result = ctx.results.get(`search:${c.key}`);
      if (!result?.ok) continue;
      result.details.total = searchTotal(archive, c.argv);
      result.details.rg = measured.get(`rg:${c.key}`);
    }
    ctx.notes.push(
      `Search: median of ${RUNS} fresh processes each, measured round robin; archive ${archive} (the export as chat "Bench" + ${SIDE_MESSAGES.toLocaleString('en-US')} messages as chat "Side"). ` +
        `Hits per class: ${CLASSES.map((c) => `${c.key} ${ctx.results.get(`search:${c.key}`)?.details?.total?.toLocaleString('en-US') ?? 'n/a'}`).join(', ')}.`,
    );
    // Every run in round order: each search beside the round's `node -e 0` (the machine's phases last several commands).
    ctx.notes.push(`Search runs, round by round: node -e 0 ${formatRuns(measured.get('search:node'))}; ${CLASSES.map((c) => `${c.key} ${formatRuns(measured.get(`search:${c.key}`))}`).join('; ')}.`);
    ctx.notes.push(typoRanking(archive));
  },
};

function ratioText(results, key) {
  const [node, r] = [results.get('search:node'), results.get(key)];
  if (!node?.ok || !r?.ok) return 'n/a';
  return `info: ${(r.seconds / node.seconds).toFixed(2)}× node -e 0`;
}

function limitVerdict(results, key, limit) {
  const [node, r] = [results.get('search:node'), results.get(key)];
  if (!node?.ok || !r?.ok) return verdict(null, `≤ ${limit}× node -e 0`);
  const ratio = r.seconds / node.seconds;
  return verdict(ratio <= limit, `${ratio.toFixed(2)}× node -e 0 (≤ ${limit}×)`);
}

function classVerdict(results, c) {
  const [node, r] = [results.get('search:node'), results.get(`search:${c.key}`)];
  if (!node?.ok || !r?.ok) return verdict(null, `≤ ${c.limit}× node -e 0, ≤ ${RSS_LIMIT_MB} MB`);
  const ratio = r.seconds / node.seconds;
  const mb = r.maxRssKiB === null ? null : r.maxRssKiB / 1024;
  const ok = ratio <= c.limit && (mb === null || mb <= RSS_LIMIT_MB);
  const rg = r.details.rg?.ok ? `; rg -i -c ${formatSeconds(r.details.rg.seconds)} s` : '';
  return verdict(ok, `${ratio.toFixed(2)}× node -e 0 (≤ ${c.limit}×), ${mb === null ? 'RSS n/a' : `${mb.toFixed(0)} MB`} (≤ ${RSS_LIMIT_MB})${rg}`);
}

/** Total hits of a query (untimed, for the notes). */
function searchTotal(archive, argv) {
  const r = spawnSync(process.execPath, [CLI, '--archive', archive, '--json', '-q', 'search', ...argv, '--limit', '0'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  try {
    return JSON.parse(r.stdout).total;
  } catch {
    return undefined;
  }
}

function typoRanking(archive) {
  const r = spawnSync(process.execPath, [CLI, '--archive', archive, '--json', '-q', 'search', ...TYPO.argv, '--limit', '20'], { encoding: 'utf8' });
  try {
    const results = JSON.parse(r.stdout).results;
    const word = new RegExp(`\\b${TYPO.intended}\\b`, 'i');
    const hits = results.filter((x) => word.test(x.text)).length;
    const ok = results.length > 0 && hits * 2 > results.length;
    return `Typo ranking: \`search ${TYPO.argv.join(' ')}\`: ${hits} of the top ${results.length} hits contain "${TYPO.intended}" (target: most) — ${ok ? 'pass' : 'miss'}.`;
  } catch (error) {
    return `Typo ranking: could not run (${error.message}).`;
  }
}

export function ripgrep() {
  const found = () => spawnSync('rg', ['--version'], { encoding: 'utf8' }).status === 0;
  return found() || (installDebianPackage('ripgrep') && found()) ? 'rg' : null;
}

/**
 * The benchmark archive for sections that read a built archive (search, verify, …), and the CLI copy that
 * built it: `{ archive, cli }`, or null when dist/ has not been built.
 */
export async function benchArchive(ctx) {
  if (!existsSync(CLI)) {
    if (!existsSync(join(ROOT, 'dist/cli.js'))) return null;
    cpSync(join(ROOT, 'dist'), COPY, { recursive: true });
  }
  return { archive: process.env.BENCH_SEARCH_ARCHIVE ?? (await cachedArchive(ctx)), cli: CLI };
}

/** The archive searched: built once from the export (and the side chat), reused while they are unchanged. */
async function cachedArchive(ctx) {
  const dir = join(DATA_DIR, `search-archive-${ctx.messages}`);
  const archive = join(dir, 'archive');
  const markerFile = join(dir, 'bench.json');
  const sideFile = dataPathFor(SIDE_MESSAGES);
  const side = ensureExport(sideFile, SIDE_MESSAGES, { log });
  const wanted = { export: { bytes: ctx.marker.bytes, seed: ctx.marker.seed, version: ctx.marker.generatorVersion }, side: { bytes: side.bytes }, cli: cliStamp() };
  let current = null;
  try {
    current = JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    // not built yet
  }
  if (!process.env.BENCH_REBUILD && current !== null && JSON.stringify(current) === JSON.stringify(wanted) && existsSync(join(archive, 'archive.db'))) {
    return archive;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`building the search archive ${archive} (an import of ${ctx.messages.toLocaleString('en-US')} messages) …`);
  const started = performance.now();
  for (const [file, chat] of [[ctx.file, 'Bench'], [sideFile, 'Side']]) {
    const r = spawnSync(process.execPath, [CLI, '--archive', archive, '-q', 'import', file, '--tz', 'UTC', '--chat', chat], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`building the search archive failed: ${r.stderr}`);
  }
  ctx.notes.push(`Search archive built in ${((performance.now() - started) / 1000).toFixed(1)} s (cached in ${dir} for the next run).`);
  writeFileSync(markerFile, `${JSON.stringify(wanted, null, 2)}\n`);
  return archive;
}

/** The schema the built CLI writes: an archive of another one is rebuilt (a migration would be timed). */
function cliStamp() {
  const scratch = mkdtempSync(join(tmpdir(), 'wa-bench-schema-'));
  try {
    const file = join(scratch, 'WhatsApp Chat with Probe.txt');
    writeFileSync(file, '13/01/2024, 09:00 - A: probe\n');
    spawnSync(process.execPath, [CLI, '--archive', join(scratch, 'a'), '-q', 'import', file, '--tz', 'UTC'], { stdio: 'ignore' });
    const db = new Database(join(scratch, 'a', 'archive.db'), { readonly: true });
    try {
      const tables = db.prepare("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name)").pluck().get();
      return { schema: db.pragma('user_version', { simple: true }), tables: createHash('sha256').update(tables).digest('hex').slice(0, 16) };
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
