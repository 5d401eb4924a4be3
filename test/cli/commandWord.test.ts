/**
 * A run registers only the command it names (src/cli/run.ts buildProgram, src/cli/commandWord.ts): that
 * command alone, with the help it has among all the others; any other run gets them all.
 */
import type { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { commandWord } from '../../src/cli/commandWord.js';
import { buildProgram } from '../../src/cli/run.js';
import { cli, ROOT } from '../helpers/cli.js';

const io = { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, env: {}, cwd: ROOT, platform: 'linux' as const, homedir: '/', localTimeZone: 'UTC' };
const env = { context: () => { throw new Error('not run'); }, exit: () => {} };
const names = (program: Command) => program.commands.map((c) => c.name());

/** A command's help and its subcommands', by their full names. */
function helps(command: Command, prefix = ''): [string, string][] {
  return command.commands.flatMap((c) => [[`${prefix}${c.name()}`, c.helpInformation()] as [string, string], ...helps(c, `${prefix}${c.name()} `)]);
}

describe('the command word of a run', () => {
  test.each([
    [['search', 'x'], 'search'],
    [['--archive', 'chats', 'search', '--json', 'x'], 'search'],
    [['--archive=chats', '-q', 'status'], 'status'],
    [['--json', '--no-color'], undefined],
    [['--archive'], undefined],
    [[], undefined],
  ])('%j: %s', (argv, word) => {
    expect(commandWord(argv)).toBe(word);
  });
});

describe('only the command a run names is registered', () => {
  const everything = buildProgram(io, env);
  const all = names(everything);

  test('each command by its own name, alone, with the help it has among the others; anything else gets them all', () => {
    expect(all).toHaveLength(13);
    const together = new Map(helps(everything));
    for (const name of all) {
      const alone = buildProgram(io, env, name);
      expect(names(alone)).toEqual([name]);
      for (const [full, help] of helps(alone)) expect(help, full).toBe(together.get(full));
    }
    for (const other of [undefined, 'serch', 'help', 'Search']) expect(names(buildProgram(io, env, other))).toEqual(all);
  });

  test('a misspelt command is still suggested, and the program’s help lists every command', async () => {
    const typo = await cli(['serch', 'x']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'serch'[\s\S]*search/);
    const help = await cli(['--help']);
    for (const name of all) expect(help.stdout).toContain(`  ${name}`);
  });
});
