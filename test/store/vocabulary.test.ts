/** Search's derived data after an import: the new messages' terms added, the same as a whole rebuild. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { refreshSearchData, searchDataIsFresh } from '../../src/store/vocabulary.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { fixtureArchive } from '../helpers/fixtureArchive.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

const WORDS = ['coffee', 'tomorrow', 'café', 'kitchen', 'ok', 'naïve', 'Über', '😂', 'x'];
const text = (i: number) => ({ author: i % 2 ? 'Tom' : 'Ana', text: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} word${i % 50} new${i >= 3000 ? i : ''}` });

function derived() {
  return {
    vocabulary: archive!.db.prepare('SELECT length, terms, hex(docs) AS docs, hex(masks) AS masks FROM search_vocabulary ORDER BY length').all(),
    blocks: archive!.db.prepare('SELECT * FROM search_time_blocks ORDER BY block, chat_id').all(),
  };
}

async function importText(name: string, body: string) {
  const file = writeExport(tmp.dir, `WhatsApp Chat with ${name}.txt`, body);
  const result = await importExports(archive!, { paths: [file], chat: 'Orders', tz: 'UTC', now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return result;
}

describe('search data refresh after an import', () => {
  it('adds what the import added (new and known terms), and equals a whole rebuild', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    expect((await importText('Orders 1', androidExport(3000, 0, text))).searchData?.refresh).toBe('rebuilt');
    const second = await importText('Orders 2', androidExport(3200, 0, text));
    expect(second.imports[0]!.added).toBe(200);
    expect(second.searchData?.refresh).toBe('added');
    expect(searchDataIsFresh(archive)).toBe(true);
    const added = derived();
    expect(JSON.stringify(added.vocabulary)).toContain('new3199');

    archive.db.exec('DELETE FROM search_state');
    expect(refreshSearchData(archive.db)).toBe('rebuilt');
    expect(derived()).toEqual(added);
  });

  it('orders a bucket as a rebuild does when an import makes known terms overtake others and brings new ones', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    const times = (word: string, n: number) => Array<string>(n).fill(word);
    const first = [...times('alpha', 5), ...times('bravo', 3), ...times('gamma', 3), 'delta', 'zulus'];
    // Each of the bucket's first and last terms gains too.
    const later = [...first, ...times('delta', 10), 'gamma', 'alpha', ...times('zulus', 2), ...times('omega', 4), ...times('kappa', 2), ...times('sigma', 4)];
    const words = (list: string[]) => androidExport(list.length, 0, (i) => ({ author: 'Tom', text: list[i]! }));
    await importText('Orders 1', words(first));
    expect((await importText('Orders 2', words(later))).searchData?.refresh).toBe('added');
    const bucket = () => archive!.db.prepare('SELECT terms FROM search_vocabulary WHERE length = 5').pluck().get();
    expect(bucket()).toBe(['delta', 'alpha', 'gamma', 'omega', 'sigma', 'bravo', 'zulus', 'kappa'].join('\n'));
    const added = derived();
    archive.db.exec('DELETE FROM search_state');
    expect(refreshSearchData(archive.db)).toBe('rebuilt');
    expect(derived()).toEqual(added);
  });

  it('rebuilds whole after a deletion (a purge), and nothing is refreshed when an import adds nothing', async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    await importText('Orders 1', androidExport(3000, 0, text));
    expect((await importText('Orders 1 again', androidExport(3000, 0, text) + '\n')).searchData).toBeNull();
    archive.db.exec("INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', id, text FROM messages WHERE id <= 10; DELETE FROM messages WHERE id <= 10");
    expect(refreshSearchData(archive.db)).toBe('rebuilt');
    expect(searchDataIsFresh(archive)).toBe(true);
  });

  it("counts the messages inside the caller's transaction (a purge's), where FTS5 may not have recorded a deletion yet", async () => {
    archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    await importText('Orders 1', androidExport(3000, 0, text));
    const db = archive.db;
    const refresh = db.transaction(() => {
      // The index's change last: FTS5 records it at the next statement that writes, or at COMMIT.
      db.exec(`CREATE TEMP TABLE gone AS SELECT id, text FROM messages WHERE id <= 10; DELETE FROM messages WHERE id <= 10;
               INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', id, text FROM temp.gone`);
      return refreshSearchData(db);
    });
    expect(refresh()).toBe('rebuilt');
    const refreshed = derived();
    db.exec('DELETE FROM search_state');
    expect(refreshSearchData(db)).toBe('rebuilt');
    expect(refreshed).toEqual(derived());
  });

  it("sets the index's memory for new terms in the import that finds it unset, which refreshes the search data", async () => {
    // An archive from before the setting: setting it changes the index's version, so the search data is
    // refreshed whatever the import adds; once set, an import that adds nothing refreshes nothing.
    archive = openArchive(fixtureArchive(), { create: false, busyTimeoutMs: 1000, now: NOW });
    const setting = () => archive!.db.prepare("SELECT v FROM messages_fts_config WHERE k = 'hashsize'").pluck().get();
    expect(setting()).toBeUndefined();
    expect(searchDataIsFresh(archive)).toBe(true);
    await importText('Orders 1', androidExport(3000, 0, text));
    expect(setting()).toBe(8 * 1024 * 1024);
    expect(searchDataIsFresh(archive)).toBe(true);
    expect((await importText('Orders 1 again', androidExport(3000, 0, text) + '\n')).searchData).toBeNull();
  });
});
