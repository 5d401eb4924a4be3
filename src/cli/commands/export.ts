import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { ExportFormat, ExportResult } from '../../ops/export.js';
import { withArchive } from '../archive.js';
import type { Context } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

interface ExportFlags {
  format: ExportFormat;
  out?: string;
  force?: boolean;
  chat: string[];
  since?: string;
  until?: string;
  query?: string;
}

const FORMATS: readonly ExportFormat[] = ['txt', 'json', 'csv', 'html', 'bundle'];

export function registerExport(program: Command, env: CommandEnv): void {
  program
    .command('export')
    .description('write chats out as WhatsApp text, JSON, CSV, a readable HTML page, or a verifiable bundle')
    .addOption(new Option('--format <format>', 'txt (WhatsApp\'s own format), json, csv, html or bundle').choices(FORMATS).makeOptionMandatory())
    .option('--out <path>', 'the file to write (default, or "-": standard output, for txt, json and csv)')
    .option('--force', 'replace the --out file if it exists')
    .option('--chat <name>', 'only this chat (repeat for several; default: every chat)', (name: string, names: string[]) => [...names, name], [])
    .option('--since <date>', 'from this local date (YYYY-MM-DD or "YYYY-MM-DD HH:MM")')
    .option('--until <date>', 'up to and including this local date')
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
  $ wa-archive export --format bundle --chat "Priya Shah" --out priya-records.zip

A file is written whole or not at all; an existing one is replaced only with --force. --json prints a
summary of what was written (when it went to a file). A txt export holds one chat.`,
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const ctx = env.context(command);
      const { exportArchive } = await import('../../ops/export.js');
      const result = await withArchive(ctx, false, (archive) =>
        exportArchive(archive, {
          format: flags.format,
          out: flags.out === undefined || flags.out === '-' ? undefined : resolve(ctx.io.cwd, flags.out),
          force: flags.force === true,
          selection: { chats: flags.chat, since: flags.since, until: flags.until, query: flags.query },
          stdout: { write: (chunk) => writeOut(ctx.io.stdout, chunk) },
          toolVersion: ctx.version,
          now: ctx.now,
        }),
      );
      if (ctx.json && result.path !== null) await writeOut(ctx.io.stdout, `${JSON.stringify(result)}\n`);
      summary(ctx, result);
      env.exit(ExitCode.ok);
    });
}

/** What was written, on stderr. */
function summary(ctx: Context, r: ExportResult): void {
  if (ctx.quiet) return;
  const n = (x: number, one: string) => `${x.toLocaleString('en-US')} ${one}${x === 1 ? '' : 's'}`;
  const media = r.media > 0 ? ` (${n(r.media, 'attachment')})` : '';
  const where = r.path === null ? '' : ` to ${safeLine(r.path)}`;
  ctx.io.stderr.write(`Exported ${n(r.messages, 'message')}${media} from ${n(r.chats, 'chat')} as ${r.format}${where} (${size(r.bytes)}).\n`);
}

function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) [value, unit] = [value / 1000, unit + 1];
  return `${value.toFixed(1)} ${units[unit]}`;
}
