import type { Command } from 'commander';
import { withArchive } from '../archive.js';
import { ExitCode } from '../exitCodes.js';
import { outputWidth, table } from '../format.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

export function registerHold(program: Command, env: CommandEnv): void {
  const hold = program
    .command('hold')
    .description('legal holds: a held chat is never purged, whatever its retention period')
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive hold add "Priya Shah" --reason "litigation 2024-117"
  $ wa-archive hold list
  $ wa-archive hold remove "Priya Shah"

"wa-archive hold" alone lists the holds.`,
    );

  hold
    .command('add')
    .description('place a hold on a chat (again: change its reason)')
    .argument('<chat>', 'the chat name, as "wa-archive chats" lists it')
    .requiredOption('--reason <text>', '(required) why the chat is held (a case or matter reference)')
    .addHelpText('after', '\nExamples:\n  $ wa-archive hold add "Priya Shah" --reason "litigation 2024-117"\n  $ wa-archive hold add Orders --reason "tax audit 2025" --json')
    .action(async (chat: string, flags: { reason: string }, command: Command) => {
      const ctx = env.context(command);
      const { addHold } = await import('../../ops/hold.js');
      const change = await withArchive(ctx, false, (archive) => addHold(archive, { chat, reason: flags.reason, now: ctx.now }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(change, null, 2)}\n`);
      else if (!ctx.quiet) {
        const { err } = ctx;
        const chat = safeLine(change.chat);
        const line =
          change.status === 'placed'
            ? `${err.green('✓')} "${chat}" is held: it is never purged until "wa-archive hold remove".`
            : change.status === 'updated'
              ? `${err.green('✓')} "${chat}" was already held; its reason changed from "${safeLine(change.previousReason ?? '')}".`
              : `"${chat}" is already held for that reason; nothing changed.`;
        ctx.io.stderr.write(`${line}\n`);
      }
      env.exit(ExitCode.ok);
    });

  hold
    .command('remove')
    .description("lift a chat's hold (its messages expire again as its period says)")
    .argument('<chat>', 'the chat name')
    .addHelpText('after', '\nExamples:\n  $ wa-archive hold remove "Priya Shah"')
    .action(async (chat: string, _flags: unknown, command: Command) => {
      const ctx = env.context(command);
      const { removeHold } = await import('../../ops/hold.js');
      const lifted = await withArchive(ctx, false, (archive) => removeHold(archive, { chat, now: ctx.now }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(lifted, null, 2)}\n`);
      else if (!ctx.quiet) ctx.io.stderr.write(`${ctx.err.green('✓')} The hold on "${safeLine(lifted.chat)}" (${safeLine(lifted.reason)}) is lifted.\n`);
      env.exit(ExitCode.ok);
    });

  hold
    .command('list', { isDefault: true })
    .description('the held chats, with reasons and since when')
    .addHelpText('after', '\nExamples:\n  $ wa-archive hold list\n  $ wa-archive hold list --json')
    .action(async (_flags: unknown, command: Command) => {
      const ctx = env.context(command);
      const { listHolds } = await import('../../ops/hold.js');
      const holds = await withArchive(ctx, false, listHolds);
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(holds, null, 2)}\n`);
      else if (holds.length === 0) {
        if (!ctx.quiet) ctx.io.stderr.write('No chat is held.\n');
      } else {
        const rows = holds.map((h) => [safeLine(h.chat), ctx.out.dim(`since ${h.placedAt.slice(0, 10)}`), safeLine(h.reason)]);
        await writeOut(ctx.io.stdout, `${table(rows, { width: outputWidth(ctx.io.stdout) }).join('\n')}\n`);
      }
      env.exit(ExitCode.ok);
    });
}
