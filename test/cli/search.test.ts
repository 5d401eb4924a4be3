import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir } from '../helpers/cli.js';
import { androidExport, writeExport, type GeneratedMessage } from '../helpers/exports.js';
import { SCHEMA_11_OBJECTS_DROPPED, SCHEMA_12_OBJECTS_DROPPED, SCHEMA_3_OBJECTS_DROPPED, SCHEMA_9_OBJECTS_DROPPED } from '../helpers/schema.js';

// One message a minute from 2024-01-13 09:00 (see androidExport), imported in Europe/Berlin (UTC+1).
const MESSAGES: GeneratedMessage[] = [
  { author: 'Priya Shah', text: 'The invoice for the sofa is attached' }, // 0
  { author: 'Tom Becker', text: 'Invoice paid in full, thanks' },
  { author: 'Priya Shah', text: 'Delivery next week, Tuesday morning' },
  { author: 'Tom Becker', text: 'Can we do pickup instead of delivery?' },
  { author: 'Ana María López', text: 'Café com leite \u2615 no café da manhã' },
  { author: 'Ana María López', text: 'Vamos a Málaga mañana' }, // 5
  { author: 'Olga Petrova', text: 'Привет! Как дела? Ёлка готова' },
  { author: 'Nikos', text: 'Καλημέρα από την Ελλάδα' },
  { author: 'Li Wei', text: '我今天很忙，明天见！' },
  { author: 'Hiroshi Tanaka', text: '東京で会いましょう' },
  { author: 'Fatima Zahra', text: 'مرحبا بالعالم' }, // 10
  { author: 'Jo \u{1F33B}', text: '\u{1F382}\u{1F389} party tonight \u{1F389}' },
  { author: 'Jo \u{1F33B}', text: 'Happy birthday!!! \u{1F382}' },
  { author: 'Tom Becker', text: 'the delivery was cancelled' },
  { author: 'Priya Shah', text: 'deliver it to the kitchen please' },
  { author: 'Tom Becker', text: 'She said "next week" again, week next' }, // 15
  { author: 'Priya Shah', text: 'kitchen kitchen kitchen' },
  { author: 'Tom Becker', text: `${'filler words go here '.repeat(30)}the kitchen tap is leaking ${'and more words after it '.repeat(30)}` },
];
const FILLER = 12;
const message = (i: number): GeneratedMessage => MESSAGES[i] ?? { author: i % 2 ? 'Tom Becker' : 'Priya Shah', text: `message number ${i}` };

let archive: string;
let ids: number[];

/** A folder kept for the whole file (tempDir() is emptied after each test), removed at its end. */
const lastingDirs: string[] = [];
const lasting = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-archive-search-'));
  lastingDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of lastingDirs) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const dir = lasting();
  archive = join(dir, 'archive');
  const main = writeExport(dir, 'WhatsApp Chat with Shop.txt', androidExport(MESSAGES.length + FILLER, 0, message));
  const orders = writeExport(dir, 'WhatsApp Chat with Orders.txt', androidExport(3, 600, (i) => ({ author: 'Corner Furniture', text: `order ${i}: one sofa, delivery friday` })));
  const r = await cli(['--archive', archive, '-q', 'import', main, orders, '--tz', 'Europe/Berlin']);
  expect(r.code).toBe(0);
  ids = (await cliJson(['--archive', archive, 'show', 'Shop'])).json.messages.map((m: any) => m.id);
});

