import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import type { RetentionView } from '../../ops/retention.js';
import type { Policy } from '../../ops/views.js';
import type { RetentionChange } from '../../ops/retention.js';
import { withArchive } from '../archive.js';
import { chatOption } from '../options.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { count as n, outputWidth, plural, table } from '../format.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

const NOT_ADVICE = 'Presets summarise what each rule asks for, to help choose a period; they are not legal advice.';

export function registerRetention(program: Command, env: CommandEnv): void {
  const retention = program
    .command('retention')
    .description('how long messages are kept: show the default and per-chat periods, holds and what expires next; set or clear them')
    .option('--presets', 'list the retention presets, the rule each cites and what it covers')
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive retention
  $ wa-archive retention set 5y
  $ wa-archive retention set 90d --chat "Priya Shah" --force
  $ wa-archive retention set --preset finra-4511 --preset mifid2
  $ wa-archive retention clear --chat "Priya Shah"
  $ wa-archive retention --presets

A message expires when its time is older than now minus the period of its chat (its own, else the
default); periods are calendar days, months and years in UTC. No period set: nothing expires.
Shortening the period in force needs --force. Expired messages are deleted by "wa-archive purge".`,
    )
    .action(async (flags: { presets?: boolean }, command: Command) => {
      const ctx = env.context(command);
      if (flags.presets === true) {
        const { PRESETS } = await import('../../ops/views.js');
        if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(PRESETS, null, 2)}\n`);
        else {
          const rows = PRESETS.map((p) => [p.name, p.fromYearEnd ? `${p.period} after year end` : p.period, `${p.rule}: ${p.covers}`]);
          const lines = table(rows, { header: ['PRESET', 'PERIOD', 'RULE: WHAT IT COVERS'], headerStyle: ctx.out.bold, width: outputWidth(ctx.io.stdout) });
          await writeOut(ctx.io.stdout, `${lines.join('\n')}\n\n${NOT_ADVICE}\n`);
        }
      } else {
        const { showRetention } = await import('../../ops/retention.js');
        const view = await withArchive(ctx, false, (archive) => showRetention(archive, ctx.now));
        await writeOut(ctx.io.stdout, ctx.json ? `${JSON.stringify(view, null, 2)}\n` : render(ctx.out, view, outputWidth(ctx.io.stdout)));
      }
      env.exit(ExitCode.ok);
    });

  retention
    .command('set')
    .description("set the default period, or a chat's own (shortening the period in force needs --force)")
    .argument('[period]', '90d, 18m, 5y, … or forever')
    .option('--preset <name>', 'a regulation preset instead of a period (repeatable: the longest applies)', (v: string, all: string[] = []) => [...all, v])
    .addOption(chatOption("set this chat's own period (default: the default of every chat without its own)"))
    .option('--force', 'allow shortening the period in force')
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive retention set 5y
  $ wa-archive retention set 18m --chat Orders
  $ wa-archive retention set --preset sec-17a-4 --preset finra-4511
  $ wa-archive retention set 90d --chat "Priya Shah" --force

