import { Option, type Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import type { ContextMessage, SearchHit, SearchOptions, SearchResult } from '../../ops/search.js';
import { DELETED_LATER_MARK, jsonMedia } from '../../ops/views.js';
import { mediaLabel } from '../mediaLabel.js';
import { withArchive } from '../archive.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { count as n, plural } from '../format.js';
import { writeOut } from '../io.js';
import type { CommandEnv } from '../run.js';
import type { Context } from '../context.js';
import { chatOption, contextSize, sinceOption, untilOption, wholeNumber } from '../options.js';
import { safeLine, safeText } from '../safeText.js';

/** The options as commander gives them: those of the search, but the query and a flag that may be absent. */
type SearchFlags = Omit<SearchOptions, 'query' | 'fuzzy'> & { fuzzy?: boolean };

/** Results are gathered into chunks this big before writing (a --limit 0 search can print a lot). */
const CHUNK = 64 * 1024;

export function registerSearch(program: Command, env: CommandEnv): void {
  program
    .command('search')
    .description('find messages: all words required, "exact phrase", a OR b, -word, prefix*, from: chat: after: before:')
    .argument('<query...>', 'the query (quote it in the shell to keep its quotes: \'"exact phrase" -word\')')
    .addOption(chatOption())
    .option('--from <name>', 'only messages by this author (a name or the start of one of its words)')
    .addOption(sinceOption())
    .addOption(untilOption())
    .option('--limit <n>', 'how many results (0 = all)', wholeNumber, 20)
    .addOption(new Option('--sort <order>', 'relevance (ties newest first), newest or oldest').choices(['relevance', 'newest', 'oldest']).default('relevance'))
    .option('-C, --context <n>', 'also show n messages before and after each result', contextSize, 0)
    .option('--fuzzy', "tolerate typos: also search the archive's words a letter or two away")
    // -word excludes a word: such arguments are query words, not options.
    .allowUnknownOption()
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive search invoice
  $ wa-archive search '"next week" delivery OR pickup -cancelled'
  $ wa-archive search deliv* from:priya after:2024-03-01 --sort newest
  $ wa-archive search cafe --chat Orders -C 2 --json
  $ wa-archive search recieve --fuzzy
  $ wa-archive search invoice.pdf

Words are case- and accent-insensitive (cafe finds Café); singular and plural find each other
(croissant finds croissants); a file name is also looked up in the attachments' names. Quote the
whole query in the shell so that its "phrases" keep their quotes. after:DATE means later than that
day; before:DATE earlier than it.`,
    )
    .action(async (words: string[], flags: SearchFlags, command: Command) => {
      const ctx = env.context(command);
      const unknown = words.find((w) => w.startsWith('--') && w.length > 2);
      if (unknown !== undefined) {
        throw new CliError(`unknown option '${unknown}'`, ExitCode.usage, 'run "wa-archive search --help" for the options; to exclude a word write -word.');
      }
      const { searchMessages } = await import('../../ops/search.js');
      const result = await withArchive(ctx, false, (archive) =>
        searchMessages(archive, {
          query: words.join(' '),
          chat: flags.chat,
          from: flags.from,
          since: flags.since,
          until: flags.until,
          limit: flags.limit,
          sort: flags.sort,
          context: flags.context,
          fuzzy: flags.fuzzy === true,
          today: () => ctx.today,
        }),
      );
      if (ctx.json) await writeJson(ctx, result, flags.context > 0);
      else await writeHuman(ctx, result);
      summary(ctx, result);
      env.exit(ExitCode.ok);
    });
}

async function writeJson(ctx: Context, result: SearchResult, withContext: boolean): Promise<void> {
  let buffer = `{"query":${JSON.stringify(result.query)},"total":${result.total},"results":[`;
  for (const [i, hit] of result.results.entries()) {
    const item: Record<string, unknown> = {
      id: hit.id, chat: hit.chat, time: hit.time, author: hit.author, text: hit.text, kind: hit.kind, media: jsonMedia(hit.media), score: hit.score,
      ...(hit.deletedLater ? { deletedLater: true } : {}),
    };
    if (withContext) {
      item.before = (hit.before ?? []).map(contextJson);
      item.after = (hit.after ?? []).map(contextJson);
    }
    buffer += `${i === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`;
    if (buffer.length >= CHUNK) {
      await writeOut(ctx.io.stdout, buffer);
      buffer = '';
    }
  }
  await writeOut(ctx.io.stdout, `${buffer}${result.results.length === 0 ? '' : '\n'}]}\n`);
}

function contextJson(m: ContextMessage): Record<string, unknown> {
  return { id: m.id, time: m.time, author: m.author, text: m.text, kind: m.kind, media: jsonMedia(m.media), ...(m.deletedLater ? { deletedLater: true } : {}) };
}

/** One block per hit: chat, local time, author and id, then the text with its matches highlighted. */
async function writeHuman(ctx: Context, result: SearchResult): Promise<void> {
  const { excerpt, applyRanges } = await import('../../ops/views.js');
  const c = ctx.out;
  const mark = (s: string) => c.bold.yellow(s);
  // The text's excerpt with its matches marked, then its attachments as show prints them.
  const body = (m: ContextMessage, ranges: SearchHit['matches'], max: number) => {
    const e = excerpt(safeText(m.text), ranges, max); // one character for one: the ranges stay valid
    const shown = `${e.cutStart ? '…' : ''}${applyRanges(e.text, e.ranges, mark)}${e.cutEnd ? '…' : ''}`;
    return [shown, ...m.media.map(mediaLabel)].filter((t) => t !== '').join('\n');
  };
  let buffer = '';
  for (const hit of result.results) {
    if (buffer !== '' || hit !== result.results[0]) buffer += '\n';
    if (hit.before === undefined) {
      buffer += `${header(c, hit)}\n  ${indent(body(hit, hit.matches, 300), '  ')}\n`;
    } else {
      buffer += `${c.magenta(safeLine(hit.chat))}  ${c.dim(`#${hit.id}`)}\n`;
      for (const m of hit.before) buffer += contextLine(c, m, '  ', body(m, [], 160));
      buffer += contextLine(c, hit, c.bold('▶ '), body(hit, hit.matches, 300));
      for (const m of hit.after ?? []) buffer += contextLine(c, m, '  ', body(m, [], 160));
    }
    if (buffer.length >= CHUNK) {
      await writeOut(ctx.io.stdout, buffer);
      buffer = '';
    }
  }
  await writeOut(ctx.io.stdout, buffer);
}

function header(c: ChalkInstance, hit: SearchHit): string {
  const mark = hit.deletedLater ? `  ${c.red(`(${DELETED_LATER_MARK})`)}` : '';
  return `${c.magenta(safeLine(hit.chat))}  ${c.dim(hit.local)}  ${author(c, hit.author)}  ${c.dim(`#${hit.id}`)}${mark}`;
}

function contextLine(c: ChalkInstance, m: ContextMessage, lead: string, text: string): string {
  const pad = ' '.repeat(2 + m.local.length + 2);
  return `${lead}${c.dim(m.local)}  ${author(c, m.author)}: ${indent(text, pad)}\n`;
}

function author(c: ChalkInstance, name: string | null): string {
  return name === null ? c.dim('(system)') : c.cyan(safeLine(name));
}

function indent(text: string, pad: string): string {
  return text.replace(/\n/g, `\n${pad}`);
}

/** The total on stderr: how many shown of how many, how they were ranked, and "did you mean" when none. */
function summary(ctx: Context, result: SearchResult): void {
  if (ctx.quiet) return;
  const { err } = ctx;
    const lines: string[] = [];
  for (const s of result.spellings) {
    lines.push(`${err.dim('fuzzy:')} ${safeLine(`${s.word} → ${s.searched.join(', ')}`)}`);
  }
  if (result.total === 0) {
    lines.push(result.suggestion === null ? 'No messages match.' : `No messages match. Did you mean: ${err.bold(safeLine(result.suggestion))} ?`);
  } else {
    const shown = result.results.length;
    let line = shown === result.total ? plural(result.total, 'message') : `${n(shown)} of ${n(result.total)} messages`;
    if (result.rankedNewest !== null) line += ` (the newest ${n(result.rankedNewest)} ranked by relevance)`;
    lines.push(line);
  }
  ctx.io.stderr.write(`${lines.join('\n')}\n`);
}
