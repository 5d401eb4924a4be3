/**
 * An export is refused, naming both ways forward (--chat), when its file-given name says another chat than
 * it is: a chat the archive has under a new name (a number saved as a contact, a group renamed), or another
 * chat with a name the archive has (two contacts saved as "Maria").
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

function open(): Archive {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  return archive;
}

/** Messages alternating between the shop and `other`, one a minute; `words` makes each text. */
const conversation = (count: number, other: string, words = (i: number) => `order ${i} is ready`) =>
  androidExport(count, 0, (i) => ({ author: i % 2 === 0 ? 'Shop' : other, text: words(i) }));

async function importFile(a: Archive, name: string, text: string, chat?: string) {
  const file = writeExport(tmp.dir, `WhatsApp Chat with ${name}.txt`, text);
  return importExports(a, { paths: [file], chat, tz: 'UTC', now: NOW, toolVersion: 'test' });
}

function chats(a: Archive): Array<[string, number]> {
  return a.db.prepare('SELECT c.name, count(m.id) FROM chats c LEFT JOIN messages m ON m.chat_id = c.id GROUP BY c.id ORDER BY c.name').raw().all() as Array<[string, number]>;
}

it('refuses a contact\'s chat exported under the name it was saved as, and adds it to that chat when told so', async () => {
  const a = open();
  await importFile(a, '+44 7700 900123', conversation(60, '+44 7700 900123'));
  const renamed = conversation(90, 'Dana Smith');

  const refused = await importFile(a, 'Dana Smith', renamed);
  expect(refused.imports).toEqual([]);
  expect(refused.failed).toHaveLength(1);
  expect(refused.failed[0]!.error).toBe('50 of its first 50 messages are already in chat "+44 7700 900123" (the same minutes and words): it looks like that chat, exported under a new name');
  expect(refused.failed[0]!.hint).toBe(
    'To add it to that chat (where renamed authors are recognised), import it with --chat "+44 7700 900123"; ' +
      'to keep it as a chat of its own, import it with --chat "Dana Smith".',
  );
  expect(chats(a)).toEqual([['+44 7700 900123', 60]]);

  const added = await importFile(a, 'Dana Smith', renamed, '+44 7700 900123');
  expect(added.imports[0]).toMatchObject({ chat: '+44 7700 900123', added: 30, duplicates: 60, aliases: [{ alias: '+44 7700 900123', author: 'Dana Smith' }] });
});

it('refuses a renamed chat whose export reaches back beyond everything the archive has, where it reaches it', async () => {
  const a = open();
  // The archive holds the contact's chat from minute 200 on (an earlier export cut shorter); the renamed
  // export starts 200 messages before. Its first 50 are no chat's; from 12:20 on they are.
  const talk = (other: string) => (i: number) => ({ author: i % 2 === 0 ? 'Shop' : other, text: `order ${i} is ready` });
  await importFile(a, '+44 7700 900123', androidExport(100, 200, talk('+44 7700 900123')));
  const refused = await importFile(a, 'Dana Smith', androidExport(300, 0, talk('Dana Smith')));
  expect(refused.failed.map((f) => f.error)).toEqual([
    '50 of its 50 messages from 2024-01-13 on are already in chat "+44 7700 900123" (the same minutes and words): it looks like that chat, exported under a new name',
  ]);
  expect(chats(a)).toEqual([['+44 7700 900123', 100]]);
  // Another chat that reaches back as far, whose later messages are its own: imported.
  expect((await importFile(a, 'Lee', androidExport(300, 0, (i) => ({ author: i % 2 === 0 ? 'Shop' : 'Lee', text: `table for ${i}` })))).failed).toEqual([]);
  expect(chats(a)).toEqual([['+44 7700 900123', 100], ['Lee', 300]]);
});

it('refuses a renamed group, and keeps it as a chat of its own when --chat names it', async () => {
  const a = open();
  const group = androidExport(40, 0, (i) => ({ author: ['Ana', 'Tom', 'Priya'][i % 3]!, text: `plans ${i}` }));
  await importFile(a, 'Family', group);
  expect((await importFile(a, 'Family 🏡', group)).failed[0]?.error).toMatch(/already in chat "Family"/);
  const own = await importFile(a, 'Family 🏡', group, 'Family 🏡');
  expect(own.failed).toEqual([]);
  expect(chats(a)).toEqual([['Family', 40], ['Family 🏡', 40]]);
});

it('imports chats that share only one author\'s messages (a broadcast list), and exports too small to tell', async () => {
  const a = open();
  const broadcast = (i: number) => `sale ${i}: 20% off this week`;
  // The shop's broadcasts reach both customers in the same minutes; their replies differ.
  await importFile(a, 'Ana', conversation(60, 'Ana', (i) => (i % 2 === 0 ? broadcast(i) : `thanks ${i}`)));
  expect((await importFile(a, 'Tom', conversation(60, 'Tom', (i) => (i % 2 === 0 ? broadcast(i) : `no thanks ${i}`)))).failed).toEqual([]);
  // Customers who never reply: every message is the same broadcast, all of one author.
  const only = androidExport(30, 0, (i) => ({ author: 'Shop', text: broadcast(i) }));
  expect((await importFile(a, 'Bo', only)).failed).toEqual([]);
  expect((await importFile(a, 'Cy', only)).failed).toEqual([]);
  // Fewer than ten messages are not compared.
  expect((await importFile(a, 'Di', conversation(9, 'Tom', (i) => (i % 2 === 0 ? broadcast(i) : `no thanks ${i}`)))).failed).toEqual([]);
  expect(chats(a).map(([name]) => name)).toEqual(['Ana', 'Bo', 'Cy', 'Di', 'Tom']);
});

it('refuses another chat with a name the archive has, and keeps a later export of the chat that lacks a few', async () => {
  const a = open();
  await importFile(a, 'Maria', conversation(60, 'Maria', (i) => `table order ${i}`));
  // Another Maria, over the same days: none of the chat's messages, all of its own new.
  const other = androidExport(60, 0, (i) => ({ author: i % 2 === 0 ? 'Shop' : 'Maria', text: `sofa delivery ${i}` }));
  const refused = await importFile(a, 'Maria', other);
  expect(refused.failed[0]?.error).toBe(
    '60 archived messages of chat "Maria" from this export\'s time span are not in it, and it has only 0 of the chat\'s messages: it looks like another chat with the same name',
  );
  expect(refused.failed[0]?.hint).toBe('To keep it as a chat of its own, import it with --chat "Maria (2)" (or another name); to add it to "Maria" all the same, import it with --chat "Maria".');
  expect(chats(a)).toEqual([['Maria', 60]]);
  expect((await importFile(a, 'Maria', other, 'Maria (2)')).failed).toEqual([]);

  // The chat's own later export, 25 of its messages deleted on the phone ("for me") and 10 new: kept.
  const later = conversation(70, 'Maria', (i) => `table order ${i}`).split('\n').filter((_, i) => i % 2 === 0 || i > 50 || i < 2).join('\n');
  const kept = await importFile(a, 'Maria', later);
  expect(kept.failed).toEqual([]);
  expect(kept.imports[0]).toMatchObject({ added: 10 });
  expect(kept.imports[0]!.missingFromExport).toHaveLength(24);
});
