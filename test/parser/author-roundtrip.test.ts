/**
 * Issue 11, item 1 as a property: any realistic author name (quotes, apostrophes, brackets, emoji, dots,
 * the `~ ` of non-contacts, phone numbers wrapped in direction marks) is the same author after an
 * Android or iPhone export is imported, exported as txt and imported again.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { exportArchive } from '../../src/ops/export.js';
import { selectExport } from '../../src/ops/exportSelection.js';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const WORDS = ['Sam', 'Lee', "O'Brien", 'Zoë', 'Dr.', 'Jr.', 'Ana-María', '李', 'Müller', '(work)', '[old]', 'Mac'];
const DECOR = ['"Boss"', '\u201CBoss\u201D', '\u00ABJ\u00F4\u00BB', '\u{1F60E}', '\u{1F1E7}\u{1F1F7}', '\u2764\uFE0F', "'Bo'"];

/** [as the phone writes it, as a person reads it]. */
const name: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.array(fc.constantFrom(...WORDS, ...DECOR), { minLength: 1, maxLength: 4 }).chain((parts) =>
    fc.boolean().map((stranger): [string, string] => {
      const plain = parts.join(' ');
      return [stranger ? `~\u202F${plain}` : plain, plain];
    }),
  ),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 999 }), fc.integer({ min: 1000, max: 9999 }), fc.constantFrom(['\u202A', '\u202C'], ['\u2068', '\u2069'], ['\u200E', '\u200E']))
    .map(([c, a, b, [open, close]]): [string, string] => [`${open}+${c} ${a} ${b}${close}`, `+${c} ${a} ${b}`]),
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-authors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importInto(folder: string, file: string): Promise<Archive> {
  rmSync(folder, { recursive: true, force: true });
  const archive = openArchive(folder, { create: true, busyTimeoutMs: 1000, now: NOW });
  expect((await importExports(archive, { paths: [file], chat: 'Names', tz: 'UTC', now: NOW, toolVersion: 'test' })).failed).toEqual([]);
  return archive;
}

async function authorsOf(archive: Archive): Promise<(string | null)[]> {
  return (await selectExport(archive, { today: () => '2026-01-01' })).flatMap((c) => [...c.messages].map((m) => m.author));
}

test('authors round-trip through export --format txt and import', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), async (names, ios) => {
      const lines = names.map(([raw], i) =>
        ios ? `[13/01/2024, 09:0${i}:00] ${raw}: hello ${i}` : `13/01/2024, 09:0${i} - ${raw}: hello ${i}`,
      );
      const original = join(dir, 'original.txt');
      const exported = join(dir, 'exported.txt');
      writeFileSync(original, `${lines.join('\n')}\n`);
      const a = await importInto(join(dir, 'a'), original);
      await exportArchive(a, { format: 'txt', out: exported, force: true, selection: { today: () => '2026-01-01' }, stdout: { write() {} }, toolVersion: 'test', now: NOW });
      const b = await importInto(join(dir, 'b'), exported);
      try {
        const expected = names.map(([, plain]) => plain);
        expect(await authorsOf(a)).toEqual(expected);
        expect(await authorsOf(b)).toEqual(expected);
      } finally {
        a.db.close();
        b.db.close();
      }
    }),
    { numRuns: 40 },
  );
}, 120_000);
