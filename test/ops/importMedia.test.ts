/** A failed import leaves no media file of its own, and never removes one that was there before. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importExports } from '../../src/ops/import.js';
import { mediaPath } from '../../src/store/media.js';
import { openArchive, type Archive } from '../../src/store/open.js';
import { deflated, writeRawZip, type RawEntry } from '../source/rawZip.js';
import { useTempDir } from '../source/zipKit.js';

const tmp = useTempDir();
const NOW = new Date('2026-01-31T12:00:00Z');
const OLD = Buffer.from('a photo already in the archive');
const NEW = Buffer.from('a photo only this export has');
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

let archive: Archive | undefined;
afterEach(() => archive?.db.close());

function chat(...lines: string[]): RawEntry {
  return deflated('_chat.txt', Buffer.from(lines.map((line, i) => `[14/03/2024, 09:0${i}:00] Priya Shah: ${line}\n`).join('')));
}

function zip(name: string, ...entries: RawEntry[]): string {
  const file = path.join(tmp.dir, `WhatsApp Chat - ${name}.zip`);
  writeRawZip(file, entries);
  return file;
}

function importZip(file: string) {
  return importExports(archive!, { paths: [file], tz: 'UTC', now: NOW, toolVersion: 'test' });
}

/** Every file under media/, temporary ones included. */
function mediaFiles(): string[] {
  return (fs.readdirSync(path.join(tmp.dir, 'archive', 'media'), { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(tmp.dir, 'archive', 'media', name)).isFile())
    .sort();
}

async function archiveWithOldPhoto(): Promise<void> {
  archive = openArchive(path.join(tmp.dir, 'archive'), { create: true, busyTimeoutMs: 1000, now: NOW });
  const result = await importZip(zip('Old', chat('<attached: old.jpg>'), { name: 'old.jpg', data: OLD }));
  expect(result.failed).toEqual([]);
  expect(mediaFiles()).toEqual([path.relative(path.join(tmp.dir, 'archive', 'media'), mediaPath(archive.dir, sha256(OLD)))]);
}

describe('a failed import leaves no media file of its own', () => {
  it('when a later attachment is damaged: the new file goes, the one already there stays', async () => {
    await archiveWithOldPhoto();
    const before = mediaFiles();
    const result = await importZip(
      zip(
        'Hostile',
        chat('<attached: same.jpg>', '<attached: new.jpg>', '<attached: bad.jpg>'),
        { name: 'same.jpg', data: OLD },
        { name: 'new.jpg', data: NEW },
        { name: 'bad.jpg', data: Buffer.from('bad bytes'), crc: 1 },
      ),
    );
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.error).toMatch(/"bad\.jpg" in .* is damaged \(its checksum does not match\)/);
    expect(mediaFiles()).toEqual(before);
  });

  it('when the database write fails after the files were placed: the new file goes, the one already there stays', async () => {
    await archiveWithOldPhoto();
    const before = mediaFiles();
    archive!.db.exec("CREATE TRIGGER fail BEFORE INSERT ON messages WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const file = zip('Failing', chat('<attached: same.jpg>', '<attached: new.jpg>', 'boom'), { name: 'same.jpg', data: OLD }, { name: 'new.jpg', data: NEW });
    await expect(importZip(file)).rejects.toThrow(/disk full/);
    expect(fs.existsSync(mediaPath(archive!.dir, sha256(NEW)))).toBe(false);
    expect(mediaFiles()).toEqual(before);
  });
});
