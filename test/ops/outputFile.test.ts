/** writeOutput: a file is complete or absent, never half written. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Sink } from '../../src/export/types.js';
import { OpError } from '../../src/ops/errors.js';
import { writeOutput } from '../../src/ops/outputFile.js';
import { tempDir } from '../helpers/cli.js';

const MIB = 'x'.repeat(1024 * 1024);

describe('writeOutput', () => {
  test('a writer that fails midway leaves neither the file nor its temporary file', async () => {
    const dir = tempDir();
    const seen: string[] = [];
    const failing = async (sink: Sink) => {
      for (let i = 0; i < 3; i++) await sink.write(MIB);
      seen.push(...readdirSync(dir)); // the temporary file, well under way
      throw new Error('the writer broke');
    };
    await expect(writeOutput(join(dir, 'out.json'), false, failing)).rejects.toThrow('the writer broke');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^\.out\.json\.[0-9a-f]{12}\.tmp$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a failure with --force keeps the old file as it was', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'out.json'), 'old');
    const failing = async (sink: Sink) => {
      await sink.write('new, half');
      throw new Error('broke');
    };
    await expect(writeOutput(join(dir, 'out.json'), true, failing)).rejects.toThrow('broke');
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('old');
  });

  test('writes strings and bytes whole and counts them', async () => {
    const dir = tempDir();
    const written = await writeOutput(join(dir, 'out.bin'), false, async (sink) => {
      await sink.write('é');
      await sink.write(new Uint8Array([0, 1, 2]));
      await sink.write(MIB);
    });
    expect(written).toEqual({ path: join(dir, 'out.bin'), bytes: 2 + 3 + MIB.length });
    expect(readFileSync(join(dir, 'out.bin')).equals(Buffer.concat([Buffer.from('é'), Buffer.from([0, 1, 2]), Buffer.from(MIB)]))).toBe(true);
  });

  test('undefined or "-" goes to the stdout sink; without one a file is required', async () => {
    const chunks: (string | Uint8Array)[] = [];
    const stdout: Sink = { write: (c) => void chunks.push(c) };
    for (const path of [undefined, '-']) {
      expect(await writeOutput(path, false, async (sink) => sink.write('ü'), stdout)).toEqual({ path: null, bytes: 2 });
    }
    expect(chunks).toEqual(['ü', 'ü']);
    const error = await writeOutput('-', false, async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).kind).toBe('usage');
  });
});
