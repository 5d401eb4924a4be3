import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { androidExport, writeExport, type GeneratedMessage } from '../helpers/exports.js';
import { SCHEMA_4_OBJECTS_DROPPED } from '../helpers/schema.js';

const NUMBER = '+44 7700 900123';

/** A customer chat: the customer writes every other message, the shop the rest. */
const customer = (name: string) => (i: number): GeneratedMessage => ({ author: i % 2 === 0 ? name : 'Shop', text: `message number ${i}` });

async function importJson(archive: string, file: string, ...args: string[]) {
  return (await cliJson(['--archive', archive, 'import', file, '--chat', 'Dana', ...args])).json.imports[0];
}

async function texts(archive: string) {
  return ((await cliJson(['--archive', archive, 'show', 'Dana'])).json.messages as Array<{ author: string; text: string }>);
}

describe('a renamed author', () => {
  test('an overlapping export with the saved name adds no duplicates and records the alias', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    await importJson(archive, writeExport(dir, 'one.txt', androidExport(40, 0, customer(NUMBER))));
    const second = await importJson(archive, writeExport(dir, 'two.txt', androidExport(40, 30, customer('Dana Lee'))));
    expect(second).toMatchObject({ messages: 40, added: 30, duplicates: 10, aliases: [{ alias: NUMBER, author: 'Dana Lee' }] });
    const messages = await texts(archive);
    expect(messages.map((m) => m.text)).toEqual(Array.from({ length: 70 }, (_, i) => `message number ${i}`));
    // Stored rows keep the spelling of the export they came from.
    expect(messages[38]!.author).toBe(NUMBER);
    expect(messages[40]!.author).toBe('Dana Lee');

    const hits = (await cliJson(['--archive', archive, 'search', 'message', 'from:dana', '--limit', '0'])).json;
    expect(hits.total).toBe(35);
    const stats = (await cliJson(['--archive', archive, 'stats', '--chat', 'Dana'])).json;
    expect(stats.authors).toEqual([{ author: 'Dana Lee', messages: 35 }, { author: 'Shop', messages: 35 }]);
    expect((await cli(['--archive', archive, 'verify'])).code).toBe(0);
    const log = (await cliJson(['--archive', archive, 'log'])).json.entries as Array<{ operation: string; details: any }>;
    expect(log.at(-1)).toMatchObject({ operation: 'import', details: { importId: 2, added: 30, aliases: { [NUMBER]: 'Dana Lee' } } });
    expect((await cli(['--archive', archive, 'log'])).stdout).toContain(`aliases.${NUMBER}="Dana Lee"`);
    const authors = (await cliJson(['--archive', archive, 'authors'])).json;
    expect(authors).toContainEqual(expect.objectContaining({ chat: 'Dana', author: 'Dana Lee', messages: 35, aliases: [NUMBER] }));

    // A third export in the new spelling, covering both eras, adds nothing more.
    const third = await importJson(archive, writeExport(dir, 'three.txt', androidExport(70, 0, customer('Dana Lee'))));
    expect(third).toMatchObject({ added: 0, duplicates: 70, aliases: [] });
    expect((await cli(['--archive', archive, 'verify'])).code).toBe(0);
  });

  test('two different people are not merged: the old spelling is still in the export, or the new one was already archived', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    // "Ana" and "Bea" both say the same words in the same minute; the later export lost Ana's line.
    const one = '13/01/2024, 09:00 - Ana: ok\n13/01/2024, 09:01 - Bea: hi\n13/01/2024, 09:02 - Ana: bye\n';
    const two = '13/01/2024, 09:00 - Bea: ok\n13/01/2024, 09:01 - Bea: hi\n13/01/2024, 09:02 - Ana: bye\n';
    await importJson(archive, writeExport(dir, 'one.txt', one));
    expect(await importJson(archive, writeExport(dir, 'two.txt', two))).toMatchObject({ added: 1, aliases: [] });
  });

  test('a mapping that is not one-to-one is not an alias', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    // Two numbers in the archive, one name in the export, matching messages of both.
    const one = '13/01/2024, 09:00 - +1 555 0100: ok\n13/01/2024, 09:01 - +1 555 0199: ok\n';
    const two = '13/01/2024, 09:00 - Sam: ok\n13/01/2024, 09:01 - Sam: ok\n13/01/2024, 09:02 - Sam: new\n';
    await importJson(archive, writeExport(dir, 'one.txt', one));
    expect(await importJson(archive, writeExport(dir, 'two.txt', two))).toMatchObject({ added: 3, aliases: [] });
  });
});

