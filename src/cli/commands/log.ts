import type { Command } from 'commander';
import type { LogEntry } from '../../ops/log.js';
import { withArchive } from '../archive.js';
import { sinceOption } from '../options.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

export function registerLog(program: Command, env: CommandEnv): void {
  program
    .command('log')
    .description('the audit log: every import, export, purge, retention and hold change, oldest first')
    .addOption(sinceOption())
    .addHelpText(
      'after',
      '\nEach entry records when, what and how many (never message text), and carries the hash of the one\nbefore it; "wa-archive verify" checks the chain.\n\nExamples:\n  $ wa-archive log\n  $ wa-archive log --since 2026-01-01\n  $ wa-archive log --since 30d\n  $ wa-archive log --json',
    )
    .action(async (flags: { since?: string }, command: Command) => {
      const ctx = env.context(command);
      const { readLog } = await import('../../ops/log.js');
      const log = await withArchive(ctx, false, (archive) => readLog(archive, { since: flags.since, zone: ctx.io.localTimeZone, today: () => ctx.today }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(log, null, 2)}\n`);
      else {
        const lines = log.entries.map((e) => `${ctx.out.dim(`#${e.seq}`)}  ${e.at.replace('T', ' ').slice(0, 19)}Z  ${ctx.out.bold(e.operation.padEnd(9))} ${safeLine(summary(e))}`);
        if (lines.length === 0) lines.push(ctx.out.dim('No entries.'));
        lines.push(ctx.out.dim(`Fingerprint: ${log.fingerprint}`));
        await writeOut(ctx.io.stdout, `${lines.join('\n')}\n`);
      }
      env.exit(ExitCode.ok);
    });
}

/**
 * The entry's details on one line: plain values as key=value, nested ones as a.b=value, lists of plain
 * values as JSON; hashes and lists of records (per-import digests) only in --json.
 */
function summary(e: LogEntry): string {
  return fields(e.details, '').join(' ');
}

function fields(details: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(details).flatMap(([key, value]): string[] => {
    if (value === null || /digest|sha256|manifest/i.test(key)) return [];
    if (Array.isArray(value)) return value.length === 0 || value.some((v) => typeof v === 'object') ? [] : [`${prefix}${key}=${JSON.stringify(value)}`];
    if (typeof value === 'object') return fields(value as Record<string, unknown>, `${prefix}${key}.`);
    return [`${prefix}${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`];
  });
}
