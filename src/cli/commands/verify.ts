import type { Command } from 'commander';
import type { BundleVerification } from '../../ops/verifyBundle.js';
import type { VerifyResult } from '../../ops/verify.js';
import { SourceError } from '../../ops/errors.js';
import { withArchive } from '../archive.js';
import type { Context, GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { plural } from '../format.js';
import { writeOut } from '../io.js';
import { archiveLooseModes, warnLooseModes } from '../looseModes.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

interface VerifyFlags {
  bundle?: string;
  witness?: string;
}

export function registerVerify(program: Command, env: CommandEnv): void {
  program
    .command('verify')
    .description('check that nothing in the archive (or, with --bundle, in an export bundle) was altered; exit 3 if anything was')
    .option('--bundle <file>', 'check this export bundle (.zip) against its manifest instead; with --archive also against that archive')
    .option('--witness <file>', 'check that every fingerprint in FILE is still a state of the audit chain, then append this one (keep FILE on another disk)')
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive verify
  $ wa-archive verify --bundle records.zip
  $ wa-archive verify --witness /mnt/backup/wa-archive.witness
  $ wa-archive --archive ~/records verify --bundle records.zip --json

Exit codes: 0 all is well, 3 a problem was found (each one is listed), 1 the file could not be read.`,
    )
    .action(async (flags: VerifyFlags, command: Command) => {
      const ctx = env.context(command);
      if (flags.bundle !== undefined && flags.witness !== undefined) {
        throw new CliError('--witness checks an archive, not a bundle', ExitCode.usage, 'Run "wa-archive verify --witness FILE" and "wa-archive verify --bundle FILE" separately.');
      }
      const ok = flags.bundle === undefined ? await verifyWholeArchive(ctx, flags.witness) : await verifyBundleFile(ctx, flags.bundle, archiveGiven(ctx, command));
      env.exit(ok ? ExitCode.ok : ExitCode.verifyProblem);
    });
}

/** A bundle is checked against an archive only when the user named one (--archive or $WA_ARCHIVE_DIR). */
function archiveGiven(ctx: Context, command: Command): boolean {
  const option = command.optsWithGlobals<GlobalOptions>().archive;
  return option !== undefined || (ctx.io.env.WA_ARCHIVE_DIR ?? '') !== '';
}

async function verifyWholeArchive(ctx: Context, witness: string | undefined): Promise<boolean> {
  const { recordVerification, verifyArchive } = await import('../../ops/verify.js');
  const [result, loose] = await withArchive(ctx, false, (archive) => {
    const verified = verifyArchive(archive, { now: ctx.now, ...(witness === undefined ? {} : { witness }) });
    recordVerification(archive, verified, ctx.now);
    return [verified, archiveLooseModes(ctx, archive)] as const;
  });
  if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(result, null, 2)}\n`);
  else if (!ctx.quiet) await writeOut(ctx.io.stdout, archiveReport(ctx, result));
  // -q (cron): silent when all is well; problems go to stderr, like errors, so cron mails them.
  else if (!result.ok) ctx.io.stderr.write(archiveReport(ctx, result));
  warnLooseModes(ctx, loose);
  return result.ok;
}

function archiveReport(ctx: Context, r: VerifyResult): string {
  const c = ctx.out;
  const { auditEntries, messages, imports, mediaFiles } = r.checked;
  const checked = [plural(messages, 'message'), plural(imports, 'import'), plural(mediaFiles, 'media file'), plural(auditEntries, 'audit entry', 'audit entries')].join(', ');
  const lines = r.ok
    ? [`${c.green('OK')}: the archive is as its audit log records (${checked} checked).`]
    : [`${c.red(plural(r.problems.length, 'problem'))} (${checked} checked):`,
       ...r.problems.map((p) => `  ${c.bold(p.kind)}${p.chat === undefined ? '' : ` ${c.cyan(safeLine(p.chat))}`}: ${safeLine(p.detail)}`)];
  for (const note of r.notes) lines.push(`note: ${safeLine(note)}`);
  lines.push(`fingerprint: ${r.fingerprint}`);
  const w = r.witness;
  if (w !== undefined) {
    const earlier = `${plural(w.checked, 'earlier fingerprint')} in ${safeLine(w.file)} ${w.checked === 1 ? 'is' : 'are'} states of the audit chain`;
    lines.push(w.appended === null ? `witness: nothing appended to ${safeLine(w.file)}` : `witness: ${earlier}; appended this one`);
  }
  return `${lines.join('\n')}\n`;
}

async function verifyBundleFile(ctx: Context, file: string, withArchiveCheck: boolean): Promise<boolean> {
  const { verifyBundle } = await import('../../ops/verifyBundle.js');
  let result: BundleVerification;
  try {
    result = withArchiveCheck ? await withArchive(ctx, false, (archive) => verifyBundle(file, archive)) : await verifyBundle(file);
  } catch (error) {
    if (error instanceof SourceError) throw new CliError(error.message, ExitCode.failure, error.hint);
    throw error;
  }
  await writeOut(ctx.io.stdout, ctx.json ? `${JSON.stringify(result, null, 2)}\n` : bundleReport(ctx, result));
  return result.ok;
}

function bundleReport(ctx: Context, r: BundleVerification): string {
  const c = ctx.out;
  const lines: string[] = [];
  if (r.ok) {
    const n = r.manifest!.counts;
    const counts = `${plural(n.chats, 'chat')}, ${plural(n.messages, 'message')}, ${plural(n.media, 'media file')}`;
    lines.push(`${c.green('OK')}: all ${plural(r.files, 'file')} of ${safeLine(r.bundle)} match its manifest (${counts}).`);
  } else {
    lines.push(`${c.red(plural(r.problems.length, 'problem'))} in ${safeLine(r.bundle)}:`);
    for (const p of r.problems) lines.push(`  ${c.bold(p.problem.padEnd(8))} ${safeLine(`${p.path}: ${p.detail}`)}`);
  }
  if (r.manifest !== null) {
    const { archive, createdAt, tool } = r.manifest;
    // The manifest is the bundle's own word: anyone may have written it.
    lines.push(safeLine(`made ${createdAt} by ${tool.name} ${tool.version} from archive ${archive.archiveId}`));
    lines.push(safeLine(`fingerprint: ${archive.fingerprint} (audit entry ${archive.entries})`));
    if (r.archiveChecked && !r.problems.some((p) => p.problem === 'archive')) lines.push('The archive given holds that state in its audit history.');
  }
  return `${lines.join('\n')}\n`;
}
