import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mediaType } from '../../src/ops/stats.js';
import { cli, cliJson, ROOT } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';

const SAMPLE = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');

// A chat with attachments (one named but missing from the export) and a gap month (March).
const STUDIO = [
  '13/01/2024, 09:00 - Priya Shah: IMG-20240113-WA0001.jpg (file attached)',
  '13/01/2024, 09:01 - Tom Becker: VID-20240113-WA0002.mp4 (file attached)',
  '13/01/2024, 09:02 - Tom Becker: PTT-20240113-WA0003.opus (file attached)',
  '13/01/2024, 09:03 - Priya Shah: <Media omitted>',
  '13/01/2024, 09:04 - Tom Becker: Invoice 12.pdf (file attached)',
  '13/01/2024, 09:05 - Tom Becker: IMG-20240113-WA0004.jpg (file attached)',
  '02/04/2024, 10:00 - Tom Becker added Ana',
  '02/04/2024, 10:01 - Ana: Hello all',
  '',
].join('\n');

let archive: string;
let dir: string;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-stats-'));
  archive = join(dir, 'archive');
  const file = writeExport(dir, 'WhatsApp Chat with Studio.txt', STUDIO);
  for (const name of ['IMG-20240113-WA0001.jpg', 'VID-20240113-WA0002.mp4', 'Invoice 12.pdf', 'IMG-20240113-WA0004.jpg']) writeFileSync(join(dir, name), `bytes of ${name}`);
  expect((await cli(['--archive', archive, '-q', 'import', file, SAMPLE, '--tz', 'Europe/London'])).code).toBe(0);
});

describe('stats', () => {
  test('--chat: months (the empty one too), authors, media by type, first and last', async () => {
    const { code, json } = await cliJson(['--archive', archive, 'stats', '--chat', 'studio']);
    expect(code).toBe(0);
    expect(json).toEqual({
      chat: 'Studio',
      messages: 8,
      first: '2024-01-13T09:00:00+00:00',
      last: '2024-04-02T10:01:00+01:00',
      months: [
        { month: '2024-01', messages: 6 },
        { month: '2024-02', messages: 0 },
        { month: '2024-03', messages: 0 },
        { month: '2024-04', messages: 2 },
      ],
      years: [{ year: '2024', messages: 8 }],
      authors: [
        { author: 'Tom Becker', messages: 4 },
        { author: 'Priya Shah', messages: 2 },
        { author: 'Ana', messages: 1 },
      ],
      media: [
        { type: 'image', count: 2, missing: 0 },
        { type: 'audio', count: 1, missing: 1 },
        { type: 'document', count: 1, missing: 0 },
        { type: 'not exported', count: 1, missing: 0 },
        { type: 'video', count: 1, missing: 0 },
      ],
      chats: [{ chat: 'Studio', messages: 8 }],
    });
  });

  test('the whole archive adds up the chats', async () => {
    const { json } = await cliJson(['--archive', archive, 'stats']);
    expect(json.chat).toBeNull();
    expect(json.messages).toBe(8 + 18);
    expect(json.first).toBe('2024-01-12T09:02:00+00:00');
    expect(json.chats).toEqual([
      { chat: 'Priya Shah', messages: 18 },
      { chat: 'Studio', messages: 8 },
    ]);
    expect(json.months.map((m: any) => m.messages)).toEqual([6 + 13, 5, 0, 2]);
    expect(json.authors[0]).toEqual({ author: 'Priya Shah', messages: 2 + 9 });
    expect(json.media.find((m: any) => m.type === 'not exported')).toEqual({ type: 'not exported', count: 2, missing: 0 });
  });

  test('human output draws the months as bars', async () => {
    const r = await cli(['--archive', archive, 'stats', '--chat', 'Studio']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Studio: 8 messages, 2024-01-13 09:00 … 2024-04-02 10:01');
    const month = (m: string) => lines.find((l) => l.startsWith(m))!;
    expect(month('2024-01')).toMatch(/^2024-01 {2}█{50} {2}6$/);
    expect(month('2024-03')).toMatch(/^2024-03 {54}0$/);
    expect(month('2024-04')).toMatch(/^2024-04 {2}█{16}▋ +2$/);
    expect(r.stdout).toMatch(/^audio +1  \(1 missing from the export\)$/m);
  });

  test('--by year sums the months per year; past 36 months that is the default, --by month overrules it', async () => {
    const byYear = await cli(['--archive', archive, 'stats', '--chat', 'Studio', '--by', 'year']);
    expect(byYear.stdout).toContain('Messages per year');
    expect(byYear.stdout).toMatch(/^2024 {2}█{50} {2}8$/m);
    // Four years of monthly messages: drawn per year unless --by month.
    const long = join(dir, 'long');
    const lines = Array.from({ length: 48 }, (_, i) => `15/${String((i % 12) + 1).padStart(2, '0')}/${2020 + Math.floor(i / 12)}, 10:00 - Ana: month ${i}`);
    const file = writeExport(dir, 'WhatsApp Chat with Long.txt', `${lines.join('\n')}\n`);
    expect((await cli(['--archive', long, '-q', 'import', file, '--tz', 'UTC'])).code).toBe(0);
    const auto = (await cli(['--archive', long, 'stats'])).stdout;
    expect(auto).toContain('Messages per year');
    expect(auto.match(/^20\d\d {2}█+ {2}12$/gm)).toHaveLength(4);
    const monthly = (await cli(['--archive', long, 'stats', '--by', 'month'])).stdout;
    expect(monthly).toContain('Messages per month');
    expect(monthly.match(/^20\d\d-\d\d /gm)).toHaveLength(48);
    expect((await cli(['--archive', long, 'stats', '--by', 'week'])).code).toBe(2);
    expect((await cliJson(['--archive', long, 'stats'])).json.years.map((y: any) => y.messages)).toEqual([12, 12, 12, 12]);
  });

  test('an unknown chat lists the chats; a missing archive says to import', async () => {
    const r = await cli(['--archive', archive, 'stats', '--chat', 'Nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wa-archive: no chat named "Nobody"\nhint: The closest: "Studio", "Priya Shah"\./);
    expect((await cli(['--archive', join(archive, 'none'), 'stats'])).code).toBe(1);
  });

  test.each([
    ['IMG-20240113-WA0001.jpg', 'image'],
    ['PHOTO.JPEG', 'image'],
    ['STK-20240113-WA0001.webp', 'sticker'],
    ['PTT-20240113-WA0001.opus', 'audio'],
    ['VID-1.mp4', 'video'],
    ['Contract 12.pdf', 'document'],
    ['archive.tar.zst', 'other'],
    ['no extension', 'other'],
  ])('%s is %s', (name, type) => {
    expect(mediaType(name)).toBe(type);
  });
});
