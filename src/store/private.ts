// The archive holds whole conversations: its folder and everything wa-archive writes (the database and
// SQLite's -wal/-shm files, media, exports, bundles) is for its owner alone. These modes are asked for
// when creating; a umask can only take bits away from them, never give anyone else access.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

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
 * opens it: SQLite gives the -wal and -shm files the database file's mode.
 */
export function makePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