Presets: "wa-archive retention --presets". ${NOT_ADVICE}`,
    )
    .action(async (period: string | undefined, flags: { preset?: string[]; chat?: string; force?: boolean }, command: Command) => {
      const ctx = env.context(command);
      const { setRetention } = await import('../../ops/retention.js');
      const change = await withArchive(ctx, false, (archive) =>
        setRetention(archive, { chat: flags.chat, period, presets: flags.preset ?? [], force: flags.force === true, now: ctx.now }),
      );
      await report(ctx, change);
      env.exit(ExitCode.ok);
    });

  retention
    .command('clear')
    .description("remove the default period (nothing expires) or a chat's own (it falls back to the default)")
    .addOption(chatOption("clear this chat's own period (default: the default period)"))
    .option('--force', 'allow it when the default is shorter than the chat\'s own period')
    .addHelpText('after', '\nExamples:\n  $ wa-archive retention clear\n  $ wa-archive retention clear --chat "Priya Shah"')
    .action(async (flags: { chat?: string; force?: boolean }, command: Command) => {
      const ctx = env.context(command);
      const { clearRetention } = await import('../../ops/retention.js');
      const change = await withArchive(ctx, false, (archive) => clearRetention(archive, { chat: flags.chat, force: flags.force === true, now: ctx.now }));
      await report(ctx, change);
      env.exit(ExitCode.ok);
    });
}

function describe(policy: Policy | null): string {
  if (policy === null) return 'none';
  return policy.presets.length === 0 ? policy.period : `${policy.period} (${policy.presets.join(', ')})`;
}

/** The change (JSON on stdout, or a summary on stderr); a refused shortening is an error naming --force. */
async function report(ctx: Context, change: RetentionChange): Promise<void> {
  const scope = change.chat === null ? 'the default retention' : `the retention of "${safeLine(change.chat)}"`;
  const eligible = change.chats.filter((c) => c.eligible > 0);
  const total = eligible.reduce((sum, c) => sum + c.eligible, 0);
  if (change.status === 'refused') {
    const count = `${total === 0 ? 'no more' : n(total)} message${total === 1 ? '' : 's'} would become eligible for the next purge`;
    throw new CliError(
      `this would shorten ${scope} from ${describe(change.inForceBefore)} to ${describe(change.inForceAfter)}; ${count}`,
      ExitCode.failure,
      'Run it again with --force to shorten it (nothing is deleted before "wa-archive purge").',
    );
  }
  if (ctx.json) {
    await writeOut(ctx.io.stdout, `${JSON.stringify(change, null, 2)}\n`);
    return;
  }
  if (ctx.quiet) return;
  const lines: string[] = [];
  if (change.status === 'unchanged') lines.push(`${capital(scope)} is already ${ownPolicy(change, change.new)}; nothing changed.`);
  else lines.push(`${ctx.err.green('✓')} ${capital(scope)}: ${ownPolicy(change, change.old)} → ${ownPolicy(change, change.new)}.`);
  for (const c of eligible) {
    lines.push(`  "${safeLine(c.chat)}": ${plural(c.eligible, 'message')} eligible for the next purge${c.held ? ' (held: kept while the hold lasts)' : ''}`);
  }
  if (change.status === 'applied' && eligible.length === 0) lines.push('  No more messages are eligible for the next purge than before.');
  ctx.io.stderr.write(`${lines.join('\n')}\n`);
}

/** A chat without its own policy follows the default. */
function ownPolicy(change: RetentionChange, policy: Policy | null): string {
  return change.chat !== null && policy === null ? 'the default' : describe(policy);
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function render(c: ChalkInstance, view: RetentionView, width: number): string {
  const out: string[] = [];
  out.push(`${c.bold('Default:')} ${view.default === null ? 'none (chats without their own period keep everything)' : describe(view.default)}`);
  if (view.chats.length === 0) return `${out.join('\n')}\nThe archive has no chats yet.\n`;
  const rows = view.chats.map((r) => [
    safeLine(r.chat),
    r.period === null ? '-' : describe({ period: r.period, presets: r.presets }),
    r.source ?? '-',
    r.hold === null ? '-' : 'held',
    n(r.expired),
    r.next === null ? '-' : `${r.next.time.slice(0, 16).replace('T', ' ')} → ${r.next.expiresAt.slice(0, 16).replace('T', ' ')}`,
  ]);
  out.push('', ...table(rows, { header: ['CHAT', 'PERIOD', 'SET BY', 'HOLD', 'EXPIRED', 'NEXT TO EXPIRE → EXPIRES UTC'], headerStyle: c.bold, width }));
  const held = view.chats.filter((r) => r.hold !== null);
  if (held.length > 0) {
    out.push('', c.bold('Holds (never purged):'));
    for (const r of held) out.push(`  "${safeLine(r.chat)}": ${safeLine(r.hold!.reason)} (since ${r.hold!.placedAt.slice(0, 10)})`);
  }
  out.push('', c.dim(`As of ${view.now}. EXPIRED: messages "wa-archive purge" deletes next (not in held chats).`));
  return `${out.join('\n')}\n`;
}

