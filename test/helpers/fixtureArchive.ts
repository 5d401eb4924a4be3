import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT, tempDir } from './cli.js';

/** A copy of fixtures/archive-v6 (an archive written by an earlier version, see its README) in a new folder; its path. */
export function fixtureArchive(): string {
  const fixture = join(ROOT, 'fixtures/archive-v6');
  const dir = join(tempDir(), 'archive');
  mkdirSync(dir);
  writeFileSync(join(dir, 'archive.db'), gunzipSync(readFileSync(join(fixture, 'archive.db.gz'))));
  cpSync(join(fixture, 'media'), join(dir, 'media'), { recursive: true });
  return dir;
}
