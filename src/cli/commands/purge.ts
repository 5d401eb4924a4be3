import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import type { PurgeResult } from '../../ops/purge.js';
import { withArchive } from '../archive.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { count as n, outputWidth, plural, table } from '../format.js';
import { writeOut } from '../io.js';
import { progressBar } from '../progress.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

interface PurgeFlags {
  dryRun?: boolean;
  yes?: boolean;
}


export function registerPurge(program: Command, env: CommandEnv): void {
  program
    .command('purge')
    .description('delete what has expired (messages, then attachments nothing uses), for good; held chats are kept')
    .option('--dry-run', 'only report what would be deleted, per chat, and what holds keep')
    .option('-y, --yes', 'do not ask for confirmation on a terminal')
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive purge --dry-run
  $ wa-archive purge
  $ wa-archive purge --yes --json
  $ wa-archive --archive /path/to/archive purge -q      # from cron: prints nothing unless it fails

A message expires when it is older than its chat's retention period ("wa-archive retention").
Deleted text is really gone: not left in the database's free space, its journal or the search index.
On a terminal, purge asks before deleting; elsewhere (cron, scripts) it goes ahead.`,
    )
    .action(async (flags: PurgeFlags, command: Command) => {
      const ctx = env.context(command);
      env.exit(await runPurge(ctx, flags));
    });
}

async function runPurge(ctx: Context, flags: PurgeFlags): Promise<ExitCode> {
  const { planPurge, purgeExpired } = await import('../../ops/purge.js');
  const progress = await progressBar(ctx);
  const result = await withArchive(ctx, false, async (archive) => {
    const dryRun = flags.dryRun === true;
    if (!dryRun && flags.yes !== true) await confirm(ctx, planPurge(archive, ctx.now));
    return purgeExpired(archive, { now: ctx.now, dryRun, onProgress: (done, total) => progress.update('purging', done, total), onStep: ctx.reached });
  });
  progress.stop();
  if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(contract(result), null, 2)}\n`);
  else if (result.dryRun) await writeOut(ctx.io.stdout, report(ctx.out, result, outputWidth(ctx.io.stdout)));
  else if (!ctx.quiet) ctx.io.stderr.write(report(ctx.err, result, outputWidth(ctx.io.stderr)));
  if (result.noRetention && !ctx.quiet && !ctx.json) {
    ctx.io.stderr.write('hint: Set one with "wa-archive retention set PERIOD" (such as 5y), or see "wa-archive retention --presets".\n');
  }
  if (!result.wiped) {
    ctx.io.stderr.write('wa-archive: the expired messages are deleted, but the archive was busy before their leftovers could be wiped from the database file\n');
    ctx.io.stderr.write('hint: Run "wa-archive purge" again when no other wa-archive is running; it finishes the job.\n');
    return ExitCode.busy;
  }
  return ExitCode.ok;
}

/** On a terminal (stdin and stderr), shows what would go and asks; elsewhere goes ahead. */
async function confirm(ctx: Context, plan: PurgeResult): Promise<void> {
  const { io } = ctx;
  if (plan.total === 0 || !io.stdinIsTTY || io.stderr.isTTY !== true || io.readLine === undefined) return;
  io.stderr.write(report(ctx.err, plan, outputWidth(io.stderr)));
  io.stderr.write(`Delete these ${plural(plan.total, 'message')} for good? [y/N] `);
  const answer = (await io.readLine())?.trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') {
    throw new CliError('purge cancelled: nothing was deleted', ExitCode.failure, 'Run "wa-archive purge --yes" to purge without being asked.');
  }
}

/** The --json document, exactly as the README's `wa-archive purge` section gives it. */
function contract(r: PurgeResult) {
  return {
    now: r.now,
    dryRun: r.dryRun,
    purged: r.purged.map(({ chat, messages, media, cutoff }) => ({ chat, messages, media, cutoff })),
    held: r.held.map(({ chat, reason, wouldPurge }) => ({ chat, reason, wouldPurge })),
    total: r.total,
  };
}

/** `width`: what the table fits (format.ts outputWidth of the stream written to). */
function report(c: ChalkInstance, r: PurgeResult, width: number): string {
  const day = (iso: string | null) => iso?.slice(0, 10) ?? '-';
  const lines: string[] = [];
  if (r.noRetention) lines.push('Nothing to purge: no retention period is set, so nothing ever expires.');
  else if (r.total === 0) lines.push(`Nothing to purge: no message has expired (as of ${r.now}).`);
  else {
    const verb = r.dryRun ? 'Would delete' : 'Deleted';
    lines.push(`${c.bold(`${verb} ${plural(r.total, 'message')}`)} from ${plural(r.purged.length, 'chat')} (as of ${r.now}):`);
    const rows = r.purged.map((p) => [safeLine(p.chat), n(p.messages), n(p.media), day(p.oldest), day(p.newest), `${day(p.cutoff)} (${p.period})`]);
    lines.push(...table(rows, { header: ['CHAT', 'MESSAGES', 'MEDIA', 'OLDEST', 'NEWEST', 'CUTOFF (PERIOD)'], headerStyle: c.dim, numeric: [1, 2], indent: '  ', width }));
    if (!r.dryRun && r.filesRemoved > 0) lines.push(`${plural(r.filesRemoved, 'attachment file')} no message uses any more deleted.`);
  }
  for (const h of r.held) {
    const kept = h.wouldPurge === 0 ? 'nothing expired yet' : `keeps ${plural(h.wouldPurge, 'expired message')}`;
    lines.push(`${c.yellow('held:')} "${safeLine(h.chat)}" (${safeLine(h.reason)}): ${kept}`);
  }
  return `${lines.join('\n')}\n`;
}

