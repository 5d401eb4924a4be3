import { Option, type Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import type { StatsResult } from '../../ops/stats.js';
import { withArchive } from '../archive.js';
import { chatOption } from '../options.js';
import { ExitCode } from '../exitCodes.js';
import { count as n, cut, outputWidth, plural, table } from '../format.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import { safeLine } from '../safeText.js';

export function registerStats(program: Command, env: CommandEnv): void {
  program
    .command('stats')
    .description('messages per month (as a chart), top authors, media by type, first and last message')
    .addOption(chatOption())
    .addOption(new Option('--by <period>', `the chart per month or per year (default: per year past ${AUTO_YEARS} months)`).choices(['month', 'year']))
    .addHelpText('after', '\nExamples:\n  $ wa-archive stats\n  $ wa-archive stats --chat "Priya Shah"\n  $ wa-archive stats --by month\n  $ wa-archive stats --json')
    .action(async (flags: { chat?: string; by?: 'month' | 'year' }, command: Command) => {
      const ctx = env.context(command);
      const { archiveStats } = await import('../../ops/stats.js');
      const stats = await withArchive(ctx, false, (archive) => archiveStats(archive, { chat: flags.chat }));
      if (ctx.json) await writeOut(ctx.io.stdout, `${JSON.stringify(stats, null, 2)}\n`);
      else await writeOut(ctx.io.stdout, render(ctx.out, stats, outputWidth(ctx.io.stdout), flags.by ?? (stats.months.length > AUTO_YEARS ? 'year' : 'month')));
      env.exit(ExitCode.ok);
    });
}


/** Past this many months the chart is drawn per year unless --by says otherwise (a chart of 36 rows still reads). */
const AUTO_YEARS = 36;

/** Top authors shown (all of them are in --json). */
const TOP_AUTHORS = 10;

function render(c: ChalkInstance, s: StatsResult, columns: number, by: 'month' | 'year'): string {
  const out: string[] = [];
  const span = s.first === null ? 'no messages' : `${s.first.slice(0, 16).replace('T', ' ')} … ${s.last!.slice(0, 16).replace('T', ' ')}`;
  out.push(`${c.bold(s.chat === null ? 'All chats' : safeLine(s.chat))}: ${plural(s.messages, 'message')}, ${span}`);
  if (s.months.length > 0 && by === 'month') {
    out.push('', c.bold('Messages per month'));
    out.push(...bars(c, s.months.map((m) => [m.month, m.messages]), columns));
  } else if (s.months.length > 0) {
    out.push('', c.bold('Messages per year'));
    out.push(...bars(c, s.years.map((y) => [y.year, y.messages]), columns));
  }
  if (s.authors.length > 0) {
    out.push('', c.bold('Top authors'));
    out.push(...bars(c, s.authors.slice(0, TOP_AUTHORS).map((a) => [a.author, a.messages]), columns));
    if (s.authors.length > TOP_AUTHORS) out.push(c.dim(`… and ${n(s.authors.length - TOP_AUTHORS)} more`));
  }
  out.push('', c.bold('Media'));
  if (s.media.length === 0) out.push(c.dim('none'));
  const media = s.media.map((m) => [m.type, n(m.count), m.missing > 0 ? c.dim(`(${n(m.missing)} missing from the export)`) : '']);
  out.push(...table(media, { numeric: [1], width: columns }));
  if (s.chat === null && s.chats.length > 1) {
    out.push('', c.bold('Chats'));
    out.push(...bars(c, s.chats.map((ch) => [ch.chat, ch.messages]), columns));
  }
  return `${out.join('\n')}\n`;
}

/** A horizontal bar chart: label, bar (in eighths of a character), count. */
function bars(c: ChalkInstance, unsafeRows: [string, number][], columns: number): string[] {
  const rows = unsafeRows.map(([label, value]): [string, number] => [safeLine(label), value]); // before it is cut to fit
  const labelWidth = Math.min(24, Math.max(...rows.map(([label]) => label.length)));
  const countWidth = Math.max(...rows.map(([, v]) => n(v).length));
  const barWidth = Math.max(10, Math.min(50, columns - labelWidth - countWidth - 4));
  const max = Math.max(1, ...rows.map(([, v]) => v));
  return rows.map(([label, value]) => {
    const eighths = Math.round((value / max) * barWidth * 8);
    const bar = '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 === 0 ? '' : PARTIAL[eighths % 8]);
    return `${cut(label, labelWidth).padEnd(labelWidth)}  ${c.cyan(bar.padEnd(barWidth))}  ${n(value).padStart(countWidth)}`;
  });
}

const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
