import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { cli, cliJson, ROOT, tempDir } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';

const SAMPLE = join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt');
const NOW = '2025-03-01T00:00:00Z';
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];

let archive: string;
/** Runs the CLI on the test archive at NOW (or `now`). */
const run = (args: string[], now = NOW) => cli(['--archive', archive, ...args], { env: { WA_ARCHIVE_NOW: now } });
const runJson = (args: string[], now = NOW) => cliJson(['--archive', archive, ...args], { env: { WA_ARCHIVE_NOW: now } });

/** The audit entries as stored, read past the tool. */
function auditLog(): { operation: string; at: number; details: any }[] {
  const db = new Database(join(archive, 'archive.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT operation, at, details FROM audit_log ORDER BY seq').all() as { operation: string; at: number; details: string }[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) }));
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  archive = tempDir();
  // "Orders": one message on 15 June of each year, 10:00 in London (09:00 UTC).
  const orders = YEARS.map((y) => `15/06/${y}, 10:00 - Tom Becker: confidential order ${y} zebrafinch`).join('\n');
  const file = writeExport(tempDir(), 'WhatsApp Chat with Orders.txt', `${orders}\n`);
  for (const source of [file, SAMPLE]) expect((await run(['-q', 'import', source, '--tz', 'Europe/London'])).code).toBe(0);
});

describe('retention (show)', () => {
  test('with nothing set, nothing expires', async () => {
    const { code, json } = await runJson(['retention']);
    expect(code).toBe(0);
    expect(json.default).toBeNull();
    expect(json.chats.map((c: any) => [c.chat, c.period, c.source, c.cutoff, c.expired, c.next])).toEqual([
      ['Orders', null, null, null, 0, null],
      ['Priya Shah', null, null, null, 0, null],
    ]);
    expect((await run(['retention'])).stdout).toContain('Default: none');
  });

  test('shows each chat\'s period, where it comes from, what has expired and what expires next', async () => {
    expect((await run(['retention', 'set', '5y'])).code).toBe(0);
    const { json } = await runJson(['retention']);
    expect(json.now).toBe('2025-03-01T00:00:00.000Z');
    expect(json.default).toEqual({ period: '5y', presets: [] });
    const orders = json.chats.find((c: any) => c.chat === 'Orders');
    expect(orders).toEqual({
      chat: 'Orders',
      period: '5y',
      presets: [],
      source: 'default',
      cutoff: '2020-03-01T00:00:00.000Z',
      hold: null,
      expired: 1,
      next: { id: expect.any(Number), time: '2020-06-15T10:00:00+01:00', expiresAt: '2025-06-15T09:00:00.001Z' },
    });
    const human = await run(['retention']);
    expect(human.stdout).toMatch(/^Default: 5y$/m);
    expect(human.stdout).toMatch(/^Orders\s+5y\s+default\s+-\s+1\s+2020-06-15 10:00 → 2025-06-15 09:00$/m);
  });

  test('the leap day: 5 years before 29 Feb 2024 is 28 Feb 2019', async () => {
    await run(['retention', 'set', '5y'], '2024-02-29T12:00:00Z');
    const { json } = await runJson(['retention'], '2024-02-29T12:00:00Z');
    expect(json.chats[0].cutoff).toBe('2019-02-28T12:00:00.000Z');
  });
});

