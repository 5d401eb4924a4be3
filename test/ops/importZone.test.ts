/**
 * Exports carry the phone's wall-clock times without a zone. Without --tz, a chat the archive has keeps the
 * zone its earlier imports read its times in, so a cron job on a machine in another zone stores the same
 * instants; a --tz that differs from it is used, and said.
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { importExports, type ImportOptions } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const ZONE_NOTE = /earlier imports read its times as/;

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

/** Imports 20 messages a minute apart from 09:00 + `startMinute` (13 Jan 2024, the phone's wall clock). */
async function importPart(name: string, startMinute: number, zone: Pick<ImportOptions, 'tz' | 'machineTz'>, chat = 'Shop') {
  const file = writeExport(tmp.dir, `${name}.txt`, androidExport(20, startMinute));
  const result = await importExports(archive!, { paths: [file], chat, now: NOW, toolVersion: 'test', ...zone });
  expect(result.failed).toEqual([]);
  return result.imports[0]!;
}

/** The instants of the chat's messages, by their wall-clock text. */
function instants(chat: string): Map<string, string> {
  const rows = archive!.db.prepare('SELECT m.local, m.ts FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.name = ?').raw().all(chat) as [string, number][];
  return new Map(rows.map(([local, ts]) => [local, new Date(ts).toISOString()]));
}

it("keeps a chat's zone when no --tz is given, and uses this machine's for a new chat", async () => {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  await importPart('first', 0, { tz: 'Europe/Berlin' });
  // The same chat from a machine in New York, without --tz: read as Berlin, like the messages before.
  const later = await importPart('later', 10, { tz: 'America/New_York', machineTz: true });
  expect(later.added).toBe(10);
  expect(later.warnings.filter((w) => ZONE_NOTE.test(w))).toEqual([]);
  const times = instants('Shop');
  expect(times.get('2024-01-13 09:00')).toBe('2024-01-13T08:00:00.000Z');
  expect(times.get('2024-01-13 09:29')).toBe('2024-01-13T08:29:00.000Z');
  // A new chat without --tz: this machine's zone.
  await importPart('other', 0, { tz: 'America/New_York', machineTz: true }, 'Other');
  expect(instants('Other').get('2024-01-13 09:00')).toBe('2024-01-13T14:00:00.000Z');
});

it('uses a --tz that differs from the chat\'s earlier zone, and says so', async () => {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  await importPart('first', 0, { tz: 'Europe/Berlin' });
  const moved = await importPart('moved', 30, { tz: 'Asia/Tokyo' });
  expect(moved.warnings.filter((w) => ZONE_NOTE.test(w))).toEqual([
    "this chat's earlier imports read its times as Europe/Berlin, this one as Asia/Tokyo (--tz), so its new messages' instants " +
      "follow Asia/Tokyo: right if the phone changed zone. Without --tz an import keeps the chat's zone.",
  ]);
  expect(instants('Shop').get('2024-01-13 09:30')).toBe('2024-01-13T00:30:00.000Z');
  // From then on, Tokyo is the chat's zone.
  const next = await importPart('next', 60, { tz: 'UTC', machineTz: true });
  expect(next.warnings.filter((w) => ZONE_NOTE.test(w))).toEqual([]);
  expect(instants('Shop').get('2024-01-13 10:00')).toBe('2024-01-13T01:00:00.000Z');
});
