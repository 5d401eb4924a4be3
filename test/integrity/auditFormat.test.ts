// The audit log's format stays as released: fixtures/archive-v6 was made by the code before audit entries
// became one typed union (fixtures/archive-v6/README.md). It must open and verify, and the same commands
// run today must write the very same entries (so the same hashes).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readAuditRecord } from '../../src/integrity/auditRead.js';
import { verifyArchive } from '../../src/ops/verify.js';
import { openArchive } from '../../src/store/open.js';
import { cli, tempDir } from '../helpers/cli.js';
import { fixtureArchive } from '../helpers/fixtureArchive.js';
// @ts-expect-error: a plain ES module, shared with the script that made the fixture
import { makeArchive } from '../../fixtures/archive-v6/scenario.mjs';

const FINGERPRINT = '4248a964036c6b931abda1d0d01777385caea0f936d739d6cc2881bbd3236e7f';
const NOW = new Date('2026-12-05T00:00:00Z');

interface Row {
  seq: number;
  at: number;
  operation: string;
  details: string;
  prev_hash: string;
  hash: string;
}

function auditRows(dir: string): Row[] {
  const db = new Database(join(dir, 'archive.db'), { readonly: true });
  try {
    return db.prepare('SELECT seq, at, operation, details, prev_hash, hash FROM audit_log ORDER BY seq').all() as Row[];
  } finally {
    db.close();
  }
}

describe('an archive written before the typed audit entries', () => {
  test('opens and verifies, with every kind of entry', () => {
    const dir = fixtureArchive();
    const archive = openArchive(dir, { create: false, busyTimeoutMs: 1000, now: NOW });
    try {
      const result = verifyArchive(archive, { now: NOW });
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.fingerprint).toBe(FINGERPRINT);
    } finally {
      archive.db.close();
    }
    const rows = auditRows(dir);
    expect([...new Set(rows.map((r) => r.operation))].sort()).toEqual(['alias', 'export', 'hold', 'import', 'media-attached', 'purge', 'retention', 'upgrade']);
    for (const r of rows) expect(readAuditRecord(r.operation, r.details)).toEqual({ operation: r.operation, details: JSON.parse(r.details) });
  });

  test('the same commands today write byte-identical entries', async () => {
    const work = tempDir();
    const archive = join(work, 'archive');
    await makeArchive(async (argv: string[], env: Record<string, string>) => (await cli(argv, { env })).code, archive, work);
    const before = auditRows(fixtureArchive());
    const today = auditRows(archive);
    // A bundle's manifest names the archive's random id, so its hash (and the entry's) differs per archive.
    const bundle = (rows: Row[]) => rows.map((r) => (r.details.includes('"manifest"') ? { ...r, details: r.details.replace(/"manifest":"[0-9a-f]{64}"/, '"manifest":"…"'), hash: '…' } : r));
    expect(bundle(today)).toEqual(bundle(before));
    expect(today.filter((r) => r.details.includes('"manifest"'))).toHaveLength(1);
  });
});
