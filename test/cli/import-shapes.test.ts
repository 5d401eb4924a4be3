/** Import of real-export shapes end to end (issues 11, 12, 14): warnings, refusals, skipped notes, --year. */
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';

const NOW = { env: { WA_ARCHIVE_NOW: '2024-06-01T00:00:00Z' } };

async function importJson(archive: string, ...args: string[]) {
  return cliJson(['--archive', archive, 'import', ...args], NOW);
}

describe('import of real-export shapes', () => {
  test('--json failures carry the hint stderr shows', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '01/02/2024, 10:00 - Tom: a\n01/03/2024, 10:00 - Tom: b\n');
    const r = await importJson(dir, file);
    expect(r.json.failed).toEqual([{ source: file, error: expect.stringMatching(/day\/month/), hint: expect.stringMatching(/--date-order dmy/) }]);
  });

  test('a file without any year is refused naming --year; with --year it imports from that year on', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '14:05, 30 Dec - Tom: a\n09:00, 1 Jan - Tom: b\n');
    const refused = await importJson(dir, file);
    expect(refused.code).toBe(1);
    expect(refused.json.failed[0].hint).toMatch(/--year/);
    const ok = await importJson(dir, file, '--year', '2012', '--tz', 'UTC');
    expect(ok.code).toBe(0);
    const shown = (await cliJson(['--archive', dir, 'show', 'Tom'], NOW)).json.messages as { time: string }[];
    expect(shown.map((m) => m.time.slice(0, 10))).toEqual(['2012-12-30', '2013-01-01']);
  });

  test('--year must be a year', async () => {
    const r = await cli(['--archive', tempDir(), 'import', 'x.txt', '--year', '12'], NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/four-digit year/);
  });

  test('stray NULs import, with a warning counting the lines', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '14/03/2024, 09:05 - Tom: \u{1F600}\u0000 hi\n14/03/2024, 09:06 - Tom: ok\n');
    const r = await importJson(dir, file);
    expect(r.json.imports[0]).toMatchObject({ added: 2 });
    expect(r.json.imports[0].warnings).toEqual(['1 line(s) held stray control characters (NUL was removed, others kept as written)']);
  });

  test('messages dated before 2009 or after the file was made are imported with a warning', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', [
      '14/03/2024, 09:05 - Tom: fine', '14/03/2004, 09:06 - Tom: too early', '14/03/2030, 09:07 - Tom: too late',
    ].join('\n'));
    utimesSync(file, new Date('2024-05-01T00:00:00Z'), new Date('2024-05-01T00:00:00Z'));
    const r = await importJson(dir, file);
    expect(r.json.imports[0].added).toBe(3);
    expect(r.json.imports[0].warnings).toEqual([
      '2 message(s) are dated before WhatsApp existed (2009) or after this file was made (2024-05-01); they were imported as written. ' +
        'The first: "14/03/2004, 09:06 - Tom: too early"',
    ]);
  });

  test('in a folder, a .txt neither named nor shaped like an export is skipped, without a warning or audit entry', async () => {
    const dir = tempDir();
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    const chat = writeExport(folder, 'WhatsApp Chat with Tom.txt', '14/03/2024, 09:05 - Tom: hi\n');
    const notes = writeExport(folder, 'notes.txt', 'Exported on the 14th.\nAsk Tom about the invoice.\n');
    const named = writeExport(folder, 'WhatsApp Chat with Ana.txt', 'not a chat at all\n');
    const r = await importJson(join(dir, 'archive'), folder);
    expect(r.code).toBe(0);
    expect(r.json.skipped).toEqual([{ source: notes, reason: expect.stringMatching(/not named like a WhatsApp export/) }]);
    expect(r.json.imports.map((i: { source: string }) => i.source)).toEqual([named, chat]);
    expect(r.json.imports[1].warnings).toEqual([]);
    const log = (await cliJson(['--archive', join(dir, 'archive'), 'log'], NOW)).json as unknown[];
    expect(JSON.stringify(log)).not.toContain('notes.txt');
  });
});
