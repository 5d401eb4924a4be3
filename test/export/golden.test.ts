/**
 * Golden files: the sample chats and the edge-case chat (fixtures/) imported into a fresh archive, then
 * exported in each format and compared byte for byte. Ids and times are stable: a fresh archive, a fixed
 * import order and zone. After an intended change of a format, regenerate with UPDATE_GOLDEN=1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';

const GOLDEN = join(ROOT, 'test/export/golden');
const SOURCES = [
  'fixtures/sample/WhatsApp Chat with Priya Shah.txt',
  'fixtures/sample/WhatsApp Chat - Orders',
  'fixtures/export/WhatsApp Chat - Edge cases',
].map((p) => join(ROOT, p));

let dir: string;
let archive: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-golden-'));
  archive = join(dir, 'archive');
  const imported = await cli(['--archive', archive, '-q', 'import', ...SOURCES, '--tz', 'Europe/London']);
  expect(imported.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The export written with --out, as bytes. */
async function exported(args: string[]): Promise<Buffer> {
  const out = join(dir, 'out');
  const r = await cli(['--archive', archive, '-q', 'export', ...args, '--out', out, '--force']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return readFileSync(out);
}

function expectGolden(name: string, actual: Buffer): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual.toString('utf8')).toBe(readFileSync(path, 'utf8'));
  expect(actual.equals(readFileSync(path))).toBe(true);
}

describe('golden files', () => {
  test('json: every chat', async () => {
    expectGolden('sample.json', await exported(['--format', 'json']));
  });

  test('csv: every chat', async () => {
    expectGolden('sample.csv', await exported(['--format', 'csv']));
  });

  test.each([
    ['Priya Shah', 'priya-shah.txt'],
    ['Orders', 'orders.txt'],
    ['Edge cases', 'edge-cases.txt'],
  ])('txt: %s', async (chat, file) => {
    expectGolden(file, await exported(['--format', 'txt', '--chat', chat]));
  });
});
