import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { ExportFormat, ExportResult } from '../../ops/export.js';
import { withArchive } from '../archive.js';
import type { Context } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import { bytes, plural } from '../format.js';
import { chatsOption, sinceOption, untilOption } from '../options.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

interface ExportFlags {
  format: ExportFormat;
  out?: string;
  force?: boolean;
  chat?: string[];
  since?: string;
  until?: string;
  query?: string;
}

const FORMATS: readonly ExportFormat[] = ['txt', 'json', 'csv', 'html', 'bundle'];

export function registerExport(program: Command, env: CommandEnv): void {
  program
    .command('export')
    .description('write chats out as WhatsApp text, JSON, CSV, a readable HTML page, or a verifiable bundle')
    .addOption(new Option('--format <format>', '(required) txt (WhatsApp\'s own format), json, csv, html or bundle').choices(FORMATS).makeOptionMandatory())
    .option('--out <path>', 'the file to write (default, or "-": standard output, for txt, json and csv); html: NAME.html for one page, else a folder of pages')
    .option('--force', 'replace the --out file if it exists')
    .addOption(chatsOption())
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--query <query>', 'only the messages "wa-archive search QUERY" finds')
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive export --format json --out archive.json
  $ wa-archive export --format txt --chat "Priya Shah" --out "WhatsApp Chat with Priya Shah.txt"
  $ wa-archive export --format csv --since 2024-01-01 --until 2024-12-31 --out 2024.csv
  $ wa-archive export --format json --query 'invoice from:priya' | jq '.chats[].messages[].text'
  $ wa-archive export --format html --chat "Priya Shah" --out priya.html
  $ wa-archive export --format html --chat "Priya Shah" --out priya-pages
  $ wa-archive export --format bundle --chat "Priya Shah" --out priya-records.zip

A file is written whole or not at all; an existing one is replaced only with --force. --json prints a
summary of what was written (when it went to a file). A txt export holds one chat. An html --out
NAME.html is one page, for up to 1,000 messages; any other --out is a folder: index.html and pages of
1,000 messages (replaced with --force only if an html export wrote it).`,
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const ctx = env.context(command);
      const { exportArchive } = await import('../../ops/export.js');
      const result = await withArchive(ctx, false, (archive) =>
        exportArchive(archive, {
          format: flags.format,
          out: flags.out === undefined || flags.out === '-' ? undefined : resolve(ctx.io.cwd, flags.out),
          force: flags.force === true,
          selection: { chats: flags.chat, since: flags.since, until: flags.until, query: flags.query, today: () => ctx.today },
          stdout: { write: (chunk) => writeOut(ctx.io.stdout, chunk) },
          toolVersion: ctx.version,
          now: ctx.now,
        }),
      );
      if (result.messages === 0) {
        ctx.io.stderr.write('wa-archive: warning: the selection holds no message; nothing was written\n');
        ctx.io.stderr.write('hint: Check the --chat, --since, --until and --query given ("wa-archive chats" shows each chat\'s first and last message).\n');
      }
      if (ctx.json && (result.path !== null || result.messages === 0)) await writeOut(ctx.io.stdout, `${JSON.stringify(result)}\n`);
      if (result.messages > 0) summary(ctx, result);
      env.exit(ExitCode.ok);
    });
}

/** What was written, on stderr. */
function summary(ctx: Context, r: ExportResult): void {
  if (ctx.quiet) return;
  const media = r.media > 0 ? ` (${plural(r.media, 'attachment')})` : '';
  const where = r.path === null ? '' : ` to ${safeLine(r.path)}`;
  ctx.io.stderr.write(`Exported ${plural(r.messages, 'message')}${media} from ${plural(r.chats, 'chat')} as ${r.format}${where} (${bytes(r.bytes)}).\n`);
}
