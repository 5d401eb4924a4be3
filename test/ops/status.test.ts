import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { archiveStatus } from '../../src/ops/status.js';
import { setRetention } from '../../src/ops/retention.js';
import { openArchive } from '../../src/store/open.js';

// Counts how often the audit log's policy entries are replayed (integrity/policy.ts replayPolicy).
const replays = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/integrity/policy.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/integrity/policy.js')>();
  return { ...original, replayPolicy: (...args: Parameters<typeof original.replayPolicy>) => (replays.count++, original.replayPolicy(...args)) };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('status', () => {
  test('replays the retention policy of the audit log once, for its own check and the purge plan alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-status-'));
    dirs.push(dir);
    const now = new Date('2026-01-01T00:00:00Z');
    const archive = openArchive(join(dir, 'archive'), { create: true, busyTimeoutMs: 1000, now });
    try {
      setRetention(archive, { period: '5y', presets: [], force: false, now });
      replays.count = 0;
      const status = archiveStatus(archive, { now });
      expect(status.retention).toBe('5y');
      expect(status.awaitingPurge).toBe(0);
      expect(replays.count).toBe(1);
    } finally {
      archive.db.close();
    }
  });
});
