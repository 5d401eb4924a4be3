import type { Command } from 'commander';
import type { ArchiveStatus } from '../../ops/status.js';
import { withArchive } from '../archive.js';
import type { Context } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { bytes, outputWidth, plural, table } from '../format.js';
import { writeOut } from '../io.js';
import { archiveLooseModes, warnLooseModes } from '../looseModes.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

export function registerStatus(program: Command, env: CommandEnv): void {
  program
    .command('status')
    .description('where the archive is, what it holds, and when import, purge and verify last ran; exit 3 when overdue')
    .option('--stale-after <period>', 'exit 3 with a warning when no purge or no verify ran within this period (e.g. 8d)')
    .addHelpText(
      'after',
      `
With -q it prints nothing unless something is overdue, so it can be its own cron check.

Examples:
  $ wa-archive status
  $ wa-archive status --json
  $ wa-archive status -q --stale-after 8d`,
    )
    .action(async (flags: { staleAfter?: string }, command: Command) => {
      const ctx = env.context(command);
      const { archiveStatus } = await import('../../ops/status.js');
      const [status, loose] = await withArchive(ctx, false, (archive) => [archiveStatus(archive, { now: ctx.now, staleAfter: flags.staleAfter }), archiveLooseModes(ctx, archive)] as const);
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(status, null, 2)}\n`);
      else if (!ctx.quiet) await writeOut(ctx.io.stdout, report(ctx, status));
      warnLooseModes(ctx, loose);
      for (const line of status.stale) ctx.io.stderr.write(`wa-archive: warning: ${safeLine(line)}\n`);
      for (const line of status.policy) ctx.io.stderr.write(`wa-archive: warning: the policy in force is not what the audit log set: ${safeLine(line)}\n`);
      env.exit(status.stale.length > 0 || status.policy.length > 0 ? ExitCode.verifyProblem : ExitCode.ok);
    });
}

function report(ctx: Context, s: ArchiveStatus): string {
  const c = ctx.out;
  const never = c.dim('never');
  const rows: [string, string][] = [
    ['archive', `${safeLine(s.archive)} (${bytes(s.bytes)})`],
    ['contents', `${plural(s.chats, 'chat')}, ${plural(s.messages, 'message')}`],
    ['last import', s.lastImport === null ? never : `${when(s.lastImport.at)}: ${plural(s.lastImport.added, 'message')} added to ${safeLine(s.lastImport.chat)}`],
    ['last purge', s.lastPurge === null ? never : `${when(s.lastPurge.at)}: ${plural(s.lastPurge.messages, 'message')} deleted`],
    ['last verify', s.lastVerify === null ? never : `${when(s.lastVerify.at)}: ${s.lastVerify.ok ? c.green('OK') : c.red(plural(s.lastVerify.problems, 'problem'))}`],
    ['retention', s.retention ?? c.dim('none set (nothing expires unless a chat has its own period)')],
    ['on hold', s.holds.length === 0 ? c.dim('no chat') : s.holds.map((h) => `${safeLine(h.chat)} (${safeLine(h.reason)})`).join(', ')],
    ['to purge', s.awaitingPurge === null ? c.red('unknown: purge refuses while the policy differs from the audit log') : plural(s.awaitingPurge, 'expired message')],
    ['fingerprint', s.fingerprint],
  ];
  return `${table(rows.map(([label, value]) => [c.bold(label), value]), { width: outputWidth(ctx.io.stdout) }).join('\n')}\n`;
}

/** '2026-12-05T03:15:00.000Z' → '2026-12-05 03:15 UTC'. */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
