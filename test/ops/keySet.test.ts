import { describe, expect, test } from 'vitest';
import { KeySet } from '../../src/ops/deletedLater.js';

describe('KeySet (the export identities ExportOverlap keeps)', () => {
  test('holds what was added, across growth, and nothing else', () => {
    const set = new KeySet(0);
    const idents = Array.from({ length: 20_000 }, (_, i) => `202403140905${String(i).padStart(16, 'x')}${i % 7 === 0 ? `.${i % 3}` : ''}`);
    for (const ident of idents.slice(0, 10_000)) set.add(ident);
    for (const ident of idents.slice(0, 10_000)) expect(set.has(ident)).toBe(true);
    for (const ident of idents.slice(10_000)) expect(set.has(ident)).toBe(false);
    expect(set.has('')).toBe(false);
  });
});
