/**
 * The txt round trip as a property (issue 4): a generated WhatsApp export (Android or iPhone) is imported
 * into archive A; A is exported as txt and imported into a fresh archive B; B holds the same messages
 * (time to the minute, author, kind, text, edited, media names), and B's txt export is A's, byte for byte.
 * ROUNDTRIP_RUNS=N runs more cases (60 by default).
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { exportArchive } from '../../src/ops/export.js';
import { selectExport } from '../../src/ops/exportSelection.js';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';

const LRM = '\u200E';
const WJ = '\u2060';
const TZ = 'Europe/London';
const NOW = new Date('2025-01-01T00:00:00Z');

type Platform = 'android' | 'ios';
type Spec =
  | { kind: 'message'; author: string; lines: string[]; edited: boolean }
  | { kind: 'system'; lines: string[] }
  | { kind: 'omitted'; author: string }
  | { kind: 'file'; author: string; caption: string[]; edited: boolean }
  | { kind: 'deleted'; author: string };

const AUTHORS = ['Priya Shah', 'Tom', 'Zoë 🇧🇷 Lima', '🌻🌻', 'Ana María de la Cruz', '+49 151 1234-5678', 'Left Bank Cafe', '李 小龙'];

/** Lines that mean something to the parser or to a spreadsheet, wherever they stand in a text. */
const TRICKY = [
  'null', '<Media omitted>', 'This message was deleted', 'Missed voice call', 'POLL:', 'OPTION: Yes (1 vote)',
  'location: https://maps.google.com/?q=51.5,-0.12', 'IMG-20240113-WA0002.jpg (file attached)', '<This message was edited>',
  `${WJ}starts with the escape`, `${WJ}${WJ}two escapes`, `${LRM}starts with a mark`, '', '   ', 'Members: Priya, Tom',
  'a: b', '=1+1', '-5', '🎂🎂', '\ttab first', 'Priya Shah added Tom', 'ends with a colon:',
];
/** Header-looking lines of the *other* platform's style (one of the file's own style would start a record). */
const PASTED: Record<Platform, string[]> = {
  android: ['[14/03/2024, 09:05:41] Priya Shah: pasted from an iPhone', '[3/14/24, 9:05:41 PM] Tom: another'],
  ios: ['14/03/2024, 09:05 - Priya Shah: pasted from Android', '2024-03-14, 21:05 - Tom: like our own export', '3/14/24, 9:05 PM - Tom: US phone'],
};

const plainLine = fc.string({ unit: 'grapheme', maxLength: 24 }).filter((s) => !/[\r\n\u0000-\u0008\u000B-\u001F\u007F]/.test(s));

function specs(platform: Platform): fc.Arbitrary<{ gap: number; spec: Spec }[]> {
  const line = fc.oneof({ weight: 3, arbitrary: plainLine }, fc.constantFrom(...TRICKY), fc.constantFrom(...PASTED[platform]));
  const lines = fc.array(line, { minLength: 1, maxLength: 4 });
  const author = fc.constantFrom(...AUTHORS);
  const spec: fc.Arbitrary<Spec> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('message' as const), author, lines, edited: fc.boolean() }) },
    fc.record({ kind: fc.constant('system' as const), lines }),
    fc.record({ kind: fc.constant('omitted' as const), author }),
    fc.record({ kind: fc.constant('file' as const), author, caption: fc.array(line, { maxLength: 2 }), edited: fc.boolean() }),
    fc.record({ kind: fc.constant('deleted' as const), author }),
  );
  // The file's own header style must stay the most common one, or the parser would rightly take the
  // pasted lines for the headers.
  const pasted = (records: { spec: Spec }[]) => records.flatMap(({ spec }) => linesOf(spec)).filter((l) => PASTED[platform].includes(l)).length;
  return fc.array(fc.record({ gap: fc.nat(180), spec }), { minLength: 1, maxLength: 12 }).filter((records) => pasted(records) < records.length);
}

