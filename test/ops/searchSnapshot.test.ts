/**
 * A search reads one committed state of the archive: another process that commits while it runs (an
 * import or purge from cron) is not seen by its later reads, so its total, hits and rows agree.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { searchMessages, type SearchOptions } from '../../src/ops/search.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { databasePath } from '../../src/store/paths.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const SEARCH: SearchOptions = { query: 'number', limit: 0, sort: 'newest', context: 1, fuzzy: false, today: () => '2026-01-31' };

let archive: Archive | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  archive?.db.close();
});

async function archiveOf(messages: number): Promise<Archive> {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  const file = writeExport(tmp.dir, 'WhatsApp Chat with Ana.txt', androidExport(messages));
  await importExports(archive, { paths: [file], tz: 'UTC', now: NOW, toolVersion: 'test' });
  return archive;
}

/** Runs `change` on a connection of its own just before the search's connection prepares its first statement matching `sql`. */
function changeBefore(a: Archive, sql: RegExp, change: (db: Database.Database) => void): { ran: () => boolean } {
  let ran = false;
  const prepare = a.db.prepare.bind(a.db);
  vi.spyOn(a.db, 'prepare').mockImplementation(((source: string) => {
    if (!ran && sql.test(source)) {
      ran = true;
      const other = new Database(databasePath(a.dir));
      try {
        change(other);
      } finally {
        other.close();
      }
    }
    return prepare(source);
  }) as never);
  return { ran: () => ran };
}

it('reads the rows of its hits as they were when it found them, though another process deleted them since', async () => {
  const a = await archiveOf(30);
  const before = await searchMessages(a, SEARCH);
  expect(before.total).toBe(30);

  // Between finding the hits and reading their rows, another connection deletes half of the messages and commits.
  const change = changeBefore(a, /FROM messages m JOIN chats c ON c\.id = m\.chat_id WHERE m\.id IN/, (db) => {
    db.prepare('DELETE FROM messages WHERE id % 2 = 0').run();
  });
  const during = await searchMessages(a, SEARCH);

  expect(change.ran()).toBe(true);
  expect(during.total).toBe(30);
  expect(during.results.map((r) => r.id)).toEqual(before.results.map((r) => r.id));
  expect(during.results.map((r) => r.before?.map((m) => m.id))).toEqual(before.results.map((r) => r.before?.map((m) => m.id)));
  // The next search sees the deletion.
  expect((await searchMessages(a, SEARCH)).results.map((r) => r.id)).toEqual(before.results.map((r) => r.id).filter((id) => id % 2 !== 0));
});

it('leaves no transaction open, after a search and after one that failed', async () => {
  const a = await archiveOf(5);
  await searchMessages(a, SEARCH);
  expect(a.db.inTransaction).toBe(false);
  await expect(searchMessages(a, { ...SEARCH, query: 'number', chat: 'Nobody' })).rejects.toThrow(/Nobody/);
  expect(a.db.inTransaction).toBe(false);
});
