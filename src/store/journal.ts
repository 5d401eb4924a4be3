// How the archive's database journals its writes. Write-ahead logging, which every archive keeps once it
// holds an export: readers go on while an import writes. A new archive is made without it (store/open.ts),
// so that its first export is written through SQLite's rollback journal, which for an empty database holds
// next to nothing (pages the database did not have need no copy), where the log would hold every page and
// a checkpoint would then copy each into the database file: for the 1M-message benchmark export ~360 MB
// written twice and synced twice (docs/architecture.md, "Measured decisions"). Meanwhile another process's
// reads wait for that export's commit (busy timeout).
import type Database from 'better-sqlite3';
import { isBusy } from './errors.js';

/**
 * Switches the archive to write-ahead logging (a no-op once it has it). Each open asks for it, and the
 * import writer after each commit (store/writerCommands.ts), so an import's later exports, whose
 * transactions this process's own reads may meet, go through the log. The switch needs the archive to
 * itself: when another process has it open, it is left to a later open or commit (a connection works in
 * either mode).
 */
export function useWriteAheadLog(db: Database.Database): void {
  try {
    db.pragma('journal_mode = WAL');
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}