/** The indexes (into MESSAGES) of the Shop messages a search finds, in result order. */
async function found(...argv: string[]): Promise<number[]> {
  const r = await cliJson(['--archive', archive, 'search', '--limit', '0', ...argv]);
  expect(r.code).toBe(0);
  return r.json.results.filter((x: any) => x.chat === 'Shop').map((x: any) => ids.indexOf(x.id));
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('the query language', () => {
  test.each([
    ['every word is required', ['invoice sofa'], [0]],
    ['case does not matter', ['INVOICE'], [0, 1]],
    ['"exact phrase" (not the words in another order)', ['"next week"'], [2, 15]],
    ['a OR b', ['pickup OR sofa'], [0, 3]],
    ['-word excludes', ['delivery -cancelled'], [2, 3]],
    ['-"phrase" excludes', ['week -"next week"'], []],
    ['prefix*', ['deliv*'], [2, 3, 13, 14]],
    ['from: (case- and accent-insensitive, any word of the name)', ['from:"ana maria" cafe'], [4]],
    ['from: matches any word of the name', ['from:shah deliv*'], [2, 14]],
    ['from: and --from together mean either', ['from:tom', '--from', 'Priya', 'deliv*'], [2, 3, 13, 14]],
    ['chat: (in the query)', ['chat:shop sofa'], [0]],
    ['after:/before: (local time, after = later than that minute)', ['after:"2024-01-13 09:02"', 'before:"2024-01-13 09:14"', 'deliv*'], [3, 13]],
    ['--since/--until (until includes its minute)', ['--since', '2024-01-13 09:03', '--until', '2024-01-13 09:13', 'deliv*'], [3, 13]],
    ['a query of only exclusions, with a filter', ['--from', 'Jo', '-party'], [12]],
    ['a query of only a filter', ['from:Nikos'], [7]],
  ])('%s', async (_name, argv, expected) => {
    expect(sorted(await found(...argv))).toEqual(expected);
  });

  test('a NUL in a word does not cut the search short (regression: "unterminated string")', async () => {
    expect(sorted(await found('\u0000deliv*'))).toEqual([2, 3, 13, 14]);
  });

  test('NEAR(, ^, : and AND are just text', async () => {
    expect(sorted(await found('NEAR(invoice sofa)'))).toEqual([]); // looks for the word "near" too
    expect(sorted(await found('invoice^sofa'))).toEqual([]); // the phrase "invoice sofa"
    expect(sorted(await found('invoice: sofa'))).toEqual([0]);
  });
});

describe('accents and scripts', () => {
  test.each([
    ['cafe finds Café and café', 'cafe', [4]],
    ['accents in the query match too', 'MÁLAGA manana', [5]],
    ['Cyrillic', 'привет', [6]],
    ['Cyrillic without ё', 'елка', [6]],
    ['Greek with accents', 'Ελλάδα', [7]],
    ['Greek without accents', 'ελλαδα καλημερα', [7]],
    ['Chinese inside a run of text', '今天', [8]],
    ['Chinese, a whole run', '明天见', [8]],
    ['Japanese inside a run', '東京', [9]],
    ['Arabic', 'مرحبا', [10]],
    ['an emoji', '\u{1F382}', [11, 12]],
    ['an emoji and a word', '\u{1F382} party', [11]],
    ['words beside emoji', 'tonight', [11]],
  ])('%s', async (_name, query, expected) => {
    expect(sorted(await found(query))).toEqual(expected);
  });
});

describe('results', () => {
  test('--json has the contract fields, times with the zone offset', async () => {
    const { json } = await cliJson(['--archive', archive, 'search', 'invoice sofa']);
    expect(json).toEqual({
      query: 'invoice sofa',
      total: 1,
      results: [
        { id: ids[0], chat: 'Shop', time: '2024-01-13T09:00:00+01:00', author: 'Priya Shah', text: MESSAGES[0]!.text, kind: 'message', media: [], score: expect.any(Number) },
      ],
    });
  });

  test('relevance: more of the word in a shorter message first, ties newest first', async () => {
    expect(await found('kitchen')).toEqual([16, 14, 17]);
    const ties = await found('message number');
    expect(ties.length).toBe(FILLER);
    expect(ties).toEqual([...ties].sort((a, b) => b - a));
  });

  test('--sort newest / oldest, --limit', async () => {
    expect(await found('deliv*', '--sort', 'newest')).toEqual([14, 13, 3, 2]);
    expect(await found('deliv*', '--sort', 'oldest')).toEqual([2, 3, 13, 14]);
    const { json } = await cliJson(['--archive', archive, 'search', 'deliv*', '--sort', 'newest', '--limit', '2']);
    expect(json.total).toBe(7); // 4 in Shop, 3 in Orders
    expect(json.results.map((r: any) => r.chat)).toEqual(['Orders', 'Orders']);
    expect(json.results.every((r: any) => r.score === null)).toBe(true);
  });

  test('-C N adds the messages before and after; show --around takes the same ids', async () => {
    const { json } = await cliJson(['--archive', archive, 'search', 'sofa', '--chat', 'shop', '-C', '2']);
    expect(json.results).toHaveLength(1);
    const [hit] = json.results;
    expect(hit.before).toEqual([]);
    expect(hit.after.map((m: any) => m.id)).toEqual([ids[1], ids[2]]);
    expect(Object.keys(hit.after[0]).sort()).toEqual(['author', 'id', 'kind', 'media', 'text', 'time']);
    const middle = (await cliJson(['--archive', archive, 'search', 'pickup', '-C', '1'])).json.results[0];
    expect(middle.before.map((m: any) => m.id)).toEqual([ids[2]]);
    const shown = await cliJson(['--archive', archive, 'show', middle.chat, '--around', String(middle.id), '-C', '1']);
    expect(shown.json.messages.map((m: any) => m.id)).toEqual([middle.before[0].id, middle.id, middle.after[0].id]);
  });

  test('human output: chat, local time, author, id; matches highlighted; total on stderr', async () => {
    const r = await cli(['--archive', archive, 'search', 'cafe'], { env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toBe(`Shop  2024-01-13 09:04  Ana María López  #${ids[4]}\n  Café com leite \u2615 no café da manhã\n`);
    expect(r.stdout).toContain('\x1b[1m\x1b[33mCafé\x1b[39m\x1b[22m');
    expect(r.stdout).toContain('\x1b[1m\x1b[33mcafé\x1b[39m\x1b[22m');
    expect(r.stderr).toBe('1 message\n');
    expect((await cli(['--archive', archive, 'search', 'cafe'])).stdout).not.toContain('\x1b[');
    expect((await cli(['--archive', archive, '-q', 'search', 'cafe'])).stderr).toBe('');
  });

  test('a long text is cut around the match', async () => {
    const r = await cli(['--archive', archive, 'search', 'leaking']);
    const body = r.stdout.split('\n')[1]!;
    expect(body).toMatch(/^ {2}….* the kitchen tap is leaking .*…$/);
    expect(body.length).toBeLessThan(320);
  });

  test('-C in human output marks the hit among its neighbours', async () => {
    const r = await cli(['--archive', archive, 'search', 'pickup', '-C', '1']);
    expect(r.stdout.split('\n')).toEqual([
      `Shop  #${ids[3]}`,
      `  2024-01-13 09:02  Priya Shah: ${MESSAGES[2]!.text}`,
      `▶ 2024-01-13 09:03  Tom Becker: ${MESSAGES[3]!.text}`,
      `  2024-01-13 09:04  Ana María López: ${MESSAGES[4]!.text}`,
      '',
    ]);
  });

  test('no hits is a success with a total line; a likelier spelling is suggested', async () => {
    const none = await cli(['--archive', archive, 'search', 'zebra']);
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'No messages match.\n' });
    const typo = await cli(['--archive', archive, 'search', 'kitchn', 'tap']);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toBe('No messages match. Did you mean: kitchen tap ?\n');
    // A correction that is already a word of the query is not said twice.
    const twice = await cli(['--archive', archive, 'search', 'kitchn', 'Kitchen', 'leakng', 'kitchn']);
    expect(twice.stderr).toBe('No messages match. Did you mean: kitchen leaking ?\n');
    const json = await cliJson(['--archive', archive, 'search', 'kitchn']);
    expect(json.json).toEqual({ query: 'kitchn', total: 0, results: [] });
  });

  test('--fuzzy searches the near spellings and says which', async () => {
    const r = await cli(['--archive', archive, 'search', 'kitchn', '--fuzzy']);
    expect(r.stderr).toBe('fuzzy: kitchn → kitchen\n3 messages\n');
    expect(sorted(await found('kitchn', '--fuzzy'))).toEqual([14, 16, 17]);
    expect(await found('"kitchn"', '--fuzzy')).toEqual([]); // a quoted word is exact
  });
});

describe('errors', () => {
  test.each([
    [['"unclosed'], 2, 'wa-archive: the query has an unclosed quote (")\nhint: Close the phrase with a second ", or leave the quote out.\n'],
    [['-'], 2, /^wa-archive: a "-" in the query is not followed by a word\nhint: /],
    [['OR', 'x'], 2, /^wa-archive: OR must stand between two words or phrases\nhint: /],
    [['*'], 2, /^wa-archive: a "\*" in the query does not follow a word\n/],
    [['^'], 2, /^wa-archive: the query has nothing to search for\n/],
    [['-sofa'], 2, /^wa-archive: the query only excludes words\n/],
    [['x'.repeat(10_000)], 2, /^wa-archive: the query is too long \(10,000 characters; at most 1,000\)\n/],
    [['after:yesterday', 'x'], 2, /^wa-archive: after:yesterday is not a date\nhint: Write dates as YYYY-MM-DD/],
    [['x', '--since', '2024-13-01'], 2, /^wa-archive: --since "2024-13-01" is not a date\n/],
    [['x', '--sort', 'best'], 2, /^wa-archive: option '--sort <order>' argument 'best' is invalid/],
    [['x', '--limit', '-1'], 2, /^wa-archive: /],
    [['x', '-C', '1001'], 2, /^wa-archive: option '-C, --context <n>' argument '1001' is invalid\. expected at most 1,000 messages of context\.\nhint: /],
    [['x', '--frm', 'tom'], 2, /^wa-archive: unknown option '--frm'\nhint: /],
    [['sofa', '--chat', 'Nobody'], 1, /^wa-archive: no chat named "Nobody"\nhint: The closest: "Shop", "Orders"\./],
    [['chat:Nobody', 'sofa'], 1, /^wa-archive: no chat named "Nobody"\n/],
    [['from:zelda', 'sofa'], 1, /^wa-archive: no author matches "zelda"\nhint: The closest: "[^"]+"/],
    [['from:riya', 'sofa'], 1, /^wa-archive: no author matches "riya"\n/], // names match at word starts
  ])('%# %$', async (argv, code, stderr) => {
    const r = await cli(['--archive', archive, 'search', ...argv]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
  });

  test('a missing archive says to import first', async () => {
    const r = await cli(['--archive', join(tempDir(), 'none'), 'search', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wa-archive: no archive at .*\nhint: Run "wa-archive import/);
  });
});

describe('the vocabulary behind suggestions follows the messages', () => {
  test('a word is suggested once an import adds it, and never after it is gone', async () => {
    const dir = tempDir();
    const store = join(dir, 'archive');
    const first = writeExport(dir, 'WhatsApp Chat with Trip.txt', androidExport(5, 0, (i) => ({ author: 'Sam', text: `plans for day ${i}` })));
    await cli(['--archive', store, '-q', 'import', first]);
    expect((await cli(['--archive', store, 'search', 'zanzibr'])).stderr).toBe('No messages match.\n');

    // A later export of the same chat with one new message.
    const later = writeExport(dir, 'WhatsApp Chat with Trip 2.txt', androidExport(6, 0, (i) => ({ author: 'Sam', text: i === 5 ? 'flights to zanzibar booked' : `plans for day ${i}` })));
    await cli(['--archive', store, '-q', 'import', later, '--chat', 'Trip']);
    expect((await cli(['--archive', store, 'search', 'zanzibr'])).stderr).toBe('No messages match. Did you mean: zanzibar ?\n');

    // The message goes (as a purge would remove it) without the vocabulary being rebuilt: the stale
    // vocabulary is noticed and not used, so the gone word is not suggested.
    const db = new Database(join(store, 'archive.db'));
    const row = db.prepare("SELECT id, text FROM messages WHERE text LIKE '%zanzibar%'").get() as { id: number; text: string };
    db.prepare("INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?, ?)").run(row.id, row.text);
    db.prepare('DELETE FROM messages WHERE id = ?').run(row.id);
    // And a message arrives the same way: found, and its word suggested, before any rebuild.
    const id = Number(db.prepare("INSERT INTO messages (chat_id, import_id, ident, ts, local, author, kind, text, edited, original) SELECT chat_id, import_id, 'x', ts + 1, local, author, kind, 'a quokka smiled', 0, '' FROM messages LIMIT 1").run().lastInsertRowid);
    db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)').run(id, 'a quokka smiled');
    db.close();
    expect((await cli(['--archive', store, 'search', 'zanzibr'])).stderr).toBe('No messages match.\n');
    expect((await cliJson(['--archive', store, 'search', 'quokka'])).json.total).toBe(1);
    expect((await cli(['--archive', store, 'search', 'quokkx'])).stderr).toBe('No messages match. Did you mean: quokka ?\n');
  });
});

describe('search data left stale by a run stopped after its commit', () => {
  test('verify says how to repair it, and importing the same export again does', async () => {
    const dir = tempDir();
    const store = join(dir, 'archive');
    const file = writeExport(dir, 'WhatsApp Chat with Trip.txt', androidExport(5, 0, (i) => ({ author: 'Sam', text: `plans for zanzibar ${i}` })));
    await cli(['--archive', store, '-q', 'import', file]);
    // As if the run had been killed between the import's commit and the search data's refresh.
    const db = new Database(join(store, 'archive.db'));
    db.exec('DELETE FROM search_state');
    db.close();
    const stale = await cli(['--archive', store, 'verify']);
    expect(stale.code).toBe(3);
    expect(stale.stdout).toMatch(/out of date; importing any export again, even one already imported, rebuilds it/);

    expect((await cli(['--archive', store, '-q', 'import', file])).code).toBe(0);
    expect((await cli(['--archive', store, '-q', 'verify'])).code).toBe(0);
    expect((await cli(['--archive', store, 'search', 'zanzibr'])).stderr).toBe('No messages match. Did you mean: zanzibar ?\n');
  });
});

describe('an archive from before search (schema 1)', () => {
  test('searches work at once, without the derived data, and it is built at the next import', async () => {
    const dir = tempDir();
    const store = join(dir, 'archive');
    const file = writeExport(dir, 'WhatsApp Chat with Old.txt', androidExport(30, 0, (i) => ({ author: 'Sam', text: `kitchen plans ${i}` })));
    await cli(['--archive', store, '-q', 'import', file]);
    const db = new Database(join(store, 'archive.db'));
    db.exec(SCHEMA_3_OBJECTS_DROPPED);
    db.exec('DROP TABLE search_vocabulary; DROP TABLE search_time_blocks; DROP TABLE search_state; PRAGMA user_version = 1;');
    db.close();

    expect((await cliJson(['--archive', store, 'search', 'kitchen', '--sort', 'newest', '--limit', '2'])).json.results.map((r: any) => r.text)).toEqual([
      'kitchen plans 29',
      'kitchen plans 28',
    ]);
    expect((await cli(['--archive', store, 'search', 'kitchn'])).stderr).toBe('No messages match. Did you mean: kitchen ?\n');
    const state = () => countIn(store, 'SELECT count(*) FROM search_state');
    expect(state()).toBe(0); // migrated (tables made), not yet built: a search never writes

    const later = writeExport(dir, 'WhatsApp Chat with Old 2.txt', androidExport(31, 0, (i) => ({ author: 'Sam', text: `kitchen plans ${i}` })));
    await cli(['--archive', store, '-q', 'import', later, '--chat', 'Old']);
    expect(state()).toBe(1);
    expect((await cliJson(['--archive', store, 'search', 'kitchen'])).json.total).toBe(31);
  });
});

/**
 * An archive of `messages` messages, its answers to a few searches (relevance, newest and oldest first),
 * and then turned back to an older schema by `drop` (SQL). `answers` asks again, one search at a time.
 */
async function downgraded(messages: number, drop: string) {
  const dir = tempDir();
  const store = join(dir, 'archive');
  const file = writeExport(dir, 'WhatsApp Chat with Times.txt', androidExport(messages, 0, (i) => ({ author: 'Sam', text: `kitchen ${i % 3 === 0 ? 'kitchen ' : ''}plans for ${i}` })));
  await cli(['--archive', store, '-q', 'import', file]);
  const answers = async () => {
    const all = [];
    for (const q of [['kitchen'], ['kitchen', '--sort', 'newest', '--limit', '5'], ['plans', '--sort', 'oldest', '--limit', '3']]) {
      all.push((await cliJson(['--archive', store, 'search', ...q])).json);
    }
    return all;
  };
  const before = await answers();
  const db = new Database(join(store, 'archive.db'));
  const vocabulary = db.prepare('SELECT * FROM search_vocabulary ORDER BY length').all();
  db.exec(drop);
  db.close();
  return { store, file, before, answers, vocabulary };
}

/** What `sql` counts in the archive, read on a connection of its own. */
function countIn(store: string, sql: string): unknown {
  const check = new Database(join(store, 'archive.db'), { readonly: true });
  try {
    return check.prepare(sql).pluck().get();
  } finally {
    check.close();
  }
}

describe('an archive from before the index of times by id (schema 8)', () => {
  test('a search upgrades it and finds and orders exactly as before', async () => {
    const { store, before, answers } = await downgraded(40, SCHEMA_9_OBJECTS_DROPPED);
    expect(await answers()).toEqual(before);
    expect(countIn(store, "SELECT count(*) FROM sqlite_schema WHERE name = 'messages_id_ts'")).toBe(1);
  });
});

describe('an archive from before the runs of the time blocks (schema 10)', () => {
  test('searches find and order exactly as before, verify passes, and importing any export again cuts the runs', async () => {
    const { store, file, before, answers } = await downgraded(1500, SCHEMA_11_OBJECTS_DROPPED);
    expect(await answers()).toEqual(before);
    expect(countIn(store, 'SELECT count(*) FROM search_time_runs')).toBe(0); // upgraded by the search, not cut: a search never writes derived data
    expect((await cli(['--archive', store, '-q', 'verify'])).code).toBe(0);
    expect((await cli(['--archive', store, '-q', 'import', file])).code).toBe(0);
    expect(countIn(store, 'SELECT count(*) FROM search_time_runs')).toBe(1);
    expect(await answers()).toEqual(before);
  });
});

describe('an archive from before numbers were kept apart in the vocabulary (schema 11)', () => {
  test('a search upgrades it to the vocabulary an import stores now, and finds exactly as before', async () => {
    const { store, before, answers, vocabulary } = await downgraded(1500, SCHEMA_12_OBJECTS_DROPPED);
    expect(countIn(store, 'SELECT count(*) FROM search_vocabulary WHERE length < 0')).toBe(0);
    expect(await answers()).toEqual(before);
    // Numbers were moved out of buckets that keep other terms too, and out of buckets of numbers alone.
    expect(countIn(store, 'SELECT count(*) FROM search_vocabulary n JOIN search_vocabulary w ON w.length = -n.length')).toBeGreaterThan(0);
    expect(countIn(store, 'SELECT count(*) FROM search_vocabulary n WHERE length < 0 AND NOT EXISTS (SELECT 1 FROM search_vocabulary WHERE length = -n.length)')).toBeGreaterThan(0);
    const check = new Database(join(store, 'archive.db'), { readonly: true });
    expect(check.prepare('SELECT * FROM search_vocabulary ORDER BY length').all()).toEqual(vocabulary);
    check.close();
    // A number short enough to be counted from the vocabulary, and a typo near a word.
    expect((await cliJson(['--archive', store, 'search', '123'])).json.total).toBe(1);
    expect((await cliJson(['--archive', store, 'search', 'plams', '--fuzzy'])).json.total).toBe(1500);
  });
});

describe('CJK words inside many different runs', () => {
  test('beyond 500 runs that contain the word, every message is read for it instead: same results', async () => {
    const dir = tempDir();
    const store = join(dir, 'archive');
    // 600 distinct runs holding 今天 (one index term each), and 5 without it.
    const file = writeExport(dir, 'WhatsApp Chat with Li.txt', androidExport(605, 0, (i) => ({ author: 'Li', text: i < 600 ? `我今天${String.fromCodePoint(0x4e00 + i)}` : `明天${i}` })));
    expect((await cli(['--archive', store, '-q', 'import', file])).code).toBe(0);
    const many = await cliJson(['--archive', store, 'search', '今天', '--limit', '0']);
    expect(many.json.total).toBe(600);
    expect(many.json.results.every((r: any) => r.text.includes('今天'))).toBe(true);
    const few = await cliJson(['--archive', store, 'search', `今天${String.fromCodePoint(0x4e00 + 7)}`]);
    expect(few.json.results.map((r: any) => r.text)).toEqual([`我今天${String.fromCodePoint(0x4e00 + 7)}`]);
  });
});

describe('time order and ranking over many messages', () => {
  let store: string;
  beforeAll(async () => {
    const dir = lasting();
    store = join(dir, 'archive');
    // Imported newest first: chat Late (2024) first, then chat Early (an older year, more than a time
    // block of ids), then an older part of Late itself: ids are far from time order.
    const late = writeExport(dir, 'WhatsApp Chat with Late.txt', androidExport(1500, 0, (i) => ({ author: 'A', text: `ok late ${i}` })));
    const early = writeExport(dir, 'WhatsApp Chat with Early.txt', androidExport(3000, -600_000, (i) => ({ author: 'B', text: `ok early ${i}` })));
    const lateOld = writeExport(dir, 'WhatsApp Chat with Late old.txt', androidExport(2000, -300_000, (i) => ({ author: 'A', text: `ok old ${i}` })));
    for (const [file, chat] of [[late, 'Late'], [early, 'Early'], [lateOld, 'Late']] as const) {
      expect((await cli(['--archive', store, '-q', 'import', file, '--chat', chat, '--tz', 'UTC'])).code).toBe(0);
    }
  }, 60_000);

  const texts = async (...argv: string[]) => (await cliJson(['--archive', store, 'search', ...argv])).json;

  test('newest and oldest first are exact whatever the import order', async () => {
    expect((await texts('ok', '--sort', 'newest', '--limit', '3')).results.map((r: any) => r.text)).toEqual(['ok late 1499', 'ok late 1498', 'ok late 1497']);
    expect((await texts('ok', '--sort', 'oldest', '--limit', '2')).results.map((r: any) => r.text)).toEqual(['ok early -600000', 'ok early -599999']);
    expect((await texts('ok', '--chat', 'Late', '--sort', 'oldest', '--limit', '1')).results.map((r: any) => r.text)).toEqual(['ok old -300000']);
    const all = await texts('ok', '--sort', 'newest', '--limit', '0');
    expect(all.total).toBe(6500);
    const times = all.results.map((r: any) => Date.parse(r.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  // 3,000 ties reach past what the ranking reads beyond the limit (store/searchRank.ts TIES_READ), 100 end within it.
  test.each([3000, 100])('newest and oldest first, and ties in relevance, are exact when an export itself is out of time order (%i ties)', async (n) => {
    const dir = tempDir();
    const odd = join(dir, 'archive');
    // n messages a minute apart, except one far in the future and the last one far in the past.
    const base = androidExport(n, 0, (i) => ({ author: 'C', text: `odd ${i}` })).trimEnd().split('\n');
    const future = n - 500 > 0 ? n - 500 : 50;
    base[future] = base[future]!.replace(/^\d\d\/\d\d\/\d{4}/, '01/01/2030');
    base[n - 1] = base[n - 1]!.replace(/^\d\d\/\d\d\/\d{4}/, '01/01/2020');
    const file = writeExport(dir, 'WhatsApp Chat with Odd.txt', `${base.join('\n')}\n`);
    expect((await cli(['--archive', odd, '-q', 'import', file, '--tz', 'UTC'])).code).toBe(0);
    const first = async (sort: string) => (await cliJson(['--archive', odd, 'search', 'odd', '--sort', sort, '--limit', '2'])).json.results.map((r: any) => r.text);
    expect(await first('newest')).toEqual([`odd ${future}`, `odd ${n - 2}`]);
    expect(await first('oldest')).toEqual([`odd ${n - 1}`, 'odd 0']);
    // Every "odd N" ranks the same: relevance takes the newest of the ties.
    expect(await first('relevance')).toEqual([`odd ${future}`, `odd ${n - 2}`]);
  });

  test('a chat filter counts and finds exactly, whether other chats sit between its messages or not', async () => {
    const late = await texts('ok', '--chat', 'Late', '--sort', 'newest', '--limit', '1');
    expect([late.total, late.results[0].text]).toEqual([3500, 'ok late 1499']);
    const early = await texts('ok', '--chat', 'Early', '--sort', 'newest', '--limit', '1');
    expect([early.total, early.results[0].text]).toEqual([3000, 'ok early -597001']);
    expect((await texts('ok', 'chat:Early', '--limit', '0')).results.every((r: any) => r.chat === 'Early')).toBe(true);
    expect((await texts('old', '--chat', 'Early')).total).toBe(0);
    expect((await texts('old', '--chat', 'Late')).total).toBe(2000);
  });

  test('a word in more than 5,000 messages is ranked among its newest 1,000', async () => {
    const r = await cli(['--archive', store, 'search', 'ok']);
    expect(r.stderr).toBe('20 of 6,500 messages (the newest 1,000 ranked by relevance)\n');
    const { json } = await cliJson(['--archive', store, 'search', 'ok']);
    const newest = (await texts('ok', '--sort', 'newest', '--limit', '1000')).results.map((x: any) => x.id);
    expect(json.results.every((x: any) => newest.includes(x.id))).toBe(true);
    expect(json.results.every((x: any) => typeof x.score === 'number')).toBe(true);
  });
});

describe('attachment file names, singular and plural (issue 13.3)', () => {
  const TEXTS = [
    'IMG-20240101-WA0001.jpg (file attached)',
    'invoice.pdf (file attached)\nthe one for March',
    'two croissants please',
    'one croissant then',
    'all the invoices are paid',
    'Old-Invoice.PDF (file attached)',
  ];
  let bakery: string;
  let bakeryIds: number[];
  beforeAll(async () => {
    const dir = lasting();
    bakery = join(dir, 'archive');
    const path = writeExport(dir, 'WhatsApp Chat with Bakery.txt', androidExport(TEXTS.length, 0, (i) => ({ author: 'Priya Shah', text: TEXTS[i]! })));
    expect((await cli(['--archive', bakery, '-q', 'import', path, '--tz', 'Europe/Berlin'])).code).toBe(0);
    bakeryIds = (await cliJson(['--archive', bakery, 'show', 'Bakery'])).json.messages.map((m: any) => m.id);
  });
  const hits = async (...argv: string[]) => {
    const r = await cliJson(['--archive', bakery, 'search', '--limit', '0', ...argv]);
    expect(r.code).toBe(0);
    return sorted(r.json.results.map((x: any) => bakeryIds.indexOf(x.id)));
  };

  test.each([
    ["WhatsApp's own name, without its extension", 'IMG-20240101-WA0001', [0]],
    ['a name with its extension, in any case', 'img-20240101-wa0001.JPG', [0]],
    ['part of a name', 'invoice.pdf', [1, 5]],
    ['a plural finds the singular', 'croissants', [2, 3]],
    ['a singular finds the plural', 'croissant', [2, 3]],
    ['the plural alone is in the text', 'invoice', [4]],
    ['a quoted word is exact', '"croissant"', [3]],
  ])('%s: %s', async (_name, query, expected) => {
    expect(await hits(query)).toEqual(expected);
  });

  test('an attachment name is counted and found newest first too, and can be excluded', async () => {
    expect(await hits('invoice.pdf', '--sort', 'newest')).toEqual([1, 5]);
    expect(await hits('from:priya', '-invoice.pdf', '-IMG-20240101-WA0001.jpg')).toEqual([2, 3, 4]);
  });
});

describe('a media-only message (issue 13.4)', () => {
  test('search and search -C show it as show does, and --json gives its media with a status', async () => {
    const archive = join(tempDir(), 'archive');
    expect((await cli(['--archive', archive, '-q', 'import', join(import.meta.dirname, '../../fixtures/sample')])).code).toBe(0);
    const shown = (await cli(['--archive', archive, 'show', 'Orders'])).stdout;
    const label = '[media: 00000004-price-list.txt]';
    expect(shown).toContain(`Corner Furniture: ${label}`);
    expect(shown).toContain('Tom Becker: [media not exported]');
    const around = (await cli(['--archive', archive, 'search', 'welcome', '-C', '2'])).stdout;
    expect(around).toContain(`Corner Furniture: ${label}\n`);
    expect(around).toContain('Tom Becker: Thanks.');
    expect((await cli(['--archive', archive, 'search', 'price-list.txt'])).stdout).toContain(`\n  ${label}\n`);
    const json = (await cliJson(['--archive', archive, 'search', 'welcome', '-C', '1'])).json.results[0];
    expect(json.media).toEqual([]);
    expect(json.after[0].media).toEqual([expect.objectContaining({ name: '00000004-price-list.txt', status: 'stored', size: 78 })]);
  });
});