function linesOf(spec: Spec): string[] {
  return spec.kind === 'message' || spec.kind === 'system' ? spec.lines : spec.kind === 'file' ? spec.caption : [];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The export a phone would write: from 13/01/2024 (a day above 12, so the date order is decided). */
function exportText(platform: Platform, records: { gap: number; spec: Spec }[]): string {
  let minute = 9 * 60;
  return records
    .map(({ gap, spec }, i) => {
      minute += gap;
      const t = new Date(Date.UTC(2024, 0, 13, 0, minute, i % 60));
      const date = `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
      const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
      const header = platform === 'android' ? `${date}, ${time} - ` : `[${date}, ${time}:${pad(t.getUTCSeconds())}] `;
      return header + body(platform, spec, i);
    })
    .join('\n') + '\n';
}

function body(platform: Platform, spec: Spec, i: number): string {
  const ios = platform === 'ios';
  switch (spec.kind) {
    case 'message': {
      const text = spec.lines.join('\n');
      return `${spec.author}: ${text}${spec.edited ? (ios ? ` ${LRM}<This message was edited>` : ' <This message was edited>') : ''}`;
    }
    case 'system':
      return ios ? `Group: ${LRM}${spec.lines.join('\n')}` : spec.lines.join('\n');
    case 'omitted':
      return `${spec.author}: ${ios ? `${LRM}image omitted` : '<Media omitted>'}`;
    case 'file': {
      if (ios) return `${spec.author}: ${LRM}<attached: 000000${pad(i)}-PHOTO-2024-01-13-09-00-00.jpg>`;
      const lines = [`${spec.author}: IMG-20240113-WA00${pad(i)}.jpg (file attached)`, ...spec.caption];
      return lines.join('\n') + (spec.edited ? '\n<This message was edited>' : '');
    }
    case 'deleted':
      return `${spec.author}: ${ios ? `${LRM}This message was deleted.` : 'This message was deleted'}`;
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-roundtrip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function imported(name: string, file: string): Promise<Archive> {
  const folder = join(dir, name);
  rmSync(folder, { recursive: true, force: true });
  const archive = openArchive(folder, { create: true, busyTimeoutMs: 1000, now: NOW });
  const result = await importExports(archive, { paths: [file], chat: 'Generated', tz: TZ, now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return archive;
}

async function txtOf(archive: Archive, file: string): Promise<string> {
  await exportArchive(archive, { format: 'txt', out: file, force: true, selection: { today: () => '2026-01-01' }, stdout: { write() {} }, toolVersion: 'test', now: NOW });
  return readFileSync(file, 'utf8');
}

type Seen = [minute: string, author: string | null, kind: string, text: string, edited: boolean, media: (string | null)[]];

async function messagesOf(archive: Archive): Promise<Seen[]> {
  const chats = await selectExport(archive, { today: () => '2026-01-01' });
  return chats.flatMap((c) => [...c.messages].map((m): Seen => [m.local.slice(0, 16), m.author, m.kind, m.text, m.edited, m.media.map((f) => f.name)]));
}

test('export → import gives the same messages, and the same txt again', async () => {
  const generated = fc
    .constantFrom<Platform>('android', 'ios')
    .chain((platform) => specs(platform).map((records) => ({ source: exportText(platform, records), count: records.length })));
  await fc.assert(
    fc.asyncProperty(generated, async ({ source, count }) => {
      const original = join(dir, 'original.txt');
      const exported = join(dir, 'exported.txt');
      writeFileSync(original, source);
      const a = await imported('a', original);
      const b = await imported('b', (await txtOf(a, exported), exported));
      try {
        const messages = await messagesOf(a);
        expect(messages).toHaveLength(count);
        // Android lines cannot hold an author containing ": " (README, known limits); the iPhone parser
        // makes one of an edited first message ending in ":" (its "Group: name" rule).
        fc.pre(messages.every(([, author]) => author === null || !author.includes(': ')));
        expect(await messagesOf(b)).toEqual(messages);
        expect(await txtOf(b, join(dir, 'again.txt'))).toBe(readFileSync(exported, 'utf8'));
      } finally {
        a.db.close();
        b.db.close();
      }
    }),
    { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 60) },
  );
}, 240_000);
