// Issue 12's "how to prove it": one chat exported again and again over a year, every lifecycle event in
// one archive. After each step: the message count, `verify` exit 0 and the audit log's operations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';
import { writeZip } from '../source/zipKit.js';

const pad = (n: number) => String(n).padStart(2, '0');
const CHAT = 'Dana Lee';
const NUMBER = '+44 7700 900123';
const PHOTO = 'IMG-20240110-WA0001.jpg';

/** Day `d` of 2024 (1 = 1 January) at 09:mm UTC, as an Android header. */
function android(d: number, mm: number, author: string, text: string): string {
  const t = new Date(Date.UTC(2024, 0, d, 9, mm));
  return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} - ${author}: ${text}`;
}

/** The same message as an iPhone header (seconds, brackets). */
function ios(d: number, mm: number, author: string, text: string): string {
  const t = new Date(Date.UTC(2024, 0, d, 9, mm));
  return `[${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:07] ${author}: ${text}`;
}

/**
 * The conversation: the customer writes on days 10, 11, …, the shop answers each time. Day 10's shop
 * message is a photo. `customer` is the customer's spelling in that export; `upTo` the last day exported.
 */
function conversation(upTo: number, customer: string, photo: 'omitted' | 'attached', deletedDay?: number): string[] {
  const out: string[] = [];
  for (let d = 10; d <= upTo; d += 5) {
    out.push(android(d, 0, customer, `question on day ${d}`));
    if (d === 10) out.push(android(d, 1, 'Shop', photo === 'omitted' ? '<Media omitted>' : `${PHOTO} (file attached)`));
    else if (d === deletedDay) out.push(android(d, 1, 'Shop', 'You deleted this message'));
    else out.push(android(d, 1, 'Shop', `answer on day ${d}`));
  }
  return out;
}

const text = (lines: string[]) => `${lines.join('\n')}\n`;

test('a year of exports of one chat: renamed customer, late media, deleted on the phone, two platforms, a purge, a bundle and a note', async () => {
  const dir = tempDir();
  const archive = join(dir, 'archive');
  const at = (now: string) => ({ env: { WA_ARCHIVE_NOW: now } });
  const importAt = async (now: string, ...paths: string[]) => cliJson(['--archive', archive, 'import', ...paths, '--tz', 'UTC', '--chat', CHAT], at(now));
  const count = async () => (await cliJson(['--archive', archive, 'chats'])).json.find((c: any) => c.chat === CHAT)?.messages ?? 0;
  const check = async (now: string, messages: number, operations: string[]) => {
    expect(await count()).toBe(messages);
    const verify = await cli(['--archive', archive, 'verify'], at(now));
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect((await cliJson(['--archive', archive, 'log'])).json.entries.map((e: any) => e.operation)).toEqual(operations);
  };

  // January: the customer is still an unsaved number; the photo was exported without media.
  const january = writeExport(dir, 'WhatsApp Chat with Dana.txt', text(conversation(25, NUMBER, 'omitted')));
  const first = await importAt('2024-02-01T00:00:00Z', january);
  expect(first.json.imports[0]).toMatchObject({ added: 8, duplicates: 0 });
  await check('2024-02-01T00:00:00Z', 8, ['import']);

  // March: the contact was saved; the same messages now carry the name, and February is new.
  const march = writeExport(dir, 'march.txt', text(conversation(55, CHAT, 'omitted')));
  const second = (await importAt('2024-03-01T00:00:00Z', march)).json.imports[0];
  expect(second).toMatchObject({ added: 12, aliases: [{ alias: NUMBER, author: CHAT }], missingFromExport: [] });
  expect((await cliJson(['--archive', archive, 'search', 'question', `from:${CHAT.split(' ')[0]}`, '--limit', '0'])).json.total).toBe(10);
  await check('2024-03-01T00:00:00Z', 20, ['import', 'import']);

  // A zip with the media: the January photo attaches to the message archived without it; nothing is added.
  const zip = writeZip(join(dir, 'WhatsApp Chat with Dana Lee.zip'), { 'WhatsApp Chat with Dana Lee.txt': text(conversation(55, CHAT, 'attached')), [PHOTO]: Buffer.from('jpeg bytes') });
  const third = (await importAt('2024-03-02T00:00:00Z', zip)).json.imports[0];
  expect(third).toMatchObject({ added: 0, mediaAttached: 1, missingFromExport: [] });
  const photo = (await cliJson(['--archive', archive, 'show', CHAT])).json.messages.find((m: any) => m.author === 'Shop' && m.kind === 'media');
  expect(photo.media).toEqual([expect.objectContaining({ name: PHOTO, status: 'stored' })]);
  await check('2024-03-02T00:00:00Z', 20, ['import', 'import', 'import', 'media-attached']);

  // April: the shop deleted its day-40 answer on the phone. The archive keeps it, marked; nothing new is stored for it.
  const april = writeExport(dir, 'april.txt', text(conversation(55, CHAT, 'attached', 40)));
  const fourth = (await importAt('2024-04-01T00:00:00Z', april)).json.imports[0];
  expect(fourth).toMatchObject({ added: 0, deletedLater: 1, missingFromExport: [] });
  const marked = (await cliJson(['--archive', archive, 'show', CHAT])).json.messages.filter((m: any) => m.deletedLater === true);
  expect(marked.map((m: any) => m.text)).toEqual(['answer on day 40']);
  await check('2024-04-01T00:00:00Z', 20, ['import', 'import', 'import', 'media-attached', 'import']);

  // The same chat exported from an iPhone: seconds and brackets differ, nothing is added.
  const iphone = writeExport(dir, '_chat.txt', text(conversation(55, CHAT, 'omitted').map((l) => {
    const m = /^(\d\d)\/01\/2024, 09:(\d\d) - ([^:]+): (.*)$/.exec(l) ?? /^(\d\d)\/02\/2024, 09:(\d\d) - ([^:]+): (.*)$/.exec(l);
    if (m === null) throw new Error(l);
    const day = l.includes('/02/') ? 31 + Number(m[1]) : Number(m[1]);
    return ios(day, Number(m[2]), m[3]!, m[4] === '<Media omitted>' ? '\u200Eimage omitted' : m[4]!);
  })));
  expect((await importAt('2024-04-02T00:00:00Z', iphone)).json.imports[0]).toMatchObject({ platform: 'ios', added: 0 });
  await check('2024-04-02T00:00:00Z', 20, ['import', 'import', 'import', 'media-attached', 'import', 'import']);

  // A retention of 60 days and a purge in June: everything before April goes. An older export imported then brings nothing back.
  expect((await cli(['--archive', archive, '-q', 'retention', 'set', '60d', '--force'], at('2024-06-01T00:00:00Z'))).code).toBe(0);
  expect((await cli(['--archive', archive, '-q', 'purge'], at('2024-06-01T00:00:00Z'))).code).toBe(0);
  await check('2024-06-01T00:00:00Z', 0, ['import', 'import', 'import', 'media-attached', 'import', 'import', 'retention', 'purge']);
  const older = writeExport(dir, 'older.txt', text(conversation(30, CHAT, 'omitted')));
  const again = (await importAt('2024-06-02T00:00:00Z', older)).json.imports[0];
  expect(again).toMatchObject({ added: 0, expired: 10 });

  // A folder with the exports, a note and a wa-archive bundle: the note is skipped, the bundle refused, nothing added.
  const folder = join(dir, 'downloads');
  mkdirSync(folder);
  writeExport(folder, 'notes.txt', 'call Dana back about the invoice\n');
  writeExport(folder, 'WhatsApp Chat with Dana Lee.txt', text(conversation(55, CHAT, 'omitted')));
  writeZip(join(folder, 'handover.zip'), { 'manifest.json': '{}', 'Dana Lee/chat.txt': text(conversation(55, CHAT, 'omitted')) });
  const mixed = await cliJson(['--archive', archive, 'import', folder, '--tz', 'UTC'], at('2024-06-03T00:00:00Z'));
  expect(mixed.code).toBe(1);
  expect(mixed.json.skipped).toEqual([expect.objectContaining({ source: join(folder, 'notes.txt') })]);
  expect(mixed.json.failed).toEqual([expect.objectContaining({ source: join(folder, 'handover.zip'), error: expect.stringContaining('wa-archive export bundle') })]);
  expect(mixed.json.imports.map((i: any) => i.added)).toEqual([0]);
  expect(await count()).toBe(0);
  const verify = await cli(['--archive', archive, 'verify'], at('2024-06-03T00:00:00Z'));
  expect(verify.code, verify.stdout).toBe(0);
}, 120_000);
