import type { Command } from 'commander';
import { contextSize, messageId, sinceOption, untilOption } from '../options.js';
import { CliError } from '../errors.js';
import type { ChalkInstance } from 'chalk';
import { ChunkedSink, DELETED_LATER_MARK, type MessageView } from '../../ops/views.js';
import { mediaLabel } from '../mediaLabel.js';
import { withArchive } from '../archive.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine, safeText } from '../safeText.js';

interface ShowFlags {
  since?: string;
  until?: string;
  around?: number;
  context?: number;
}

export function registerShow(program: Command, env: CommandEnv): void {
  program
    .command('show')
    .description('print a chat as a transcript, oldest first (streamed)')
    .argument('[chat]', 'the chat name, as "wa-archive chats" lists it (or a unique part of it); may be left out with --around')
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--around <id>', 'only the messages around this message id, as search prints it (17 or #17)', messageId)
    .option('-C, --context <n>', 'with --around: how many messages before and after (default: 5)', contextSize)
    .addHelpText(
      'after',
      '\nExamples:\n  $ wa-archive show "Priya Shah"\n  $ wa-archive show priya --since 2024-03-01 --until 2024-03-31\n  $ wa-archive show --around "#4411" -C 3\n  $ wa-archive show Orders --around 4411 --json',
    )
    .action(async (chat: string | undefined, flags: ShowFlags, command: Command) => {
      const ctx = env.context(command);
      if (flags.context !== undefined && flags.around === undefined) {
        throw new CliError('-C goes with --around', ExitCode.usage, 'For example "wa-archive show --around 17 -C 3".');
      }
      const { showChat } = await import('../../ops/show.js');
      await withArchive(ctx, false, async (archive) => {
        const result = showChat(archive, { chat, since: flags.since, until: flags.until, around: flags.around, context: flags.context ?? 5, today: () => ctx.today });
        const out = new ChunkedSink({ write: (chunk) => writeOut(ctx.io.stdout, chunk) });
        if (ctx.json) await writeJson(out, result.chat, result.json);
        else {
          const text = textWriter(ctx.out, flags.around);
          for (const m of result.messages) await out.add(text(m));
        }
        await out.flush();
      });
      env.exit(ExitCode.ok);
    });
}

/** `{"chat","messages":[…]}` written message by message, with the messages as `export --format json` writes them. */
async function writeJson(out: ChunkedSink, chat: string, messages: Iterable<string>): Promise<void> {
  await out.add(`{"chat":${JSON.stringify(chat)},"messages":[`);
  let first = true;
  for (const json of messages) {
    await out.add(first ? `\n${json}` : `,\n${json}`);
    first = false;
  }
  await out.add(first ? ']}\n' : '\n]}\n');
}

/**
 * A day line, then `HH:MM  Author: text`, continuation lines indented; system events dimmed. The message
 * asked for with --around is marked with `▶` before its time.
 */
function textWriter(c: ChalkInstance, target?: number): (m: MessageView) => string {
  let day = '';
  return (m) => {
    let s = '';
    const today = m.local.slice(0, 10);
    if (today !== day) {
      s += `${day === '' ? '' : '\n'}${c.bold(`── ${today} ──`)}\n`;
      day = today;
    }
    const hhmm = m.local.slice(11, 16);
    const time = target === undefined ? c.dim(hhmm) : m.id === target ? c.bold(`▶ ${hhmm}`) : c.dim(`  ${hhmm}`);
    const indent = target === undefined ? '\n       ' : '\n         ';
    const body = [safeText(m.text), ...m.media.map(mediaLabel)].filter((t) => t !== '').join('\n').replace(/\n/g, indent);
    const edited = `${m.edited ? c.dim(' (edited)') : ''}${m.deletedLater ? c.red(` (${DELETED_LATER_MARK})`) : ''}`;
    if (m.author === null) return `${s}${time}  ${c.dim(`· ${body}`)}\n`;
    return `${s}${time}  ${c.cyan(safeLine(m.author))}: ${body}${edited}\n`;
  };
}