describe('retention set / clear', () => {
  test('shortening is refused without --force, saying how many messages it would make eligible', async () => {
    await run(['retention', 'set', '5y']);
    const entries = auditLog().length;
    const r = await run(['retention', 'set', '2y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'wa-archive: this would shorten the default retention from 5y to 2y; 3 messages would become eligible for the next purge\n' +
        'hint: Run it again with --force to shorten it (nothing is deleted before "wa-archive purge").\n',
    );
    expect((await runJson(['retention'])).json.default).toEqual({ period: '5y', presets: [] });
    expect(auditLog()).toHaveLength(entries);
  });

  test('with --force it shortens, says per chat what became eligible, and writes an audit entry without message text', async () => {
    await run(['retention', 'set', '5y']);
    const human = await run(['retention', 'set', '2y', '--force']);
    expect(human.code).toBe(0);
    expect(human.stderr).toContain('"Orders": 3 messages eligible for the next purge');
    const last = auditLog().at(-1)!;
    expect(last.operation).toBe('retention');
    expect(last.at).toBe(Date.parse(NOW));
    expect(last.details).toMatchObject({
      scope: 'default',
      action: 'set',
      old: { period: '5y', presets: [] },
      new: { period: '2y', presets: [] },
      force: true,
      shortened: true,
      eligible: [{ chat: 'Orders', messages: 3, held: false }],
    });
    const text = JSON.stringify(auditLog().filter((e) => e.operation !== 'import'));
    expect(text).not.toMatch(/zebrafinch|confidential|Lovely/);
  });

  test('--json gives the change; lengthening needs no --force', async () => {
    await run(['retention', 'set', '2y']);
    const { code, json } = await runJson(['retention', 'set', '10y']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ chat: null, old: { period: '2y' }, new: { period: '10y' }, shortened: false, status: 'applied' });
    expect(json.chats.map((c: any) => [c.chat, c.eligible])).toEqual([['Orders', 0], ['Priya Shah', 0]]);
  });

  test('a chat\'s own period: shorter than the default needs --force; clearing it falls back to the default', async () => {
    await run(['retention', 'set', '5y']);
    const refused = await run(['retention', 'set', '1y', '--chat', 'orders']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the retention of "Orders" from 5y to 1y; 4 messages would become eligible');
    const forced = await runJson(['retention', 'set', '1y', '--chat', 'orders', '--force']);
    expect(forced.json.chats).toEqual([{ chat: 'Orders', eligible: 4, held: false }]);
    let view = (await runJson(['retention'])).json.chats;
    expect(view.map((c: any) => [c.chat, c.period, c.source, c.expired])).toEqual([
      ['Orders', '1y', 'chat', 5],
      ['Priya Shah', '5y', 'default', 0],
    ]);
    const cleared = await run(['retention', 'clear', '--chat', 'Orders']);
    expect(cleared.code).toBe(0);
    view = (await runJson(['retention'])).json.chats;
    expect(view[0]).toMatchObject({ chat: 'Orders', period: '5y', source: 'default' });
    expect(auditLog().at(-1)!.details).toMatchObject({ scope: 'chat', chat: 'Orders', action: 'clear', old: { period: '1y' }, new: null });
  });

  test('clearing a chat\'s longer period in favour of a shorter default needs --force', async () => {
    await run(['retention', 'set', '1y']);
    await run(['retention', 'set', 'forever', '--chat', 'Orders']);
    const r = await run(['retention', 'clear', '--chat', 'Orders']);
    expect(r.code).toBe(1);
    expect((await run(['retention', 'clear', '--chat', 'Orders', '--force'])).code).toBe(0);
  });

  test('presets: the longest applies, and chats --json shows the period in force', async () => {
    const { json } = await runJson(['retention', 'set', '--preset', 'sec-17a-4', '--preset', 'FINRA-4511']);
    expect(json.new).toEqual({ period: '6y', presets: ['sec-17a-4', 'finra-4511'] });
    const chats = (await runJson(['chats'])).json;
    expect(chats.map((c: any) => [c.chat, c.retention, c.hold])).toEqual([['Orders', '6y', false], ['Priya Shah', '6y', false]]);
    expect((await run(['chats'])).stdout).toMatch(/^Orders\s+6\s+2019-06-15\s+2024-06-15\s+1\s+6y\s+-$/m);
  });

  test('setting the same policy again changes nothing and writes no audit entry', async () => {
    await run(['retention', 'set', '5y']);
    const entries = auditLog().length;
    const r = await run(['retention', 'set', '5Y']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('already 5y; nothing changed');
    expect(auditLog()).toHaveLength(entries);
  });

  test.each([
    [['retention', 'set', '5x'], 2, 'wa-archive: "5x" is not a retention period\n'],
    [['retention', 'set', '0d'], 2, 'wa-archive: "0d" is not a retention period\n'],
    [['retention', 'set', '--preset', 'gdpr'], 2, 'wa-archive: no preset named "gdpr"\n'],
    [['retention', 'set', '5y', '--preset', 'mifid2'], 2, 'wa-archive: give either a PERIOD or --preset\n'],
    [['retention', 'set'], 2, 'wa-archive: give either a PERIOD or --preset\n'],
    [['retention', 'set', '5y', '--chat', 'Nobody'], 1, 'wa-archive: no chat named "Nobody"\nhint: The closest: "Orders", "Priya Shah". "wa-archive chats" lists them all.\n'],
    [['retention', 'clear', '--chat', 'Nobody'], 1, 'wa-archive: no chat named "Nobody"\n'],
  ])('%j exits %i', async (args, code, stderr) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.stderr.startsWith(stderr)).toBe(true);
    expect(r.stderr).toMatch(/\nhint: /);
  });

  test('a busy archive exits 75 with nothing changed', async () => {
    const other = new Database(join(archive, 'archive.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      const r = await cli(['--archive', archive, 'retention', 'set', '5y'], { env: { WA_ARCHIVE_NOW: NOW, WA_ARCHIVE_BUSY_TIMEOUT: '50' } });
      expect(r.code).toBe(75);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect((await runJson(['retention'])).json.default).toBeNull();
  });
});

describe('retention --presets', () => {
  test('lists every preset with the rule it cites and what it covers, and says it is not legal advice', async () => {
    const r = await cli(['retention', '--presets']);
    expect(r.code).toBe(0);
    const names = ['sec-17a-4', 'finra-4511', 'sec-204-2', 'cftc-1-31', 'mifid2', 'uk-fca', 'hipaa', 'uk-company', 'uk-vat', 'de-letters', 'de-vouchers', 'de-books', 'us-irs-bad-debt'];
    for (const name of names) expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    expect(r.stdout).toMatch(/^sec-204-2\s+5y after year end\s+SEC Rule 204-2/m);
    expect(r.stdout).toMatch(/^de-letters\s+6y after year end\s+HGB § 257\(1\) Nr\. 2-3, \(4\), \(5\); AO § 147/m);
    expect(r.stdout).toMatch(/^uk-vat\s+6y\s+HMRC VAT Notice 700\/21/m);
    expect(r.stdout).toMatch(/^us-irs-bad-debt\s+7y after year end\s+IRS Publication 583/m);
    expect(r.stdout).toContain('not legal advice');
    const { json } = await cliJson(['retention', '--presets']);
    expect(json.find((p: any) => p.name === 'finra-4511')).toMatchObject({ period: '6y', fromYearEnd: false, rule: 'FINRA Rule 4511(b)' });
    expect(json.find((p: any) => p.name === 'de-books')).toMatchObject({ period: '10y', fromYearEnd: true, source: 'https://www.gesetze-im-internet.de/hgb/__257.html' });
  });
});
