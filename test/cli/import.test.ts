import { describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir, ROOT } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';
import { join } from 'node:path';

const SAMPLE = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');

async function importJson(archive: string, ...args: string[]) {
  return cliJson(['--archive', archive, 'import', ...args]);
}

async function showJson(archive: string, chat: string) {
  return (await cliJson(['--archive', archive, 'show', chat])).json.messages as any[];
}

describe('import', () => {
  test('imports the sample export and reports what it added', async () => {
    const archive = tempDir();
    const { code, json } = await importJson(archive, SAMPLE, '--tz', 'Europe/London');
    expect(code).toBe(0);
    expect(json.failed).toEqual([]);
    expect(json.imports).toHaveLength(1);
    const [i] = json.imports;
    expect(i).toMatchObject({ chat: 'Priya Shah', platform: 'android', messages: 18, added: 18, duplicates: 0, media: 0 });
    const messages = await showJson(archive, 'Priya Shah');
    expect(messages).toHaveLength(18);
    expect(messages[0]).toMatchObject({ author: null, kind: 'system', time: '2024-01-12T09:02:00+00:00' });
    expect(messages.filter((m) => m.kind === 'media')).toHaveLength(1);
    expect(messages.find((m) => m.kind === 'deleted')).toMatchObject({ author: 'Priya Shah' });
    expect(messages.find((m) => m.kind === 'location')).toBeDefined();
    expect(messages.find((m) => m.kind === 'call')?.text).toBe('Missed voice call');
    expect(messages.find((m) => m.edited)?.text).toBe('Received, thank you!');
    expect(messages[6].text).toBe('Invoice 4411 – walnut side table – £240.00\nBank: Example Bank, sort code 00-00-00');
  });

  test('importing the same export twice adds nothing', async () => {
    const archive = tempDir();
    await importJson(archive, SAMPLE);
    const { json } = await importJson(archive, SAMPLE);
    expect(json.imports[0]).toMatchObject({ added: 0, duplicates: 18 });
    expect(await showJson(archive, 'Priya Shah')).toHaveLength(18);
  });

  test('a later, overlapping export adds only the new messages', async () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    const first = writeExport(dir, 'WhatsApp Chat with Shop.txt', androidExport(100, 0));
    const later = writeExport(dir, 'WhatsApp Chat with Shop (1).txt', androidExport(100, 60));
    await importJson(archive, first);
    const { json } = await importJson(archive, later);
    expect(json.imports[0]).toMatchObject({ chat: 'Shop', messages: 100, added: 60, duplicates: 40 });
    expect(json.imports[0].warnings).toEqual([]);
    const messages = await showJson(archive, 'Shop');
    expect(messages.map((m) => m.text)).toEqual(Array.from({ length: 160 }, (_, i) => `message number ${i}`));
  });

  test('identical messages in the same minute are all kept, and still deduplicated on re-import', async () => {
    const dir = tempDir();
    const text = '01/02/2024, 10:00 - Tom: ok\n01/02/2024, 10:00 - Tom: ok\n01/02/2024, 10:00 - Tom: ok\n13/02/2024, 10:00 - Tom: ok\n';
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', text);
    expect((await importJson(dir, file)).json.imports[0].added).toBe(4);
    // A different file (so it is really read again) holding the same four messages and one more.
    const later = writeExport(dir, 'WhatsApp Chat with Tom (1).txt', `${text}13/02/2024, 10:01 - Tom: new\n`);
    expect((await importJson(dir, later)).json.imports[0]).toMatchObject({ added: 1, duplicates: 4 });
  });

  test('the same chat exported on Android and on iOS does not duplicate user messages', async () => {
    const dir = tempDir();
    const android = [
      '14/03/2024, 21:05 - Priya Shah: Invoice 4411 is attached',
      '14/03/2024, 21:05 - Priya Shah: <Media omitted>',
      '14/03/2024, 21:06 - Tom Becker: Thanks,',
      'paying today',
      '15/03/2024, 08:00 - Tom Becker: This message was deleted',
      '15/03/2024, 08:01 - ~\u202FAna: hello <This message was edited>',
    ].join('\n');
    const ios = [
      '[14/03/2024, 21:05:41] Priya Shah: Invoice 4411 is attached',
      '[14/03/2024, 21:05:59] Priya Shah: \u200Eimage omitted',
      '[14/03/2024, 21:06:02] Tom Becker: Thanks,',
      'paying today',
      '[15/03/2024, 08:00:13] Tom Becker: \u200EThis message was deleted.',
      '[15/03/2024, 08:01:30] ~\u202FAna: hello \u200E<This message was edited>',
      '[15/03/2024, 09:30:00] Priya Shah: only in the newer export',
    ].join('\r\n');
    await importJson(dir, writeExport(dir, 'a.txt', android), '--chat', 'Priya');
    const { json } = await importJson(dir, writeExport(dir, 'b.txt', ios), '--chat', 'Priya');
    expect(json.imports[0]).toMatchObject({ platform: 'ios', messages: 6, added: 1, duplicates: 5 });
  });

  test('the same chat exported in English and in German does not duplicate', async () => {
    const dir = tempDir();
    const en = '3/14/24, 9:05\u202FPM - Priya: Hallo\n3/14/24, 9:06\u202FPM - Priya: <Media omitted>\n3/15/24, 9:06\u202FAM - Tom: Danke\n';
    const de = '14.03.24, 21:05 - Priya: Hallo\n14.03.24, 21:06 - Priya: <Medien ausgeschlossen>\n15.03.24, 09:06 - Tom: Danke\n';
    await importJson(dir, writeExport(dir, 'en.txt', en), '--chat', 'P');
    const { json } = await importJson(dir, writeExport(dir, 'de.txt', de), '--chat', 'P');
    expect(json.imports[0]).toMatchObject({ added: 0, duplicates: 3 });
  });

  test('times are read in the --tz zone and shown with its offset', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '14/01/2024, 21:05 - Tom: winter\n14/07/2024, 21:05 - Tom: summer\n');
    await importJson(dir, file, '--tz', 'Europe/Berlin');
    const [winter, summer] = await showJson(dir, 'Tom');
    expect(winter.time).toBe('2024-01-14T21:05:00+01:00');
    expect(summer.time).toBe('2024-07-14T21:05:00+02:00');
  });

  test('the default zone is this machine\'s', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '14/01/2024, 21:05 - Tom: hi\n');
    await importJson(dir, file);
    expect((await showJson(dir, 'Tom'))[0].time).toBe('2024-01-14T21:05:00-03:00');
  });

  test('an unknown zone is a usage error', async () => {
    const dir = tempDir();
    const r = await cli(['--archive', dir, 'import', SAMPLE, '--tz', 'Mars/Olympus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-archive: unknown time zone "Mars\/Olympus"\nhint: /);
  });

  test('an undecidable day/month order fails naming --date-order and imports nothing', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '01/02/2024, 10:00 - Tom: a\n01/03/2024, 10:00 - Tom: b\n');
    const r = await cliJson(['--archive', dir, 'import', file]);
    expect(r.code).toBe(1);
    expect(r.json.failed[0].error).toMatch(/day\/month/);
    expect(r.stderr).toContain('--date-order');
    expect((await cliJson(['--archive', dir, 'chats'])).json).toEqual([]);
    const ok = await importJson(dir, file, '--date-order', 'mdy');
    expect(ok.code).toBe(0);
    expect((await showJson(dir, 'Tom'))[1].time).toMatch(/^2024-01-03T10:00/);
  });

  test('--date-order is used only where the dates cannot decide, and a contradicted one is reported', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Tom.txt', '14/02/2024, 10:00 - Tom: a\n15/02/2024, 10:00 - Tom: b\n');
    const { json } = await importJson(dir, file, '--date-order', 'mdy');
    expect(json.imports[0].warnings).toEqual(['the dates in this file can only be read as dmy, so --date-order mdy was not used']);
    expect((await showJson(dir, 'Tom'))[0].time).toMatch(/^2024-02-14T10:00/);
  });

  test('one bad export does not stop the others; the exit code is 1', async () => {
    const dir = tempDir();
    const bad = writeExport(dir, 'bad.txt', Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00]));
    const r = await importJson(join(dir, 'a'), bad, SAMPLE);
    expect(r.code).toBe(1);
    expect(r.json.imports).toHaveLength(1);
    expect(r.json.failed).toEqual([{ source: bad, error: expect.any(String), hint: expect.any(String) }]);
  });

  test('--chat overrides the name from the file', async () => {
    const dir = tempDir();
    const { json } = await importJson(dir, SAMPLE, '--chat', 'Customers/Priya');
    expect(json.imports[0].chat).toBe('Customers/Priya');
  });
});

