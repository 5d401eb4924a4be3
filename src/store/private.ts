// The archive holds whole conversations: its folder and everything wa-archive writes (the database and
// SQLite's -wal/-shm/-journal files, media, exports, bundles) is for its owner alone. These modes are
// asked for when creating; a umask can only take bits away from them, never give anyone else access.
import { closeSync, mkdirSync, openSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Archive } from './open.js';

/** rwx for the owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** rw for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (its parents as usual) private to its owner; an existing one is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Creates an empty file private to its owner, unless it exists. For the database before SQLite first
 * opens it: SQLite gives its -wal, -shm and -journal files the database file's mode.
 */
export function makePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** A file or folder of the archive that others than its owner may use. */
export interface LooseMode {
  /** Relative to the archive folder ('.' for the folder itself). */
  path: string;
  /** Its permission bits, e.g. 0o644. */
  mode: number;
}

/**
 * The archive's folder, media/ and the folders in it (0700 when wa-archive makes them), archive.db with
 * its -wal, -shm and -journal (a new archive's first import), and the media files (0600) where group or
 * others have any permission: an archive made before wa-archive made its files private, or changed since.
 * For `verify` (and `status`). Permission bits mean nothing on Windows: callers do not ask there.
 */
export function looseModes(archive: Archive): LooseMode[] {
  const db = basename(archive.db.name);
  const paths = ['.', db, `${db}-wal`, `${db}-shm`, `${db}-journal`, 'media'];
  for (const folder of dirEntries(join(archive.dir, 'media'))) {
    paths.push(join('media', folder.name));
    for (const file of dirEntries(join(archive.dir, 'media', folder.name))) paths.push(join('media', folder.name, file.name));
  }
  const loose: LooseMode[] = [];
  for (const path of paths) {
    const stat = statOrNull(join(archive.dir, path));
    if (stat !== null && (stat.mode & 0o077) !== 0) loose.push({ path, mode: stat.mode & 0o777 });
  }
  return loose;
}

/** A folder's entries; none when it does not exist (or is a file). */
export function dirEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Null for a file that is gone (SQLite removes -wal and -shm when the last connection closes, -journal at commit). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
