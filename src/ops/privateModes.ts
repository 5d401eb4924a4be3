import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import type { Archive } from '../store/open.js';
import { databasePath } from '../store/paths.js';

/** A file or folder of the archive that others than its owner may use. */
export interface LooseMode {
  /** Relative to the archive folder ('.' for the folder itself). */
  path: string;
  /** Its permission bits, e.g. 0o644. */
  mode: number;
}

/**
 * The archive's folder, media/ and the folders in it (0700 when wa-archive makes them), archive.db with
 * its -wal and -shm, and the media files (0600) where group or others have any permission: an archive
 * made before wa-archive made its files private, or changed since. For `verify` (and `status`). Permission
 * bits mean nothing on Windows: callers do not ask there.
 */
export function looseModes(archive: Archive): LooseMode[] {
  const db = basename(databasePath(archive.dir));
  const paths = ['.', db, `${db}-wal`, `${db}-shm`, 'media'];
  for (const folder of entries(join(archive.dir, 'media'))) {
    paths.push(join('media', folder));
    for (const file of entries(join(archive.dir, 'media', folder))) paths.push(join('media', folder, file));
  }
  const loose: LooseMode[] = [];
  for (const path of paths) {
    const stat = statOrNull(join(archive.dir, path));
    if (stat !== null && (stat.mode & 0o077) !== 0) loose.push({ path, mode: stat.mode & 0o777 });
  }
  return loose;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Null for a file that is gone (SQLite removes -wal and -shm when the last connection closes). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
