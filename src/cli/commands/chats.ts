import type { Command } from 'commander';
import { withArchive } from '../archive.js';
import { ExitCode } from '../exitCodes.js';
import { count, outputWidth, table } from '../format.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

export function registerChats(program: Command, env: CommandEnv): void {
  program
    .command('chats')
    .description('list the archived chats: messages, first and last message, authors, retention, hold')
    .addHelpText('after', '\nExamples:\n  $ wa-archive chats\n  $ wa-archive chats --json')
    .action(async (_flags: unknown, command: Command) => {
      const ctx = env.context(command);
      const { listChats } = await import('../../ops/chats.js');
      const chats = await withArchive(ctx, false, listChats);
      if (ctx.json) {
        await writeOut(ctx.io.stdout, `${JSON.stringify(chats, null, 2)}\n`);
      } else if (chats.length === 0) {
        if (!ctx.quiet) ctx.io.stderr.write('The archive has no chats yet. Import an export with "wa-archive import FILE".\n');
      } else {
        const { out } = ctx;
        const rows = chats.map((c) => [
          safeLine(c.chat),
          count(c.messages),
          c.first?.slice(0, 10) ?? '-',
          c.last?.slice(0, 10) ?? '-',
          count(c.authors.length),
          c.retention ?? '-',
          c.hold ? 'held' : '-',
        ]);
        const header = ['CHAT', 'MESSAGES', 'FIRST', 'LAST', 'AUTHORS', 'RETENTION', 'HOLD'];
        const lines = table(rows, { header, headerStyle: out.bold, numeric: [1, 4], width: outputWidth(ctx.io.stdout) });
        await writeOut(ctx.io.stdout, `${lines.join('\n')}\n`);
      }
      env.exit(ExitCode.ok);
    });
}
