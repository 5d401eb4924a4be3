// The purge section of `npm run bench`: purging half of the benchmark archive (a copy of the one the search
// section reads), one fresh process each for a dry run and the purge; target ≤ 15 s and ≤ 300 MB peak RSS
// for 1,000,000 messages. The clock (WA_ARCHIVE_NOW) is set so that a 30-day period expires the older half.
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand, verdict } from '../lib.mjs';
import { benchArchive } from './search.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const LIMIT_S = 15;
const LIMIT_MB = 300;
const DAY = 86_400_000;
const log = (line) => process.stderr.write(`${line}\n`);

export const purgeSection = {
  name: 'purge',
  async run(ctx) {
    const rows = [
      { key: 'purge:dry', name: 'wa-archive purge --dry-run (half expired)', messages: ctx.messages, target: () => 'info (no target)' },
      {
        key: 'purge:half',
        name: 'wa-archive purge (half of the archive)',
        messages: ctx.messages,
        target: (results) => {
          const r = results.get('purge:half');
          if (!r?.ok) return verdict(null, `≤ ${LIMIT_S} s and ≤ ${LIMIT_MB} MB`);
          const mb = r.maxRssKiB === null ? null : r.maxRssKiB / 1024;
          const ok = r.seconds <= LIMIT_S && (mb === null || mb <= LIMIT_MB);
          return verdict(mb === null && ok ? null : ok, `${r.seconds.toFixed(1)} s (≤ ${LIMIT_S}), ${mb === null ? 'RSS n/a' : `${mb.toFixed(0)} MB (≤ ${LIMIT_MB})`}`);
        },
      },
    ];
    ctx.rows.push(...rows);
    rmSync(join(ROOT, 'bench/.build/search-dist'), { recursive: true, force: true }); // measure this dist/, as verify does
    const built = await benchArchive(ctx);
    if (built === null) {
      for (const { key, name } of rows) ctx.results.set(key, { name, ok: false, skipped: true, error: 'dist/cli.js not found (run `npm run build`)' });
      return;
    }
    const scratch = mkdtempSync(join(tmpdir(), 'wa-bench-purge-'));
    const archive = join(scratch, 'archive');
    try {
      log('copying the benchmark archive for the purge …');
      cpSync(built.archive, archive, { recursive: true });
      const before = census(archive);
      const env = { ...process.env, WA_ARCHIVE_NOW: new Date(before.medianTs + 30 * DAY).toISOString() };
      const cli = (...args) => [built.cli, '--archive', archive, '-q', ...args];
      const set = await measureCommand('retention set', process.execPath, cli('retention', 'set', '30d'), { cwd: ROOT, env });
      if (!set.ok) throw new Error(`setting the retention failed: ${set.error}`);

      log('measuring wa-archive purge --dry-run …');
      ctx.results.set('purge:dry', await measureCommand('wa-archive purge --dry-run', process.execPath, cli('purge', '--dry-run'), { cwd: ROOT, env }));
      log('measuring wa-archive purge …');
      ctx.results.set('purge:half', await measureCommand('wa-archive purge', process.execPath, cli('purge'), { cwd: ROOT, env }));
      const after = census(archive);
      ctx.notes.push(
        `Purge: ${before.messages.toLocaleString('en-US')} → ${after.messages.toLocaleString('en-US')} messages, ` +
          `archive folder ${(before.bytes / 1e6).toFixed(0)} → ${(after.bytes / 1e6).toFixed(0)} MB (clock ${env.WA_ARCHIVE_NOW}, 30-day period).`,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

/** Untimed: message count, the median message time, and the folder's size. */
function census(archive) {
  const db = new Database(join(archive, 'archive.db'), { readonly: true });
  try {
    const messages = db.prepare('SELECT count(*) FROM messages').pluck().get();
    const medianTs = db.prepare('SELECT ts FROM messages ORDER BY ts LIMIT 1 OFFSET ?').pluck().get(Math.floor(messages / 2));
    let bytes = 0;
    for (const e of readdirSync(archive, { recursive: true, withFileTypes: true })) if (e.isFile()) bytes += statSync(join(e.parentPath, e.name)).size;
    return { messages, medianTs, bytes };
  } finally {
    db.close();
  }
}
