import { describe, expect, test } from 'vitest';
import { readAuditRecord, readableRecords, UnreadableEntry } from '../../src/integrity/auditRead.js';

const hold = JSON.stringify({ chat: 'Dana', action: 'add', reason: 'case 1', previousReason: null });

describe('reading an audit entry back as its kind', () => {
  test('gives the operation with its details as written', () => {
    expect(readAuditRecord('hold', hold)).toEqual({ operation: 'hold', details: JSON.parse(hold) });
  });

  test('an operation this version does not know (a later one wrote it) has nothing to check: null', () => {
    expect(readAuditRecord('compact', '{"pages":3}')).toBeNull();
    expect(readAuditRecord('toString', '{}')).toBeNull();
  });

  test.each([
    ['not JSON', 'hold', '{"chat":'],
    ['not an object', 'hold', '[1]'],
    ['a field of the wrong type', 'purge', JSON.stringify({ now: 'x', dryRun: false, total: 1, chats: [], held: [], removed: [{ importId: '1', messages: 1, digest: 'd' }] })],
    ['a field missing', 'upgrade', JSON.stringify({ reason: 'x' })],
    ['a retention without its new policy', 'retention', JSON.stringify({ scope: 'default', chat: null, action: 'set' })],
    ['an import with deletions that are no ids', 'import', JSON.stringify({ importId: 1, added: 1, digest: null, chat: 'c', source: 's', deletedLater: ['x'] })],
  ])('details %s are unreadable', (_, operation, details) => {
    expect(() => readAuditRecord(operation, details)).toThrow(UnreadableEntry);
  });

  test('readableRecords leaves out what cannot be read and what this version does not know', () => {
    const entries = [
      { seq: 1, operation: 'hold', details: hold },
      { seq: 2, operation: 'hold', details: '{' },
      { seq: 3, operation: 'compact', details: '{}' },
    ];
    expect([...readableRecords(entries)].map((r) => r.entry.seq)).toEqual([1]);
  });
});
