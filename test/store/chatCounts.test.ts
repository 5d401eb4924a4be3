/**
 * The derived per-chat counts (store/chatCounts.ts) after random runs of imports (overlapping ranges, text-only
 * and zips with media), purges, late media and aliases: always equal to counting the messages, and chats,
 * stats and status answer the same from them as from a scan (the derived data made stale).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { addAlias } from '../../src/ops/authors.js';
import { listChats } from '../../src/ops/chats.js';
import { importExports } from '../../src/ops/import.js';
import { purgeExpired } from '../../src/ops/purge.js';
import { setRetention } from '../../src/ops/retention.js';
import { archiveStats, mediaType } from '../../src/ops/stats.js';
import { archiveStatus } from '../../src/ops/status.js';
import { MEDIA_SUFFIX } from '../../src/store/chatCounts.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { searchDataIsFresh } from '../../src/store/vocabulary.js';
import { tempDir } from '../helpers/cli.js';
import { SCHEMA_7_OBJECTS_DROPPED } from '../helpers/schema.js';
import { writeExport } from '../helpers/exports.js';
import { writeZip } from '../source/zipKit.js';

const NOW = new Date('2024-03-01T00:00:00Z');
const CHATS = ['Ana', 'Bo', 'Caio'];
const AUTHORS = ['Ana Lima', 'Tom Becker', '+55 11 98765-4321', '~ Bo'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A chat's timeline: message i every 7 hours from 2023-01-01 (about 14 months in 1,700 messages); some system events, some attachments. */
function line(chat: string, i: number, withMedia: boolean): string {
  const t = new Date(Date.UTC(2023, 0, 1, 9) + i * 7 * 3_600_000);
  const stamp = `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  if (i % 41 === 5) return `${stamp} - Tom Becker added ${chat} ${i}`;
  const author = AUTHORS[(i * 7 + chat.length) % AUTHORS.length];
  if (i % 13 === 3) return `${stamp} - ${author}: ${withMedia ? `${mediaName(i)} (file attached)` : '<Media omitted>'}`;
  return `${stamp} - ${author}: ${chat} note ${i}`;
}
const SUFFIXES = ['.jpg', '.MP4', '', '.v2.pdf', '.Opus', '.webp', '.ünï'];
const mediaName = (i: number) => `IMG-20230101-WA${String(i).padStart(4, '0')}${SUFFIXES[i % SUFFIXES.length]}`;

/** A small deterministic random source (mulberry32). */
function random(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const open: Archive[] = [];
afterEach(() => {
  for (const archive of open.splice(0)) archive.db.close();
});

/** The whole archive's attachments by type as counted from every reference's name (a late file's name and file where one came). */
function mediaByName(archive: Archive) {
  const counts = new Map<string, { count: number; missing: number }>();
  const rows = archive.db
    .prepare(
      `SELECT coalesce(ml.name, mm.name) AS name, mm.sha256 IS NOT NULL OR ml.sha256 IS NOT NULL AS stored FROM message_media mm
         LEFT JOIN media_late ml ON ml.message_id = mm.message_id AND ml.position = mm.position`,
    )
    .all() as { name: string | null; stored: number }[];
  for (const { name, stored } of rows) {
    const type = name === null ? 'not exported' : mediaType(name);
    const entry = counts.get(type) ?? { count: 0, missing: 0 };
    entry.count++;
    if (name !== null && stored === 0) entry.missing++;
    counts.set(type, entry);
  }
  return [...counts].map(([type, c]) => ({ type, ...c })).sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}

/** What chats, stats (whole and per chat) and status answer. */
function answers(archive: Archive) {
  const chats = listChats(archive);
  const { messages, chats: count } = archiveStatus(archive, { now: NOW });
  return { chats, messages, count, stats: [archiveStats(archive, {}), ...chats.map((c) => archiveStats(archive, { chat: c.chat }))] };
}

/** The same answers from a scan of the messages: the derived data made stale for the while. */
function scanned(archive: Archive) {
  archive.db.exec('SAVEPOINT stale; DELETE FROM search_state');
  try {
    expect(searchDataIsFresh(archive)).toBe(false);
    return answers(archive);
  } finally {
    archive.db.exec('ROLLBACK TO stale; RELEASE stale');
  }
}

const stored = (archive: Archive) =>
  archive.db.prepare('SELECT chat_id, month, author, sum(messages) AS n FROM chat_counts GROUP BY chat_id, month, author HAVING n > 0 ORDER BY 1, 2, 3').all();
const storedMedia = (archive: Archive) =>
  archive.db.prepare('SELECT chat_id, suffix, stored, sum(attachments) AS n FROM chat_media GROUP BY 1, 2, 3 HAVING n > 0 ORDER BY 1, 2, 3').all();
const countedMedia = (archive: Archive) =>
  archive.db
    .prepare(`SELECT m.chat_id, ${MEDIA_SUFFIX} AS suffix, mm.sha256 IS NOT NULL AS stored, count(*) AS n FROM message_media mm JOIN messages m ON m.id = mm.message_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
    .all();
const counted = (archive: Archive) =>
  archive.db.prepare('SELECT chat_id, substr(local, 1, 7) AS month, author, count(*) AS n FROM messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all();

describe('the per-chat counts', () => {
  test.each([1, 2, 3, 4])('equal a fresh count after a random run of imports, purges, late media and aliases (seed %i)', async (seed) => {
    const next = random(seed);
    const dir = tempDir();
    const archive = openArchive(join(dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
    open.push(archive);
    const steps: string[] = [];
    const ranges = new Map<string, [number, number]>();
    for (let step = 0; step < 10; step++) {
      const kind = step < 2 ? 'text' : (['text', 'zip', 'zip', 'purge', 'alias'] as const)[next(5)]!;
      const chat = CHATS[next(CHATS.length)]!;
      if (kind === 'text' || kind === 'zip') {
        // A zip mostly covers an earlier text-only import of the chat again: its files attach late.
        const earlier = kind === 'zip' ? ranges.get(chat) : undefined;
        const from = earlier === undefined ? next(1200) : earlier[0] + next(50);
        const to = earlier === undefined ? from + 1 + next(500) : earlier[1] + next(100);
        if (kind === 'text') ranges.set(chat, [from, to]);
        const range = Array.from({ length: to - from }, (_, k) => from + k);
        const text = `${range.map((i) => line(chat, i, kind === 'zip')).join('\n')}\n`;
        const name = `WhatsApp Chat with ${chat}.txt`;
        const file =
          kind === 'text'
            ? writeExport(dir, `${step}-${name}`, text)
            : writeZip(join(dir, `${step}-${chat}.zip`), {
                [name]: text,
                ...Object.fromEntries(range.filter((i) => i % 13 === 3).map((i) => [mediaName(i), `photo ${chat} ${i}`])),
              });
        const result = await importExports(archive, { paths: [file], chat, tz: 'UTC', dateOrder: 'dmy', now: NOW, toolVersion: 'test' });
        expect(result.failed).toEqual([]);
        steps.push(`${kind} ${chat} ${from}..${to}: +${result.imports[0]!.added}, ${result.imports[0]!.mediaAttached} attached`);
      } else if (listChats(archive).every((c) => c.chat !== chat)) {
        continue;
      } else if (kind === 'purge') {
        setRetention(archive, { period: `${4 + next(8)}m`, presets: [], force: true, now: NOW, chat });
        steps.push(`purge ${chat}: -${purgeExpired(archive, { now: NOW, dryRun: false }).total}`);
      } else {
        const known = listChats(archive).find((c) => c.chat === chat)!;
        if (known.authors.length < 2) continue;
        const [alias, author] = [known.authors[known.authors.length - 1]!, known.authors[0]!];
        steps.push(`alias ${chat}: ${addAlias(archive, { chat, alias, author, now: NOW }).status}`);
      }
      expect(searchDataIsFresh(archive), steps.join('; ')).toBe(true);
      expect(stored(archive), steps.join('; ')).toEqual(counted(archive));
      expect(storedMedia(archive), steps.join('; ')).toEqual(countedMedia(archive));
      expect(answers(archive), steps.join('; ')).toEqual(scanned(archive));
      expect(archiveStats(archive, {}).media).toEqual(mediaByName(archive));
    }
    expect(steps.some((s) => / \+[1-9]/.test(s))).toBe(true);
  });

  test('an archive from before them gets them filled by its migration, and they are fresh at once', async () => {
    const dir = tempDir();
    const path = join(dir, 'archive');
    const archive = openArchive(path, { create: true, busyTimeoutMs: 1000, now: NOW });
    const file = writeExport(dir, 'WhatsApp Chat with Ana.txt', `${Array.from({ length: 300 }, (_, i) => line('Ana', i, false)).join('\n')}\n`);
    expect((await importExports(archive, { paths: [file], tz: 'UTC', dateOrder: 'dmy', now: NOW, toolVersion: 'test' })).failed).toEqual([]);
    archive.db.exec(SCHEMA_7_OBJECTS_DROPPED);
    archive.db.close();

    const migrated = openArchive(path, { create: false, busyTimeoutMs: 1000, now: NOW });
    open.push(migrated);
    expect(searchDataIsFresh(migrated)).toBe(true);
    expect(stored(migrated)).toEqual(counted(migrated));
    expect(storedMedia(migrated)).toEqual(countedMedia(migrated));
    expect(stored(migrated).length).toBeGreaterThan(5);
    expect(answers(migrated)).toEqual(scanned(migrated));
  });
});
