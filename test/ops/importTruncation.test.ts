/**
 * An export of exactly WhatsApp's limit has probably lost its oldest messages. That is worth a warning
 * only where the archive does not already reach back that far: the monthly export of a long chat is
 * always cut, and overlaps what the earlier ones brought.
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const LIMIT = 10_000;
const CUT = /a WhatsApp export limit: its oldest messages were probably cut off/;

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

/** Imports LIMIT messages, one a minute from `startMinute` on; its warnings. */
async function importCut(name: string, startMinute: number): Promise<string[]> {
  const file = writeExport(tmp.dir, `${name}.txt`, androidExport(LIMIT, startMinute));
  const result = await importExports(archive!, { paths: [file], chat: 'Shop', tz: 'UTC', now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return result.imports[0]!.warnings;
}

it('warns of a cut export when the archive holds nothing of the chat from before it, not when it overlaps what it holds', async () => {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  // The first export of the chat: what was cut is in no export the archive has seen.
  expect((await importCut('first', 5_000)).filter((w) => CUT.test(w))).toHaveLength(1);
  // A later export, cut too, starts inside what the archive holds: nothing is lost.
  expect((await importCut('later', 8_000)).filter((w) => CUT.test(w))).toEqual([]);
  // An older export reaches back beyond the archive's oldest message: its cut part is nowhere.
  expect((await importCut('older', 0)).filter((w) => CUT.test(w))).toHaveLength(1);
  // One message short of the limit: no cut.
  const file = writeExport(tmp.dir, 'short.txt', androidExport(LIMIT - 1, 100_000));
  const other = await importExports(archive, { paths: [file], chat: 'Other', tz: 'UTC', now: NOW, toolVersion: 'test' });
  expect(other.imports[0]!.warnings.filter((w) => CUT.test(w))).toEqual([]);
});
