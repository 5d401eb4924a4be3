import { describe, expect, test } from 'vitest';
import { identifier, identityKey, KeyTable } from '../../src/ops/identity.js';

describe('KeyTable (repeats while identifying, the export identities ExportOverlap keeps)', () => {
  test('holds what was counted, across growth, and nothing else; repeats of an identity with ordinals are told apart', () => {
    const identify = identifier();
    // (minute, author, text) repeats every 5,000 messages: the repeats get ordinals 1 to 3.
    const idents = Array.from({ length: 20_000 }, (_, i) => identify(`2024031409${String(i % 50).padStart(2, '0')}`, 'Tom', 'message', `text ${i % 5000}`));
    expect(idents.filter((ident) => ident.includes('.')).length).toBe(15_000);
    const table = new KeyTable(0);
    for (const ident of idents.slice(0, 10_000)) expect(table.next(identityKey(ident))).toBe(0);
    for (const ident of idents.slice(0, 10_000)) expect(table.has(identityKey(ident))).toBe(true);
    for (const ident of idents.slice(10_000)) expect(table.has(identityKey(ident))).toBe(false);
    expect(table.next(identityKey(idents[0]!))).toBe(1);
    expect(table.next(identityKey(idents[0]!))).toBe(2);
  });

  test('keys are non-zero and differ by ordinal', () => {
    const ident = '202403140905AbCdEfGhIjKlMnOp';
    expect(identityKey(ident)).not.toBe(0);
    expect(identityKey(`${ident}.1`)).not.toBe(identityKey(ident));
    expect(identityKey(`${ident}.2`)).not.toBe(identityKey(`${ident}.1`));
    expect(identityKey('')).toBe(1);
  });
});
