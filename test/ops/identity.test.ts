import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { identityText } from '../../src/integrity/identityText.js';
import { identifier } from '../../src/ops/identity.js';

describe('message identity', () => {
  test('repeats of one (minute, author, text) get ordinals, in any order, and the same again in another export', () => {
    const ids = (messages: [string, string, string][]) => {
      const identify = identifier();
      return messages.map(([minute, author, text]) => identify(minute, author, 'message', text));
    };
    const one = ids([['202403141005', 'Tom', 'ok'], ['202403141006', 'Tom', 'x'], ['202403141005', 'Tom', 'ok'], ['202403141005', 'Ana', 'ok']]);
    expect(new Set(one).size).toBe(4);
    expect(one[2]).toBe(`${one[0]}.1`);
    expect(one[0]!.startsWith('202403141005')).toBe(true);
    // A later export that starts with the same messages identifies them the same way.
    const two = ids([['202403141005', 'Tom', 'ok'], ['202403141006', 'Tom', 'x'], ['202403141005', 'Tom', 'ok'], ['202403141007', 'Tom', 'new']]);
    expect(two.slice(0, 3)).toEqual(one.slice(0, 3));
  });

  test('ordinals count on past the repeat table\'s first size, the same whatever size it was given', () => {
    const messages = Array.from({ length: 6000 }, (_, i) => [`2024031410${String(i % 3).padStart(2, '0')}`, i % 4 === 0 ? 'Ana' : 'Tom', `text ${i % 1500}`] as const);
    const run = (expected: number) => {
      const identify = identifier(expected);
      return messages.map(([minute, author, text]) => identify(minute, author, 'message', text));
    };
    const small = run(0);
    expect(run(100_000)).toEqual(small);
    expect(new Set(small).size).toBe(messages.length);
    // (minute i % 3, author, text i % 1500) repeats every 1500 messages: the 4th time it has ordinal 3.
    expect(small[4500 + 7]).toBe(`${small[7]}.3`);
  });

  test('ordinals count every earlier record of the triple, with minutes in order or coming back, and identities counted as seen (property)', () => {
    const step = fc.record({ move: fc.integer({ min: -40, max: 3 }), author: fc.constantFrom('Ana', 'Tom'), text: fc.constantFrom('ok', 'yes', 'see you'), seen: fc.nat(9), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const identify = identifier(steps.length);
        const counts = new Map<string, number>();
        const made: Array<{ ident: string; triple: string }> = [];
        let minute = 0;
        for (const s of steps) {
          // Mostly forward; a negative move is a minute coming back (a day in two runs, a clock set back).
          minute = Math.max(0, s.move < -30 ? minute + s.move : minute + Math.max(0, s.move));
          const m = String(202403140000 + minute);
          if (s.seen === 0 && made.length > 0) {
            // An earlier identity counted once more without identifying a record (a day the archive holds).
            const { ident, triple } = made[s.pick % made.length]!;
            identify.seen(ident);
            counts.set(triple, counts.get(triple)! + 1);
          }
          const triple = `${m}|${s.author}|${s.text}`;
          const before = counts.get(triple) ?? 0;
          counts.set(triple, before + 1);
          const ident = identify(m, s.author, 'message', s.text);
          made.push({ ident, triple });
          expect(ident.match(/\.(\d+)$/)?.[1] ?? '0').toBe(String(before));
        }
      }),
    );
  });

  test('media and deleted messages are identified by kind, whatever the placeholder says', () => {
    expect(identityText('media', '')).toBe(identityText('media', 'caption that iOS drops'));
    expect(identityText('deleted', 'This message was deleted')).toBe(identityText('deleted', 'Diese Nachricht wurde gelöscht.'));
  });

  test("a system event's quotes, marks and Android's English \"Tap to learn more.\" do not change identity; its words do", () => {
    expect(identityText('system', '\u200EPriya Shah created group \u201COrders\u201D')).toBe(identityText('system', 'Priya Shah created group "Orders"'));
    expect(identityText('system', 'Your security code with Ravi changed. Tap to learn more.')).toBe(identityText('system', '\u200EYour security code with Ravi changed.'));
    expect(identityText('system', 'Priya Shah added Ravi')).not.toBe(identityText('system', 'Priya Shah added Tom'));
    // Only events: a message saying the same keeps its quotes.
    expect(identityText('message', '\u201COrders\u201D')).not.toBe(identityText('message', '"Orders"'));
  });

  test('invisible marks, space variants and Unicode composition do not change identity', () => {
    expect(identityText('message', '\u200Ehello\u00A0 world ')).toBe('hello world');
    expect(identityText('message', 'Cafe\u0301')).toBe(identityText('message', 'Café'));
    expect(identityText('message', 'plain text')).toBe('plain text');
  });

  test('a 10 MB message on one line gets an identity (no "Maximum call stack size exceeded")', () => {
    const long = 'word '.repeat(2_000_000) + 'end';
    expect(identityText('message', long)).toBe(long);
    expect(identityText('message', ` ${long}  x `)).toBe(`${long} x`);
  });

  test('plain ASCII is kept as it is only without edge or double spaces', () => {
    expect(identityText('message', 'ok then')).toBe('ok then');
    expect(identityText('message', ' ok  then ')).toBe('ok then');
    expect(identityText('message', '')).toBe('');
  });
});
