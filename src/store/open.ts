import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ArchiveError, busyError, isBusy } from './errors.js';
import { useWriteAheadLog } from './journal.js';
import { databasePath } from './paths.js';
import { makePrivateDir, makePrivateFile } from './private.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export interface Archive {
  dir: string;
  db: Database.Database;
  /** This open made the archive (it did not exist before). */
  created: boolean;
}

export interface OpenOptions {
  /** Create the folder and database when missing (only `import` does). */
  create: boolean;
  /** How long a writer waits for another writer before giving up (SQLite busy timeout). */
  busyTimeoutMs: number;
  /** The clock: recorded when a migration writes (archive creation, upgrade entries). */
  now: Date;
}

/** Whether `dir` holds an archive's database file (opening it may still find it is not one). */
export function archiveExists(dir: string): boolean {
  return existsSync(databasePath(dir));
}

export function openArchive(dir: string, options: OpenOptions): Archive {
  const file = databasePath(dir);
  const created = !archiveExists(dir);
  if (created) {
    if (!options.create) {
      throw new ArchiveError('missing', `no archive at ${dir}`, 'Run "wa-archive import <export>" first, or pass --archive DIR.');
    }
    try {
      makePrivateDir(dir);
      makePrivateFile(file);
    } catch (error) {
      throw new ArchiveError('io', `cannot create the archive folder ${dir}: ${(error as Error).message}`);
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs, nativeBinding: nativeBinding() });
  } catch (error) {
    throw new ArchiveError('io', `cannot open ${file}: ${(error as Error).message}`, 'Check the folder exists and you may write to it.');
  }
  try {
    prepare(db, file, options);
  } catch (error) {
    db.close();
    if (error instanceof ArchiveError) throw error;
    if (isBusy(error)) throw busyError();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw notAnArchive(file);
    throw error;
  }
  return { dir, db, created };
}

/**
 * The driver's compiled addon, where npm builds or installs it, handed to the driver: its own lookup (the
 * `bindings` package) tries a dozen paths and reads package.json files, and cannot find the addon from
 * the bundle (scripts/build.mjs).
 */
function nativeBinding(): string {
  return join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
}

function prepare(db: Database.Database, file: string, options: OpenOptions): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const empty = version === 0 && db.prepare("SELECT count(*) AS n FROM sqlite_schema").pluck().get() === 0;
  if (!empty && appId !== APPLICATION_ID) throw notAnArchive(file);
  // An empty file (an import stopped before its first write, or one made by hand) is an archive only
  // once an import makes it one: other commands would otherwise turn any empty archive.db into one.
  if (empty && !options.create) {
    throw new ArchiveError('missing', `${file} is empty: no import has finished there yet`, 'Run "wa-archive import <export>" to start the archive, or pass --archive with another folder.');
  }
  if (version > SCHEMA_VERSION) {
    throw new ArchiveError(
      'newer-version',
      `the archive ${file} was written by a newer wa-archive (schema ${version}; this version knows up to ${SCHEMA_VERSION})`,
      'Install the newer wa-archive to use this archive. Nothing was changed.',
    );
  }
  // Set before the first write, or it has no effect. Measured on a 1M-message import: 16 KiB pages
  // make inserts, the full-text rebuild and the commit about 20% faster than the default 4 KiB.
  if (empty) db.pragma('page_size = 16384');
  // A new archive keeps SQLite's rollback journal until its first export is committed (store/journal.ts).
  if (!empty) useWriteAheadLog(db);
  // One fsync per import commit is cheap; losing a committed import to a power cut is not.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A command reads a few hundred scattered pages and exits. With better-sqlite3's default page cache (16 MB)
  // each page read lands in fresh memory, whose first touch is what costs (measured on a 10M-message archive:
  // a rare word's ranking, ~950 pages, 63–68 ms; with 1 MiB, 10 ms). The import's writer sets its own (store/imports.ts).
  db.pragma('cache_size = -1024');
  if (version < SCHEMA_VERSION) migrate(db, version, options.now);
}

function migrate(db: Database.Database, from: number, now: Date): void {
  db.transaction(() => {
    // Another process may have migrated while we waited for the lock.
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let v = Math.max(from, current); v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(db, now);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function notAnArchive(file: string): ArchiveError {
  return new ArchiveError('not-an-archive', `${file} is not a wa-archive database`, 'Pass --archive with the folder of a wa-archive archive.');
}
