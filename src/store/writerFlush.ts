// Write-behind for the import writer's transactions, on its thread (store/writerWorker.ts). While the
// thread writes an export in one transaction, SQLite hands the pages that no longer fit its cache to the
// operating system: appended to archive.db-wal, or, for a new archive's first export (store/journal.ts),
// written into archive.db itself. COMMIT then waits for all of them to reach the disk (synchronous = FULL):
// for the 1M-message benchmark import, about 350 MB at the very end, when nothing else runs beside it.
// Asked for in the background as batches go in (a sync on libuv's thread pool, while both threads go on),
// most of them are on the disk before COMMIT, which waits only for the rest (measured on that first
// import: COMMIT's sync 0.25 → 0.03 s, the import 0.2 s faster, alternated runs).
//
// Durability is unchanged: this only makes pages reach the disk sooner. Pages of a transaction that has
// not committed are ignored by SQLite's recovery (log frames without a commit; database pages that the hot
// rollback journal restores), and COMMIT still syncs as before. A failure (no file yet, a platform that
// refuses) only leaves the work to COMMIT.
//
// Closing any descriptor of archive.db releases every lock the process holds on it (POSIX record locks,
// which SQLite uses). So that descriptor is closed at the end of its transaction, right after COMMIT or
// ROLLBACK and before the switch to the log: in rollback-journal mode no connection of the process holds a
// lock then (the writer's keeps none between transactions; the caller's holds none while it waits for the
// writer, or the writer's transaction could not have taken the file), where after the switch a connection
// keeps a shared lock for as long as it is open. The log has no locks of its own (SQLite locks the database
// and -shm files). A sync still in flight when its descriptor closes finishes on the file it started on.
import type { Database } from 'better-sqlite3';
import { closeSync, fdatasync, openSync } from 'node:fs';

/** Batches between background syncs: about 20 MB of pages for the benchmark's messages. */
const FLUSH_EVERY = 32;

class WriteBehind {
  private file: string | null = null;
  private fd: number | null = null;
  private batches = 0;

  /** At the start of a transaction: its pages go to the log in WAL mode, else to the database file. */
  begin(db: Database): void {
    this.file = db.pragma('journal_mode', { simple: true }) === 'wal' ? `${db.name}-wal` : db.name;
    this.batches = 0;
  }

  /** After each batch of rows: every FLUSH_EVERY, a background sync of what was written so far. */
  wrote(): void {
    if (this.file === null || ++this.batches % FLUSH_EVERY !== 0) return;
    try {
      this.fd ??= openSync(this.file, 'r');
    } catch {
      this.file = null;
      return;
    }
    // The thread's event loop does not turn while it serves the caller: the callback may never run, the sync does.
    fdatasync(this.fd, () => {});
  }

  /** At the end of the transaction (after COMMIT or ROLLBACK, before any switch to the log), or of the thread. */
  end(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.file = null;
  }
}

/** The thread's write-behind: one transaction at a time. */
export const writeBehind = new WriteBehind();
