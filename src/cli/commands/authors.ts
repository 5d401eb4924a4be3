import type { Command } from 'commander';
import { withArchive } from '../archive.js';
import { chatOption } from '../options.js';
import { ExitCode } from '../exitCodes.js';
import { count, outputWidth, table } from '../format.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

export function registerAuthors(program: Command, env: CommandEnv): void {
  const authors = program
    .command('authors')
    .description("each chat's authors, with the other spellings (aliases) an author has had")
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive authors
  $ wa-archive authors --chat "Dana Lee"
  $ wa-archive authors alias "+44 7700 900123" "Dana Lee" --chat "Dana Lee"
  $ wa-archive authors unalias "+44 7700 900123" --chat "Dana Lee"

"wa-archive authors" alone lists the authors.`,
    );

  authors
    .command('list', { isDefault: true })
    .description('each author with messages: count, first and last message, aliases')
    .addOption(chatOption())
    .addHelpText('after', '\nExamples:\n  $ wa-archive authors list\n  $ wa-archive authors list --chat Orders --json')
    .action(async (flags: { chat?: string }, command: Command) => {
      const ctx = env.context(command);
      const { listAuthors } = await import('../../ops/authors.js');
      const list = await withArchive(ctx, false, (archive) => listAuthors(archive, { chat: flags.chat }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(list, null, 2)}\n`);
      else if (list.length === 0) {
        if (!ctx.quiet) ctx.io.stderr.write('No authored messages.\n');
      } else {
        const rows = list.map((a) => [
          safeLine(a.author),
          count(a.messages),
          ctx.out.dim(`${a.first.slice(0, 10)} … ${a.last.slice(0, 10)}`),
          a.aliases.length === 0 ? '' : `also: ${a.aliases.map((s) => `"${safeLine(s)}"`).join(', ')}`,
        ]);
        const authorLines = table(rows, { numeric: [1], indent: '  ', width: outputWidth(ctx.io.stdout) });
        const lines: string[] = [];
        let chat: string | null = null;
        list.forEach((a, i) => {
          if (a.chat !== chat) lines.push(ctx.out.bold(safeLine((chat = a.chat))));
          lines.push(authorLines[i]!);
        });
        await writeOut(ctx.io.stdout, `${lines.join('\n')}\n`);
      }
      env.exit(ExitCode.ok);
    });

  authors
    .command('alias')
    .description('record that OLD is another spelling of NEW in a chat (one person from now on)')
    .argument('<old>', 'the other spelling, as "wa-archive authors" lists it')
    .argument('<new>', 'the name it stands for')
    .addOption(chatOption('the chat, needed when OLD writes in several'))
    .addHelpText('after', '\nExamples:\n  $ wa-archive authors alias "+44 7700 900123" "Dana Lee"\n  $ wa-archive authors alias Dana "Dana Lee" --chat Orders --json')
    .action(async (old: string, name: string, flags: { chat?: string }, command: Command) => {
      const ctx = env.context(command);
      const { addAlias } = await import('../../ops/authors.js');
      const change = await withArchive(ctx, false, (archive) => addAlias(archive, { chat: flags.chat, alias: old, author: name, now: ctx.now }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(change, null, 2)}\n`);
      else if (!ctx.quiet) {
        const line =
          change.status === 'added'
            ? `${ctx.err.green('✓')} In "${safeLine(change.chat)}", "${safeLine(change.alias)}" is now "${safeLine(change.author)}".`
            : `In "${safeLine(change.chat)}", "${safeLine(change.alias)}" is already "${safeLine(change.author)}"; nothing changed.`;
        ctx.io.stderr.write(`${line}\n`);
      }
      env.exit(ExitCode.ok);
    });

  authors
    .command('unalias')
    .description('make an alias an author of its own again')
    .argument('<old>', 'the alias, as "wa-archive authors" lists it')
    .addOption(chatOption('the chat, needed when OLD is an alias in several'))
    .addHelpText('after', '\nExamples:\n  $ wa-archive authors unalias "+44 7700 900123"\n  $ wa-archive authors unalias Dana --chat Orders')
    .action(async (old: string, flags: { chat?: string }, command: Command) => {
      const ctx = env.context(command);
      const { removeAlias } = await import('../../ops/authors.js');
      const removed = await withArchive(ctx, false, (archive) => removeAlias(archive, { chat: flags.chat, alias: old, now: ctx.now }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(removed, null, 2)}\n`);
      else if (!ctx.quiet) ctx.io.stderr.write(`${ctx.err.green('✓')} In "${safeLine(removed.chat)}", "${safeLine(removed.alias)}" is no longer "${safeLine(removed.author)}".\n`);
      env.exit(ExitCode.ok);
    });
}
