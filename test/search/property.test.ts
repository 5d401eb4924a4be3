import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseQuery, QuerySyntaxError } from '../../src/search/query.js';
import { cli } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';

/** Pieces that mean something to the query language or to FTS5, to make random queries meaner. */
const PIECES = [
  '"', '-', '*', '^', ':', '(', ')', 'OR', 'AND', 'NOT', 'NEAR(', 'NEAR', '+', '{', '}', ',', "'", '\\', '\u0000',
  'from:', 'chat:', 'after:', 'before:', 'from:"', 'from:Tom', 'chat:Shop', 'after:2024-01-13', 'before:2024-13-99',
  ' ', ' ', ' ', '\t', '\n', 'coffee', 'Café', 'ελλαδα', '今天', 'مرحبا', '\u{1F382}', '\u200e', '\u0301', 'e\u0301',
  'x*', '-x', '"a b"', 'ok', 'message', 'number',
];

const queries = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { maxLength: 10 }).map((parts) => parts.join(' ')),
);

describe('any string is a query or a clear usage error', () => {
  test('the parser only ever throws QuerySyntaxError, with a message and a hint', () => {
    fc.assert(
      fc.property(queries, (input) => {
        try {
          parseQuery(input);
        } catch (error) {
          expect(error).toBeInstanceOf(QuerySyntaxError);
          expect((error as QuerySyntaxError).message.length).toBeGreaterThan(5);
          expect((error as QuerySyntaxError).hint.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 5000 },
    );
  });

  describe('the search command', () => {
    let archive: string;
    let dir: string;
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'wa-archive-property-'));
      archive = join(dir, 'archive');
      const texts = ['coffee at the Café', 'ελλάδα', '我今天很忙', 'مرحبا', 'party \u{1F382}', 'message number', 'ok'];
      const file = writeExport(dir, 'WhatsApp Chat with Shop.txt', androidExport(40, 0, (i) => ({ author: i % 2 ? 'Tom' : 'Priya Shah', text: texts[i % texts.length]! })));
      expect((await cli(['--archive', archive, '-q', 'import', file])).code).toBe(0);
    });

    test('never crashes and never lets an SQLite error through', async () => {
      await fc.assert(
        fc.asyncProperty(queries, fc.boolean(), fc.constantFrom('relevance', 'newest', 'oldest'), async (query, fuzzy, sort) => {
          const argv = ['--archive', archive, 'search', '--sort', sort, ...(fuzzy ? ['--fuzzy'] : []), '--', query];
          const r = await cli(argv);
          expect([0, 1, 2]).toContain(r.code);
          expect(r.stderr).not.toMatch(/sqlite|fts5|syntax error|unexpected error|malformed|TypeError|RangeError/i);
          if (r.code !== 0) expect(r.stderr).toMatch(/^wa-archive: .+\n(hint: .+\n)?$/);
          if (r.code === 1) expect(r.stderr).toMatch(/^wa-archive: no (chat named|author matches) /);
        }),
        { numRuns: 400 },
      );
    }, 120_000);
  });
});

describe('newest and oldest first are exact for any import order', () => {
  test('compared with sorting every message by time', async () => {
    const exportArb = fc.record({
      chat: fc.constantFrom('A', 'B', 'C'),
      count: fc.integer({ min: 1, max: 2500 }),
      start: fc.integer({ min: -200_000, max: 200_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(exportArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 30 }), async (exports, limit) => {
        const dir = mkdtempSync(join(tmpdir(), 'wa-archive-order-'));
        try {
          await checkOrder(dir, exports, limit);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});

type ExportSpec = { chat: string; count: number; start: number };

/** Imports the exports in order, then checks newest/oldest first (all chats, and one) against a plain sort. */
async function checkOrder(dir: string, exports: ExportSpec[], limit: number): Promise<void> {
  const archive = join(dir, 'archive');
  for (const [k, e] of exports.entries()) {
    const file = writeExport(dir, `WhatsApp Chat with X${k}.txt`, androidExport(e.count, e.start, (i) => ({ author: e.chat, text: `w ${e.chat} ${i}` })));
    expect((await cli(['--archive', archive, '-q', 'import', file, '--chat', e.chat, '--tz', 'UTC', '--date-order', 'dmy'])).code).toBe(0);
  }
  const everything: { id: number; time: string; text: string }[] = [];
  for (const chat of new Set(exports.map((e) => e.chat))) {
    const r = await cli(['--archive', archive, '--json', 'show', chat]);
    everything.push(...JSON.parse(r.stdout).messages);
  }
  const byTime = (a: { id: number; time: string }, b: { id: number; time: string }) => Date.parse(a.time) - Date.parse(b.time) || a.id - b.id;
  const oldest = [...everything].sort(byTime).map((m) => m.id);
  const inChat = new Map<number, string>();
  for (const m of everything) inChat.set(m.id, m.text.split(' ')[1]!);
  for (const chat of [undefined, exports[0]!.chat]) {
    const ids = oldest.filter((id) => chat === undefined || inChat.get(id) === chat);
    for (const [sort, expected] of [['newest', [...ids].reverse()], ['oldest', ids]] as const) {
      const argv = ['--archive', archive, '--json', 'search', 'w', '--sort', sort, '--limit', String(limit), ...(chat === undefined ? [] : ['--chat', chat])];
      const json = JSON.parse((await cli(argv)).stdout);
      expect(json.results.map((m: any) => m.id)).toEqual(expected.slice(0, limit));
      expect(json.total).toBe(ids.length);
    }
  }
}