describe('wa-archive authors alias / unalias', () => {
  test('by hand, for what import cannot see: audited, and search and stats follow', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    await importJson(archive, writeExport(dir, 'one.txt', androidExport(6, 0, (i) => ({ author: i < 3 ? 'Dana' : 'Dana Lee', text: `note ${i}` }))));
    const run = (...argv: string[]) => cli(['--archive', archive, ...argv]);
    expect((await cliJson(['--archive', archive, 'stats'])).json.authors).toEqual([{ author: 'Dana', messages: 3 }, { author: 'Dana Lee', messages: 3 }]);

    const added = await cliJson(['--archive', archive, 'authors', 'alias', 'Dana', 'Dana Lee']);
    expect(added).toMatchObject({ code: 0, json: { chat: 'Dana', alias: 'Dana', author: 'Dana Lee', status: 'added' } });
    expect((await cliJson(['--archive', archive, 'authors', 'alias', 'Dana', 'Dana Lee'])).json.status).toBe('unchanged');
    expect((await cliJson(['--archive', archive, 'stats'])).json.authors).toEqual([{ author: 'Dana Lee', messages: 6 }]);
    expect((await cliJson(['--archive', archive, 'search', 'note', '--from', 'lee'])).json.total).toBe(6);
    expect((await run('authors')).stdout).toContain('also: "Dana"');
    // The html export shows both spellings (as exported) in one colour, on one side.
    const page = join(dir, 'chat.html');
    expect((await run('export', '--format', 'html', '--out', page)).code).toBe(0);
    const classes = [...readFileSync(page, 'utf8').matchAll(/<div class="(msg [^"]*)"[^>]*><div class="author" dir="auto">([^<]*)</g)].map((m) => `${m[2]}: ${m[1]}`);
    expect(new Set(classes)).toEqual(new Set(['Dana: msg a0', 'Dana Lee: msg a0']));

    expect((await cliJson(['--archive', archive, 'authors', 'unalias', 'Dana'])).json).toEqual({ chat: 'Dana', alias: 'Dana', author: 'Dana Lee' });
    expect((await cliJson(['--archive', archive, 'search', 'note', '--from', 'lee'])).json.total).toBe(3);
    const log = (await cliJson(['--archive', archive, 'log'])).json.entries as Array<{ operation: string; details: object }>;
    expect(log.filter((e) => e.operation === 'alias').map((e) => e.details)).toEqual([
      { chat: 'Dana', change: 'added', alias: 'Dana', author: 'Dana Lee' },
      { chat: 'Dana', change: 'removed', alias: 'Dana', author: 'Dana Lee' },
    ]);
    expect((await run('verify')).code).toBe(0);

    // Mistakes change nothing and say what to do.
    const unknown = await run('authors', 'alias', 'Dana', 'Nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"Nobody" has no messages in "Dana"\nhint: The closest: "Dana", "Dana Lee". "wa-archive authors" lists them all.');
    const notAlias = await run('authors', 'unalias', 'Dana');
    expect(notAlias.code).toBe(1);
    expect(notAlias.stderr).toContain('"Dana" is not an alias in "Dana"');
    expect((await run('authors', 'alias', 'Ghost', 'Dana')).stderr).toContain('no chat has an author "Ghost"');
  });

  test('an archive written before aliases opens, verifies, and then records them', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    await importJson(archive, writeExport(dir, 'one.txt', androidExport(20, 0, customer(NUMBER))));
    const db = new Database(join(archive, 'archive.db'));
    db.exec(SCHEMA_4_OBJECTS_DROPPED);
    db.close();
    expect((await cli(['--archive', archive, 'verify'])).code).toBe(0);
    expect(await importJson(archive, writeExport(dir, 'two.txt', androidExport(20, 10, customer('Dana Lee'))))).toMatchObject({ added: 10, duplicates: 10 });
    expect((await cli(['--archive', archive, 'verify'])).code).toBe(0);
  });
});

describe('system events', () => {
  test('the same event from an Android and an iPhone export is stored once; different events of one minute stay apart', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    const android = [
      '14/03/2024, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      '14/03/2024, 09:00 - Priya Shah created group "Orders"',
      '14/03/2024, 09:00 - Priya Shah added Ravi Kumar',
      '14/03/2024, 09:05 - Priya Shah: hello',
    ].join('\n');
    const ios = [
      '[14/03/2024, 09:00:10] Orders: \u200EMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
      '[14/03/2024, 09:00:10] Priya Shah: \u200EPriya Shah created group \u201COrders\u201D',
      '[14/03/2024, 09:00:11] Priya Shah: \u200EPriya Shah added Ravi Kumar',
      '[14/03/2024, 09:00:12] Priya Shah: \u200EPriya Shah added Tom Becker',
      '[14/03/2024, 09:05:00] Priya Shah: hello',
    ].join('\r\n');
    await importJson(archive, writeExport(dir, 'a.txt', android));
    expect(await importJson(archive, writeExport(dir, 'b.txt', ios))).toMatchObject({ platform: 'ios', added: 1, duplicates: 4 });
    const events = (await texts(archive)).filter((m) => m.author === null);
    expect(events.map((m) => m.text)).toEqual([
      expect.stringMatching(/^Messages and calls/),
      'Priya Shah created group "Orders"',
      'Priya Shah added Ravi Kumar',
      'Priya Shah added Tom Becker',
    ]);
  });
});
