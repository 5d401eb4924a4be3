import type { Command } from 'commander';
import { wholeNumber } from '../options.js';
import type { ChalkInstance } from 'chalk';
import type { MessageView } from '../../store/messages.js';
import { jsonMessage } from '../../export/json.js';
import { DELETED_LATER_MARK } from '../../export/types.js';
import { withArchive } from '../archive.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';

interface ShowFlags {
  since?: string;
  until?: string;
  around?: number;
  context: number;
}

/** Lines are gathered into chunks this big before writing, so streaming stays fast. */
const CHUNK = 64 * 1024;

export function registerShow(program: Command, env: CommandEnv): void {
  program
    .command('show')
    .description('print a chat as a transcript, oldest first (streamed)')
    .argument('<chat>', 'the chat name, as "wa-archive chats" lists it')
    .option('--since <date>', 'from this local date (YYYY-MM-DD or "YYYY-MM-DD HH:MM")')
    .option('--until <date>', 'up to and including this local date')
    .option('--around <id>', 'only the messages around this message id (from search --json)', wholeNumber)
    .option('-C, --context <n>', 'with --around: how many messages before and after', wholeNumber, 5)
    .addHelpText(
      'after',
      '\nExamples:\n  $ wa-archive show "Priya Shah"\n  $ wa-archive show "Priya Shah" --since 2024-03-01 --until 2024-03-31\n  $ wa-archive show Orders --around 4411 -C 3 --json',
    )
    .action(async (chat: string, flags: ShowFlags, command: Command) => {
      const ctx = env.context(command);
      const { showChat } = await import('../../ops/show.js');
      await withArchive(ctx, false, async (archive) => {
        const result = showChat(archive, { chat, since: flags.since, until: flags.until, around: flags.around, context: flags.context });
        const format = ctx.json ? jsonWriter(result.chat) : textWriter(ctx.out);
        let buffer = format.start;
        for (const m of result.messages) {
          buffer += format.message(m);
          if (buffer.length >= CHUNK) {
            await writeOut(ctx.io.stdout, buffer);
            buffer = '';
          }
        }
        await writeOut(ctx.io.stdout, buffer + format.end());
      });
      env.exit(ExitCode.ok);
    });
}

interface Writer {
  start: string;
  message(m: MessageView): string;
  end(): string;
}

/** `{"chat","messages":[…]}` written message by message, with the fields of `export --format json`. */
function jsonWriter(chat: string): Writer {
  let first = true;
  return {
    start: `{"chat":${JSON.stringify(chat)},"messages":[`,
    message(m) {
      const s = `${first ? '\n' : ',\n'}${JSON.stringify(jsonMessage(m))}`;
      first = false;
      return s;
    },
    end: () => `${first ? '' : '\n'}]}\n`,
  };
}

/** A day line, then `HH:MM  Author: text`, continuation lines indented; system events dimmed. */
function textWriter(c: ChalkInstance): Writer {
  let day = '';
  return {
    start: '',
    message(m) {
      let s = '';
      const today = m.local.slice(0, 10);
      if (today !== day) {
        s += `${day === '' ? '' : '\n'}${c.bold(`── ${today} ──`)}\n`;
        day = today;
      }
      const time = c.dim(m.local.slice(11, 16));
      const body = [m.text, ...m.media.map(mediaLabel)].filter((t) => t !== '').join('\n').replace(/\n/g, '\n       ');
      const edited = `${m.edited ? c.dim(' (edited)') : ''}${m.deletedLater ? c.red(` (${DELETED_LATER_MARK})`) : ''}`;
      if (m.author === null) return `${s}${time}  ${c.dim(`· ${body}`)}\n`;
      return `${s}${time}  ${c.cyan(m.author)}: ${body}${edited}\n`;
    },
    end: () => '',
  };
}

function mediaLabel(media: MessageView['media'][number]): string {
  if (media.name === null) return '[media not exported]';
  return media.sha256 === null ? `[missing: ${media.name}]` : `[media: ${media.name}]`;
}
