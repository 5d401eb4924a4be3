/**
 * When the import writer moves committed pages into the database file: after each export, while the next
 * is read, and after the last, beside the search data's refresh, which asks for what the writer added
 * first (a call waits for everything sent before it, a checkpoint included).
 */
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { ArchiveWriter } from '../../src/store/writer.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');

let archive: Archive | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  archive?.db.close();
});

it('checkpoints between exports and after the last one, once the refresh has what the writer added', async () => {
  const steps: string[] = [];
  const record = (method: 'call' | 'checkpoint') => {
    const original = ArchiveWriter.prototype[method] as (this: ArchiveWriter, ...args: unknown[]) => unknown;
    vi.spyOn(ArchiveWriter.prototype, method).mockImplementation(function (this: ArchiveWriter, ...args: unknown[]) {
      steps.push(method === 'call' ? String(args[0]) : method);
      return original.apply(this, args);
    } as never);
  };
  record('call');
  record('checkpoint');
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  writeExport(tmp.dir, 'WhatsApp Chat with Ana.txt', androidExport(50));
  writeExport(tmp.dir, 'WhatsApp Chat with Tom.txt', androidExport(60, 0, (i) => ({ author: i % 2 ? 'Tom' : 'Priya Shah', text: `note ${i}` })));

  const result = await importExports(archive, { paths: [tmp.dir], tz: 'UTC', now: NOW, toolVersion: 'test' });

  expect(result.imports.map((i) => i.added)).toEqual([50, 60]);
  expect(result.searchData?.refresh).toBe('rebuilt');
  const commits = steps.flatMap((step, i) => (step === 'commit' ? [i] : []));
  expect(commits).toHaveLength(2);
  // One checkpoint after each commit: the first before the second export begins, the last after the
  // writer's sums were asked for.
  expect(steps.slice(commits[0]! + 1, steps.indexOf('begin', commits[0]!))).toEqual(['checkpoint']);
  expect(steps.slice(commits[1]! + 1)).toEqual(['addedRows', 'checkpoint']);
});
