import { join } from 'node:path';

/**
 * The database file of the archive in `dir`. Its own module, without the SQLite driver: code that only
 * needs the name (status's and verify's file-mode check) then loads no driver at start.
 */
export function databasePath(dir: string): string {
  return join(dir, 'archive.db');
}
