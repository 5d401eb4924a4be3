// A released migration hashes with the functions it was released with (store/schemaHashes.ts), not the
// live ones: here the live ones are broken while schema 3's migration runs, and the archive still verifies.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { entryHash, GENESIS } from '../../src/integrity/chain.js';
import { messageHash, type HashedMessage } from '../../src/integrity/digest.js';
import { importExports } from '../../src/ops/import.js';
import { verifyArchive } from '../../src/ops/verify.js';
import { openArchive } from '../../src/store/open.js';
import { entryHashV1, messageHashV1 } from '../../src/store/schemaHashes.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { SCHEMA_3_OBJECTS_DROPPED } from '../helpers/schema.js';

const live = vi.hoisted(() => ({ broken: false }));
const BROKEN = 'f'.repeat(64);

vi.mock('../../src/integrity/digest.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/integrity/digest.js')>();
  return { ...actual, messageHash: (...a: Parameters<typeof actual.messageHash>) => (live.broken ? BROKEN : actual.messageHash(...a)) };
});
vi.mock('../../src/integrity/chain.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/integrity/chain.js')>();
  return { ...actual, entryHash: (...a: Parameters<typeof actual.entryHash>) => (live.broken ? BROKEN : actual.entryHash(...a)) };
});

const NOW = new Date('2026-12-05T00:00:00Z');

describe('the hash functions schema 3 was released with', () => {
  test('are today the same as the live ones', () => {
    const message: HashedMessage = {
      ident: 'i', ts: 1_710_406_800_000, local: '2024-03-14 09:00', author: 'Tomás', kind: 'text', text: 'olá 👍\nsecond line',
      edited: true, original: '14/03/2024, 09:00 - Tomás: olá 👍', media: [{ name: 'a.jpg', sha256: 'ab'.repeat(32) }, { name: null, sha256: null }],
    };
    for (const m of [message, { ...message, author: null, edited: false, media: [] }]) expect(messageHashV1('Chat', m)).toBe(messageHash('Chat', m));
    const entry = { seq: 7, at: 1_700_000_000_000, operation: 'import', details: '{"chat":"x"}' };
    expect(entryHashV1(GENESIS, entry)).toBe(entryHash(GENESIS, entry));
  });

  test("are what schema 3's migration uses, whatever the live ones do", async () => {
    const dir = join(tempDir(), 'archive');
    const made = openArchive(dir, { create: true, busyTimeoutMs: 1000, now: NOW });
    const imported = await importExports(made, { paths: [join(ROOT, 'fixtures/source/android-export')], tz: 'UTC', now: NOW, toolVersion: 'test' });
    expect(imported.failed).toEqual([]);
    made.db.close();
    const db = new Database(join(dir, 'archive.db'));
    db.exec(SCHEMA_3_OBJECTS_DROPPED);
    db.close();

    live.broken = true;
    try {
      openArchive(dir, { create: false, busyTimeoutMs: 1000, now: NOW }).db.close(); // migrates to the current schema
    } finally {
      live.broken = false;
    }
    const archive = openArchive(dir, { create: false, busyTimeoutMs: 1000, now: NOW });
    try {
      const upgrade = archive.db.prepare("SELECT operation, hash FROM audit_log WHERE seq = 1").get() as { operation: string; hash: string };
      expect(upgrade.operation).toBe('upgrade');
      expect(upgrade.hash).not.toBe(BROKEN);
      const result = verifyArchive(archive, { now: NOW });
      expect(result.problems).toEqual([]);
      expect(result.checked.messages).toBe(4);
    } finally {
      archive.db.close();
    }
  });
});
