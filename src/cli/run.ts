import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { archiveDir, makeContext, type Context, type GlobalOptions } from './context.js';
import { CliError, reportError } from './errors.js';
import { ExitCode } from './exitCodes.js';
import type { CliIO } from './io.js';
import { registerChats } from './commands/chats.js';
import { registerImport } from './commands/import.js';
import { registerShow } from './commands/show.js';
import { registerSearch } from './commands/search.js';
import { registerStats } from './commands/stats.js';
import { registerExport } from './commands/export.js';
import { registerRetention } from './commands/retention.js';
import { registerHold } from './commands/hold.js';
import { registerVerify } from './commands/verify.js';
import { registerLog } from './commands/log.js';
import { registerPurge } from './commands/purge.js';
import { registerStatus } from './commands/status.js';
import { registerAuthors } from './commands/authors.js';
import { commandWord } from './commandWord.js';

/** What a command's action gets: the resolved context, and where to put its exit code. */
export interface CommandEnv {
  context(command: Command): Context;
  exit(code: ExitCode): void;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. Never calls process.exit. */
export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const json = wantsJson(argv);
  let exitCode: ExitCode = ExitCode.ok;
  const env: CommandEnv = {
    context: (command) => makeContext(io, command.optsWithGlobals<GlobalOptions>()),
    exit: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(io, env, commandWord(argv));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      return reportError(io, new CliError(error.message.replace(/^error: /, '').trimEnd(), ExitCode.usage, `Run "${usagePath(program, argv)} --help" for usage.`), json);
    }
    return reportError(io, error, json);
  }
}

/** --json anywhere before a lone "--": errors then come as one JSON object on stdout, like results. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Each command, by name, and what adds it to the program. */
const COMMANDS: [name: string, register: (program: Command, env: CommandEnv) => void][] = [
  ['import', registerImport],
  ['chats', registerChats],
  ['show', registerShow],
  ['search', registerSearch],
  ['stats', registerStats],
  ['export', registerExport],
  ['retention', registerRetention],
  ['hold', registerHold],
  ['verify', registerVerify],
  ['log', registerLog],
  ['purge', registerPurge],
  ['status', registerStatus],
  ['authors', registerAuthors],
];

/**
 * The program, with every command, or only `only` when that names one: a run of one command needs no other
 * (its --help and its errors are the same), and registering all thirteen made ~0.13 MB of garbage at every
 * start, enough to bring V8's young space to one more collection in some searches (2–5 ms; docs/architecture.md,
 * "Measured decisions"). Anything else (no command, a misspelt one, `help`) gets them all, to list or suggest.
 */
export function buildProgram(io: CliIO, env: CommandEnv, only?: string): Command {
  const program = new Command('wa-archive')
    .description('Archive WhatsApp chat exports into a durable, searchable local archive.')
    .version(pkg.version, '-V, --version')
    .option('--archive <dir>', `the archive folder (now: ${archiveDir(io, undefined)}, from ${io.env.WA_ARCHIVE_DIR ? '$WA_ARCHIVE_DIR' : 'your data folder; or set $WA_ARCHIVE_DIR'})`)
    .option('--json', 'print the result as one JSON document on stdout')
    .option('-q, --quiet', 'no progress or summary on stderr (errors still print)')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .showSuggestionAfterError()
    // Every command's --help lists the global options too, with the archive it would use.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      `
Examples:
  $ wa-archive import "WhatsApp Chat with Priya Shah.txt"
  $ wa-archive chats
  $ wa-archive show "Priya Shah" --since 2024-03-01

Environment: WA_ARCHIVE_DIR (archive folder), WA_ARCHIVE_NOW (the clock, ISO-8601),
WA_ARCHIVE_BUSY_TIMEOUT (ms to wait for another writer, default 30000), NO_COLOR, FORCE_COLOR, DEBUG.`,
    );
  const one = COMMANDS.find(([name]) => name === only);
  for (const [, register] of one === undefined ? COMMANDS : [one]) register(program, env);
  configure(program, io);
  return program;
}

/** Every command writes through `io`, throws instead of exiting, and reports errors in our format. */
function configure(command: Command, io: CliIO): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // run() reports usage errors itself, as it reports every other error.
      outputError: () => {},
    });
  for (const sub of command.commands) configure(sub, io);
}

/** 'wa-archive hold add' for a subcommand: the words a user typed to reach the command that refused them. */
function usagePath(program: Command, argv: readonly string[]): string {
  const words = [program.name()];
  let command = program;
  for (const word of argv) {
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub === undefined) continue;
    words.push(sub.name());
    command = sub;
  }
  return words.join(' ');
}
