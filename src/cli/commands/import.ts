import { Option, type Command } from 'commander';
import { basename, resolve } from 'node:path';
import type { ImportResult } from '../../ops/import.js';
import { withArchive } from '../archive.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import { progressBar } from '../progress.js';
import type { CommandEnv } from '../run.js';
import type { Context } from '../context.js';

interface ImportFlags {
  chat?: string;
  tz?: string;
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
}

export function registerImport(program: Command, env: CommandEnv): void {
  program
    .command('import')
    .description('import WhatsApp exports (.txt, .zip, or folders of them); adds only what is new')
    .argument('<path...>', 'export files or folders (searched recursively)')
    .option('--chat <name>', 'the chat to import into (default: from the file name)')
    .option('--tz <zone>', "IANA time zone of the phone that exported, e.g. Europe/Berlin (default: this machine's)")
    .addOption(new Option('--date-order <order>', 'for files whose dates cannot tell day/month order').choices(['dmy', 'mdy', 'ymd']))
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive import "WhatsApp Chat with Priya Shah.txt"
  $ wa-archive import "WhatsApp Chat - Orders.zip" --tz Europe/London
  $ wa-archive import ~/Downloads/exports --json
  $ wa-archive import old-export.txt --date-order mdy`,
    )
    .action(async (paths: string[], flags: ImportFlags, command: Command) => {
      const ctx = env.context(command);
      env.exit(await runImport(ctx, paths, flags));
    });
}

async function runImport(ctx: Context, paths: string[], flags: ImportFlags): Promise<ExitCode> {
  const { importExports } = await import('../../ops/import.js');
  const { isValidTimeZone } = await import('../../ops/time.js');
  const tz = flags.tz ?? ctx.io.localTimeZone;
  if (!isValidTimeZone(tz)) {
    throw new CliError(`unknown time zone "${tz}"`, ExitCode.usage, 'Use an IANA zone name such as Europe/Berlin, America/New_York or UTC.');
  }
  const resolved = paths.map((p) => resolve(ctx.io.cwd, p));
  const progress = await progressBar(ctx);
  const result = await withArchive(ctx, true, (archive) =>
    importExports(archive, {
      paths: resolved,
      chat: flags.chat,
      tz,
      dateOrder: flags.dateOrder,
      now: ctx.now,
      toolVersion: ctx.version,
      onProgress: (p) => progress.update(basename(p.source), p.done, p.total),
    }),
  );
  progress.stop();
  await report(ctx, result);
  return result.failed.length > 0 ? ExitCode.failure : ExitCode.ok;
}

async function report(ctx: Context, result: ImportResult): Promise<void> {
  const { io, err } = ctx;
  if (ctx.json) {
    const json = {
      imports: result.imports.map(({ source, chat, platform, messages, added, duplicates, media, aliases, warnings }) => ({
        source, chat, platform, messages, added, duplicates, media, aliases, warnings,
      })),
      failed: result.failed.map(({ source, error }) => ({ source, error })),
    };
    await writeOut(io.stdout, `${JSON.stringify(json, null, 2)}\n`);
  }
  for (const i of result.imports) {
    if (!ctx.quiet && !ctx.json) {
      const media = i.media > 0 ? `, ${i.media} media file${i.media === 1 ? '' : 's'}` : '';
      io.stderr.write(
        `${err.green('✓')} ${basename(i.source)} → "${i.chat}": ${i.added} new, ${i.duplicates} already archived (${i.platform}${media})\n`,
      );
      for (const a of i.aliases) io.stderr.write(`  renamed: "${a.alias}" is "${a.author}" (an alias; see "wa-archive authors")\n`);
    }
    for (const w of i.warnings) io.stderr.write(`${err.yellow('warning:')} ${basename(i.source)}: ${w}\n`);
  }
  for (const f of result.failed) {
    io.stderr.write(`wa-archive: cannot import ${f.source}: ${f.error}; nothing of it was imported\n`);
    if (f.hint !== undefined) io.stderr.write(`hint: ${f.hint}\n`);
  }
}
