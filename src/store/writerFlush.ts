// Write-behind for the import writer's log (store/writer.ts). While the thread writes an export in one
// transaction, SQLite hands the pages that no longer fit its cache to the operating system (appends them
// to archive.db-wal), and COMMIT then waits for all of them to reach the disk (synchronous = FULL): for the
// 1M-message benchmark import, about 350 MB at the very end, when nothing else runs beside it. Asked for
// in the background as batches go out (a sync on libuv's thread pool, while both threads go on), most of
// them are on the disk before COMMIT, which waits only for the rest.
//
// Durability is unchanged: this only makes pages reach the disk sooner. Frames of a transaction that has
// not committed are ignored by SQLite's recovery, and COMMIT still syncs the log itself. The log has no
// locks of its own (SQLite locks the database and -shm files), so opening and closing another descriptor
// of it releases none. A failure (no log yet, a platform that refuses) only leaves the work to COMMIT.
// A new archive's first export has no log (store/journal.ts): its pages go to archive.db,
// which this never opens, since closing a second descriptor of it would release SQLite's locks on it.
import { close, fdatasync, openSync } from 'node:fs';

export class LogFlusher {
  private fd: number | null = null;
  private pending = 0;
  private closing = false;

  constructor(private readonly path: string) {}

  /** Starts a background sync of the log's pages written so far. */
  flush(): void {
    if (this.closing) return;
    if (this.fd === null) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch {
        return;
      }
    }
    this.pending++;
    fdatasync(this.fd, () => this.settled());
  }

  /** Closes the descriptor once the syncs started have ended. */
  close(): void {
    this.closing = true;
    if (this.pending === 0) this.closeNow();
  }

  private settled(): void {
    if (--this.pending === 0 && this.closing) this.closeNow();
  }

  private closeNow(): void {
    if (this.fd !== null) close(this.fd, () => {});
    this.fd = null;
  }
}
