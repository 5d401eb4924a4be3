import type { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { buildProgram } from '../../src/cli/run.js';
import { ROOT } from '../helpers/cli.js';

const program = buildProgram(
  { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, env: {}, cwd: ROOT, platform: 'linux', homedir: '/', localTimeZone: 'UTC' },
  { context: () => { throw new Error('not run'); }, exit: () => {} },
);

/** Every command and subcommand, with its full name ("authors alias"). */
function allCommands(command: Command, prefix = ''): { name: string; command: Command }[] {
  return command.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return [{ name, command: c }, ...allCommands(c, `${name} `)];
  });
}

/** Each command's help text of one option, by command. */
function helpOf(flag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const { name, command } of allCommands(program)) {
    const option = command.options.find((o) => o.long === flag);
    if (option !== undefined) found.set(name, `${option.flags}: ${option.description}`);
  }
  return found;
}

describe('--chat, --since and --until are built one way (cli/options.ts)', () => {
  test.each(['--since', '--until'])('%s has the same help text in every command that takes it', (flag) => {
    const help = helpOf(flag);
    expect(help.size).toBeGreaterThanOrEqual(flag === '--since' ? 4 : 3);
    expect(new Set(help.values()).size).toBe(1);
  });

  test('every --chat that names an archived chat says how names match, in the same words', () => {
    const help = helpOf('--chat');
    // import's --chat names the chat to create or add to: any name, matched exactly.
    help.delete('import');
    expect(help.size).toBeGreaterThanOrEqual(6);
    for (const [name, text] of help) expect([name, text]).toEqual([name, expect.stringMatching(/: its name as "wa-archive chats" lists it, or a unique part of it$/)]);
  });
});
