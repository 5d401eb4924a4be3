import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildProgram } from '../../src/cli/run.js';
import { cli, ROOT } from '../helpers/cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const program = buildProgram(
  { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, env: {}, cwd: ROOT, platform: 'linux', homedir: '/', localTimeZone: 'UTC' },
  { context: () => { throw new Error('not run'); }, exit: () => {} },
);
const commands = program.commands.map((c) => c.name());

describe('every command is documented', () => {
  test('there are commands to check', () => {
    expect(commands).toEqual(expect.arrayContaining(['import', 'chats', 'show']));
  });

  test.each(commands)('%s has a description, an example in --help, and a README section', async (name) => {
    const command = program.commands.find((c) => c.name() === name)!;
    expect(command.description().length).toBeGreaterThan(10);
    const help = await cli([name, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`Examples:\\n\\s+\\$ wa-archive ${name}\\b`));
    expect(readme).toMatch(new RegExp(`^### \`wa-archive ${name}\``, 'm'));
  });

  test('the README starts with the demo and test commands', () => {
    const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm ci && npm test');
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toContain('npm ci && npm test');
  });
});
