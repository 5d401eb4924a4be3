/**
 * Two purges at once: the second exited 75 after a second or two although the busy timeout is 30 s,
 * because a checkpoint that finds another connection's checkpoint running returns "busy" at once
 * (SQLite's busy handler is not invoked for that). emptyWriteAheadLog waits for it, up to the timeout.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { emptyWriteAheadLog } from '../../src/store/purge.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/** A node process running `script` with better-sqlite3 as `Database` and `file`; resolves when it prints "ready". */
async function helper(file: string, script: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `const Database = require('better-sqlite3'); const file = ${JSON.stringify(file)}; ${script}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  while (!out.includes('ready')) await once(child.stdout!, 'data');
  return child;
}

test("a checkpoint waits for another connection's checkpoint instead of giving up at once", async () => {
  const file = join(tempDir(), 'archive.db');
  const db = new Database(file, { timeout: 20_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    db.prepare('INSERT INTO t VALUES (?)').run('in the write-ahead log');

    // A reader, and another connection's TRUNCATE checkpoint waiting (up to 3 s) for it to finish: that
    // connection holds the checkpoint lock all the while. The reader finishes only after that wait ran out.
    const reader = await helper(file, `const db = new Database(file); db.exec('BEGIN'); db.prepare('SELECT * FROM t').all();
      console.log('ready'); setTimeout(() => db.exec('COMMIT'), 5000);`);
    const checkpointer = await helper(file, `const db = new Database(file, { timeout: 3000 }); console.log('ready'); db.pragma('wal_checkpoint(TRUNCATE)');`);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // for it to take the lock (it starts as it says ready)

    expect(emptyWriteAheadLog(db)).toBe(true);
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(20_000); // the connection's own timeout again
    await Promise.all([once(reader, 'exit'), once(checkpointer, 'exit')]);
  } finally {
    db.close();
  }
});
