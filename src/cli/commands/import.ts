import { Option, type Command } from 'commander';
import { basename, resolve } from 'node:path';
import type { ImportResult } from '../../ops/import.js';
import { withArchive } from '../archive.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { writeOut } from '../io.js';
import { progressBar } from '../progress.js';
import { plural } from '../format.js';
import { yearNumber } from '../options.js';
import type { CommandEnv } from '../run.js';
import type { Context } from '../context.js';
import { safeLine } from '../safeText.js';

interface ImportFlags {
  chat?: string;
  tz?: string;
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
  year?: number;
}

export function registerImport(program: Command, env: CommandEnv): void {
  program
    .command('import')
    .description('import WhatsApp exports (.txt, .zip, or folders of them); adds only what is new')
    .argument('<path...>', 'export files or folders (searched recursively)')
    .option('--chat <name>', 'the chat to import into (default: from the file name)')
    .option('--tz <zone>', "IANA time zone of the phone that exported, e.g. Europe/Berlin (default: the zone of the chat's earlier imports; for a new chat, this machine's)")
    .addOption(new Option('--date-order <order>', 'for files whose dates cannot tell day/month order').choices(['dmy', 'mdy', 'ymd']))
    .option('--year <yyyy>', 'the year of the first message, for old exports none of whose dates has a year', yearNumber)
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive import "WhatsApp Chat with Priya Shah.txt"
  $ wa-archive import "WhatsApp Chat - Orders.zip" --tz Europe/London
  $ wa-archive import ~/Downloads/exports --json
  $ wa-archive import old-export.txt --date-order mdy
  $ wa-archive import "WhatsApp Chat with Tom.txt" --year 2012`,
    )
    .action(async (paths: string[], flags: ImportFlags, command: Command) => {
      const ctx = env.context(command);
      env.exit(await runImport(ctx, paths, flags));
    });
}

async function runImport(ctx: Context, paths: string[], flags: ImportFlags): Promise<ExitCode> {
  const { findExports, importExports } = await import('../../ops/import.js');
  const { archiveExists } = await import('../../ops/archive.js');
  const { isValidTimeZone } = await import('../../ops/time.js');
  const tz = flags.tz ?? ctx.io.localTimeZone;
  if (!isValidTimeZone(tz)) {
    throw new CliError(`unknown time zone "${tz}"`, ExitCode.usage, 'Use an IANA zone name such as Europe/Berlin, America/New_York or UTC.');
  }
  const resolved = paths.map((p) => resolve(ctx.io.cwd, p));
  // Before creating an archive, its paths are checked (the import finds them again): a mistyped path makes none.
  if (!archiveExists(ctx.archiveDir)) {
    const unreadable = findExports(resolved);
    if ('failed' in unreadable) {
      await report(ctx, unreadable, false);
      return ExitCode.failure;
    }
  }
  const progress = await progressBar(ctx);
  const { created, result } = await withArchive(ctx, true, async (archive) => {
    if (archive.created && !ctx.json) ctx.io.stderr.write(`Created a new archive at ${safeLine(archive.dir)}\n`);
    return { created: archive.created, result: await importExports(archive, {
      paths: resolved,
      chat: flags.chat,
      tz,
      machineTz: flags.tz === undefined,
      dateOrder: flags.dateOrder,
      year: flags.year,
      now: ctx.now,
      toolVersion: ctx.version,
      onProgress: (p) => progress.update(safeLine(basename(p.source)), p.done, p.total),
      onCommitted: () => ctx.reached('committed'),
    }) };
  });
  progress.stop();
  await report(ctx, result, created);
  return result.failed.length > 0 ? ExitCode.failure : ExitCode.ok;
}

async function report(ctx: Context, result: ImportResult, created: boolean): Promise<void> {
  const { io, err } = ctx;
  if (ctx.json) {
    const json = {
      created,
      imports: result.imports.map(
        ({ source, chat, platform, messages, added, duplicates, media, expired, deletedLater, missingFromExport, mediaAttached, aliases, unchangedStart, warnings }) => ({
          source, chat, platform, messages, added, duplicates, media, expired, deletedLater, missingFromExport, mediaAttached, aliases, unchangedStart, warnings,
        }),
      ),
      failed: result.failed.map(({ source, error, hint }) => ({ source, error, ...(hint === undefined ? {} : { hint }) })),
      skipped: result.skipped,
      searchData: result.searchData,
    };
    await writeOut(io.stdout, `${JSON.stringify(json, null, 2)}\n`);
  }
  for (const i of result.imports) {
    if (!ctx.quiet && !ctx.json) {
      const media = i.media > 0 ? `, ${plural(i.media, 'media file')}` : '';
      io.stderr.write(
        `${err.green('✓')} ${safeLine(basename(i.source))} → "${safeLine(i.chat)}": ${i.added} new, ${i.duplicates} already archived (${i.platform}${media})\n`,
      );
      for (const line of laterLines(i)) io.stderr.write(`  ${line}\n`);
      for (const a of i.aliases) io.stderr.write(`  renamed: "${safeLine(a.alias)}" is "${safeLine(a.author)}" (an alias; see "wa-archive authors")\n`);
    }
    for (const w of i.warnings) io.stderr.write(`${err.yellow('warning:')} ${safeLine(`${basename(i.source)}: ${w}`)}\n`);
  }
  if (!ctx.quiet && !ctx.json) {
    for (const s of result.skipped) io.stderr.write(`- ${basename(s.source)}: skipped, ${s.reason}\n`);
  }
  for (const f of result.failed) {
    io.stderr.write(`wa-archive: ${safeLine(`cannot import ${f.source}: ${f.error.replace(/[.!]+$/, '')}; nothing of it was imported`)}\n`);
    if (f.hint !== undefined) io.stderr.write(`hint: ${safeLine(f.hint)}\n`);
  }
}


/** What the import found about the archive's older messages, one line each (none when nothing). */
function laterLines(i: ImportResult['imports'][number]): string[] {
  const lines: string[] = [];
  if (i.expired > 0) lines.push(`${i.expired} not kept: past retention`);
  if (i.mediaAttached > 0) lines.push(`${i.mediaAttached} media file(s) attached to messages archived without them`);
  if (i.deletedLater > 0) lines.push(`${i.deletedLater} archived message(s) deleted on the phone since: kept and marked`);
  if (i.missingFromExport.length > 0) {
    lines.push(`${i.missingFromExport.length} archived message(s) missing from this export (deleted for me?), kept: ids ${i.missingFromExport.slice(0, 10).join(', ')}${i.missingFromExport.length > 10 ? ', …' : ''}`);
  }
  return lines;
}