describe('progress', () => {
  test('a big import draws a progress bar on a terminal stderr, and none with -q or off a terminal', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'WhatsApp Chat with Big.txt', androidExport(12_000));
    const tty = await cli(['--archive', join(dir, 'a'), 'import', file], { stderrTTY: true });
    expect(tty.stderr).toContain('100% 12000/12000');
    expect(tty.stderr).toContain('12000 new');
    const quiet = await cli(['--archive', join(dir, 'b'), '-q', 'import', file], { stderrTTY: true });
    expect(quiet.stderr).toBe(`Created a new archive at ${join(dir, 'b')}\n`);
    const piped = await cli(['--archive', join(dir, 'c'), 'import', file]);
    expect(piped.stderr).not.toContain('%');
  });
});

describe('import warnings', () => {
  test('an export of exactly 10,000 messages may have been cut off by WhatsApp', async () => {
    const dir = tempDir();
    const { json } = await importJson(dir, writeExport(dir, 'WhatsApp Chat with Big.txt', androidExport(10_000)));
    expect(json.imports[0].warnings.join()).toMatch(/exactly 10,000 messages/);
  });

  test('a gap between the archive and a later export is reported', async () => {
    const dir = tempDir();
    await importJson(dir, writeExport(dir, 'WhatsApp Chat with Gap.txt', androidExport(10, 0)));
    const { json } = await importJson(dir, writeExport(dir, 'WhatsApp Chat with Gap (1).txt', androidExport(10, 500)));
    expect(json.imports[0].warnings.join()).toMatch(/^gap: /);
  });

  test('a text file with no messages warns and imports nothing', async () => {
    const dir = tempDir();
    const r = await importJson(dir, writeExport(dir, 'notes.txt', 'shopping list\nmilk\n'));
    expect(r.code).toBe(0);
    expect(r.json.imports[0]).toMatchObject({ added: 0, warnings: [expect.stringMatching(/no recognisable/)] });
  });
});

describe('the full-text index', () => {
  test('is filled by import in the same transaction: every message is findable, accents folded', async () => {
    const { default: Database } = await import('better-sqlite3');
    const dir = tempDir();
    await importJson(dir, SAMPLE);
    // The second import goes through row-by-row indexing instead of the first import's rebuild.
    await importJson(dir, writeExport(dir, 'WhatsApp Chat with Zoë.txt', '14/03/2024, 09:05 - Zoë: Café crème tomorrow?\n'));
    const db = new Database(join(dir, 'archive.db'), { readonly: true });
    const find = (q: string) => db.prepare('SELECT m.text FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?').pluck().all(q);
    expect(find('walnut')).toEqual(['Hi! Do you still have the walnut side table from your Instagram post?', 'Invoice 4411 – walnut side table – £240.00\nBank: Example Bank, sort code 00-00-00']);
    expect(find('cafe creme')).toEqual(['Café crème tomorrow?']);
    // One index entry per message (the docsize shadow table has a row per indexed row).
    const counts = db.prepare('SELECT (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM messages_fts_docsize) AS f').get();
    db.close();
    expect(counts).toEqual({ m: 19, f: 19 });
  });
});
