import { mapBusy } from './errors.js';
import type { Archive } from './open.js';

/** One run of verify: when (UTC ms), whether all was well, how many problems, and the state it checked. */
export interface VerifyRun {
  at: number;
  ok: boolean;
  problems: number;
  fingerprint: string;
}

/** Keeps the outcome of a verify run, in a transaction of its own. */
export function saveVerifyRun(archive: Archive, run: VerifyRun): void {
  mapBusy(() =>
    archive.db
      .prepare('INSERT INTO verify_runs (at, ok, problems, fingerprint) VALUES (?, ?, ?, ?)')
      .run(run.at, run.ok ? 1 : 0, run.problems, run.fingerprint),
  );
}

/** The newest verify run, if any. */
export function lastVerifyRun(archive: Archive): VerifyRun | null {
  const row = archive.db.prepare('SELECT at, ok, problems, fingerprint FROM verify_runs ORDER BY rowid DESC LIMIT 1').get() as
    | { at: number; ok: number; problems: number; fingerprint: string }
    | undefined;
  return row === undefined ? null : { ...row, ok: row.ok === 1 };
}
