/** Author names the way people type them (issue 13.3): exact, then ignoring case, then a unique word start or part; else the closest few. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addAlias, listAuthors, removeAlias } from '../../src/ops/authors.js';
import { OpError } from '../../src/ops/errors.js';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';

const NOW = new Date('2026-01-31T12:00:00Z');
let archive: Archive | undefined;
afterEach(() => archive?.db.close());

/** An archive with chat "Shop" written by Dana Lee, Dan Okafor and +44 7700 900123, and chat "Other" by Dana Lee. */
async function archiveOfShop(): Promise<Archive> {
  const dir = tempDir();
  archive = openArchive(path.join(dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  const authors = ['Dana Lee', 'Dan Okafor', '+44 7700 900123'];
  const shop = writeExport(dir, 'WhatsApp Chat with Shop.txt', androidExport(9, 0, (i) => ({ author: authors[i % 3]!, text: `order ${i}` })));
  const other = writeExport(dir, 'WhatsApp Chat with Other.txt', androidExport(2, 0, () => ({ author: 'Dana Lee', text: 'hello' })));
  const result = await importExports(archive, { paths: [shop, other], tz: 'UTC', now: NOW, toolVersion: 'test' });
  expect(result.failed).toEqual([]);
  return archive;
}

function failure(action: () => unknown): OpError {
  try {
    action();
  } catch (error) {
    if (error instanceof OpError) return error;
    throw error;
  }
  throw new Error('expected an OpError');
}

describe('authors alias: names as typed', () => {
  it('matches ignoring case, then by a unique word start, and names what it matched', async () => {
    const a = await archiveOfShop();
    const change = addAlias(a, { chat: 'shop', alias: '+44 7700 900123', author: 'okafor', now: NOW });
    expect(change).toEqual({ chat: 'Shop', alias: '+44 7700 900123', author: 'Dan Okafor', status: 'added' });
    expect(listAuthors(a, { chat: 'Shop' }).find((v) => v.author === 'Dan Okafor')?.aliases).toEqual(['+44 7700 900123']);
    expect(removeAlias(a, { chat: 'Shop', alias: '+44 7700', now: NOW })).toEqual({ chat: 'Shop', alias: '+44 7700 900123', author: 'Dan Okafor' });
  });

  it('an unknown name lists the closest by edit distance, not the first alphabetically', async () => {
    const a = await archiveOfShop();
    const error = failure(() => addAlias(a, { chat: 'Shop', alias: '+44 7700 900123', author: 'Dama Lee', now: NOW }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe('"Dama Lee" has no messages in "Shop"');
    expect(error.hint).toMatch(/^The closest: "Dana Lee", /);
  });

  it('an ambiguous name lists the candidates and changes nothing', async () => {
    const a = await archiveOfShop();
    const error = failure(() => addAlias(a, { chat: 'Shop', alias: 'dan', author: 'Dana Lee', now: NOW }));
    expect(error.message).toBe('more than one author in "Shop" matches "dan"');
    expect(error.hint).toContain('"Dana Lee"');
    expect(error.hint).toContain('"Dan Okafor"');
    expect(listAuthors(a, { chat: 'Shop' }).every((v) => v.aliases.length === 0)).toBe(true);
  });

  it('without --chat, the chat is the only one where the matched author writes', async () => {
    const a = await archiveOfShop();
    expect(addAlias(a, { alias: '+44 7700 900123', author: 'Dan Okafor', now: NOW }).chat).toBe('Shop');
    expect(failure(() => addAlias(a, { alias: 'dana lee', author: 'Dan Okafor', now: NOW })).message).toBe('"Dana Lee" writes in 2 chats');
    const unknown = failure(() => addAlias(a, { alias: 'Okafr', author: 'Dana Lee', now: NOW }));
    expect(unknown.message).toBe('no chat has an author "Okafr"');
    expect(unknown.hint).toMatch(/^The closest: "Dan Okafor"/);
  });
});
