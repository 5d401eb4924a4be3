import { mapBusy } from './errors.js';
import type { Archive } from './open.js';

/**
 * Runs `read` in one read transaction: all it reads is one committed state of the archive, whatever other
 * processes commit meanwhile (WAL), and none of them waits for it. Whatever it writes to the temp schema
 * is gone afterwards. `read` may return a promise: the transaction then ends when it settles, so nothing
 * else may use the connection meanwhile (a command runs alone in its process). Inside a transaction
 * already open, `read` runs in that one.
 */
export function inSnapshot<T>(archive: Archive, read: () => T): T {
  const { db } = archive;
  if (db.inTransaction) return read();
  const end = () => db.exec('ROLLBACK');
  let result: T;
  try {
    result = mapBusy(() => {
      db.exec('BEGIN');
      // The snapshot is taken at the first read of the database.
      db.prepare('SELECT count(*) FROM main.sqlite_schema').get();
      return read();
    });
  } catch (error) {
    if (db.inTransaction) end();
    throw error;
  }
  if (result instanceof Promise) return result.finally(end) as T;
  end();
  return result;
}
