import { describe, expect, test } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exitCodes.js';
import type { CliIO } from '../../src/cli/io.js';

function report(error: unknown): { code: ExitCode; stderr: string } {
  let stderr = '';
  const io = { stderr: { write: (s: string) => (stderr += s) }, env: {} } as unknown as CliIO;
  return { code: reportError(io, error), stderr };
}

describe('errors without a message of their own', () => {
  // SQLite's full disk reaches the CLI from the import's writer thread as { code: 'SQLITE_FULL' }
  // (test/store/writer.test.ts makes one happen); a media file that cannot be written, as ENOSPC.
  test.each(['SQLITE_FULL', 'ENOSPC'])('%s: the disk is full, nothing of the step was kept, free some space', (code) => {
    const { code: exit, stderr } = report(Object.assign(new Error('database or disk is full'), { code }));
    expect(exit).toBe(ExitCode.failure);
    expect(stderr).toBe('wa-archive: the disk is full; nothing of the failed step was kept\nhint: Free some disk space and run the command again.\n');
  });

  test('anything else is an unexpected error, with how to learn more', () => {
    const { code, stderr } = report(new TypeError('x is undefined'));
    expect(code).toBe(ExitCode.failure);
    expect(stderr).toMatch(/^wa-archive: unexpected error: x is undefined\nhint: Run again with DEBUG=1/);
  });
});
