/**
 * Terminal output that a message cannot take over: control characters in messages, authors, chat names
 * (from file names), hold reasons and zip entry names are shown as visible symbols in every human view,
 * never sent to the terminal raw; --json keeps the text as it is.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson, tempDir, type CliRun } from '../helpers/cli.js';
import { writeExport } from '../helpers/exports.js';
import { buildZip, patchEntry } from '../source/zipKit.js';

const ESC = '\u001b';
const BEL = '\u0007';
/** An OSC 8 hyperlink, a window-title change, a colour, a bell, a C1 CSI and a right-to-left override. */
const HOSTILE = [
  `${ESC}]8;;https://evil.example/${ESC}\\click here${ESC}]8;;${ESC}\\`,
  `${ESC}]0;owned title${BEL}`,
  `${ESC}[31mred`,
  `ring${BEL}`,
  '\u009b2J',
  'over\u202Eride',
].join(' ');
const CHAT = `Evil ${ESC}]0;title${BEL}${ESC}[31m`;
const AUTHOR = `Mal${ESC}[2Jlory`;
const REASON = `case ${ESC}]8;;https://x.example/${ESC}\\7${BEL}`;
const NOW = { WA_ARCHIVE_NOW: '2024-03-20T12:00:00Z' };

/** What a terminal would obey: controls but newline and tab, DEL, C1, bidi embeddings, overrides, isolates. */
const OBEYED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** `escape`: how the view shows ESC (log's values are JSON strings, where it is \u001b). */
function expectShownSafely(r: CliRun, code = 0, escape = '\u241B'): void {
  expect(r.code, JSON.stringify(r.stderr)).toBe(code);
  const all = r.stdout + r.stderr;
  expect(all).not.toMatch(OBEYED);
  expect(all).toContain(escape); // shown, not silently dropped
}

let dir: string;
let archive: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-archive-terminal-'));
  archive = join(dir, 'archive');
  const file = writeExport(
    dir,
    `WhatsApp Chat with ${CHAT}.txt`,
    [
      `01/02/2024, 10:00 - ${AUTHOR}: ${HOSTILE}`,
      `01/02/2024, 10:01 - Ana: a plain reply`,
      `15/03/2024, 10:02 - ${AUTHOR}: again ${ESC}]0;title${BEL} later`,
      '',
    ].join('\n'),
  );
  const imported = await cli(['--archive', archive, 'import', file, '--tz', 'UTC'], { env: NOW });
  expectShownSafely(imported);
  expect((await cli(['--archive', archive, '-q', 'retention', 'set', '30d'], { env: NOW })).code).toBe(0);
  expectShownSafely(await cli(['--archive', archive, 'hold', 'add', CHAT, '--reason', REASON], { env: NOW }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every human view shows control characters visibly', () => {
  test.each([
    ['chats', ['chats']],
    ['show', ['show', CHAT]],
    ['search', ['search', 'click']],
    ['search -C', ['search', 'reply', '-C', '1']],
    ['search, cut to an excerpt', ['search', 'later']],
    ['stats', ['stats']],
    ['stats --chat', ['stats', '--chat', CHAT]],
    ['retention', ['retention']],
    ['hold list', ['hold', 'list']],
    ['purge --dry-run', ['purge', '--dry-run']],
    ['authors', ['authors']],
    ['status', ['status']],
  ])('%s', async (_name, argv) => {
    expectShownSafely(await cli(['--archive', archive, ...argv], { env: NOW }));
  });

  test('log (its values are JSON strings: C0 controls escaped, C1 and bidi controls shown as symbols)', async () => {
    expectShownSafely(await cli(['--archive', archive, 'log']), 0, '\\u001b');
  });

  test('the text is shown in full, each control as one symbol (␛ for ESC, ␇ for BEL, � for C1 and bidi controls)', async () => {
    const r = await cli(['--archive', archive, 'show', CHAT]);
    expect(r.stdout).toContain('\u241B]8;;https://evil.example/\u241B\\click here\u241B]8;;\u241B\\ \u241B]0;owned title\u2407 \u241B[31mred ring\u2407 \uFFFD2J over\uFFFDride');
    expect(r.stdout).toContain('Mal\u241B[2Jlory: ');
  });

  test('a one-line field shows its newlines and tabs as symbols too', async () => {
    const store = join(tempDir(), 'archive');
    const file = writeExport(dir, 'WhatsApp Chat with Lines.txt', '13/02/2024, 10:00 - Ana: hello\n');
    await cli(['--archive', store, '-q', 'import', file]);
    const r = await cli(['--archive', store, 'hold', 'add', 'Lines', '--reason', `two\nlines\there${ESC}[0m`]);
    expect(r.stderr).toBe('✓ "Lines" is held: it is never purged until "wa-archive hold remove".\n');
    expect((await cli(['--archive', store, 'hold', 'list'])).stdout).toMatch(/ {2}two\u240Alines\u2409here\u241B\[0m\n$/);
  });

  test('error lines that echo a name or a zip entry', async () => {
    expectShownSafely(await cli(['--archive', archive, 'show', `nobody${ESC}]0;x${BEL}`]), 1);
    // The same byte length as the entry it replaces: a name that points outside the zip.
    const zip = patchEntry(buildZip({ '_chat.txt': '[14/03/2024, 09:05:41] A: hi\n', 'xx/evil.txt': 'pwned' }), 'xx/evil.txt', { name: `../${ESC}]0;x${BEL}.t` });
    const r = await cli(['--archive', archive, 'import', writeExport(dir, 'WhatsApp Chat - Zip.zip', zip)]);
    expectShownSafely(r, 1);
    expect(r.stderr).toContain('../\u241B]0;x\u2407.t');
  });

  test('verify names the chat of a problem safely', async () => {
    const copy = join(tempDir(), 'copy');
    await cli(['--archive', copy, '-q', 'import', join(dir, `WhatsApp Chat with ${CHAT}.txt`), '--tz', 'UTC']);
    const db = new Database(join(copy, 'archive.db'));
    db.prepare("UPDATE messages SET text = text || '!' WHERE author = 'Ana'").run();
    db.close();
    expectShownSafely(await cli(['--archive', copy, 'verify']), 3);
  });
});

describe('--json is unchanged', () => {
  test('the text as it was imported, escaped as JSON escapes it', async () => {
    const chats = await cliJson(['--archive', archive, 'chats']);
    expect(chats.json.map((c: { chat: string }) => c.chat)).toEqual([CHAT]);
    const shown = await cliJson(['--archive', archive, 'show', CHAT]);
    expect(shown.json.messages[0]).toMatchObject({ author: AUTHOR, text: HOSTILE });
  });
});
