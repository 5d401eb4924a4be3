import type { CliIO } from './io.js';

/** Where a command can be stopped for a test: see `killPoint`. */
export type KillPoint = 'open' | 'opened' | 'progress' | 'committed' | 'deleted' | 'swept' | 'done';

/**
 * For crash tests only: WA_ARCHIVE_TEST_KILL_AT=POINT makes the process SIGKILL itself (as `kill -9` or
 * a power cut would) when it reaches POINT, so a test stops a command at each boundary between its steps
 * instead of guessing with timers. Unset, as in every real use, the returned function does nothing.
 * POINT is one of: open (the archive not yet opened or created), opened (its schema in place, nothing
 * else done), progress:N (the Nth progress report, inside import's or purge's transaction), committed
 * (import: every export committed, search vocabulary not yet refreshed), deleted (purge: the deletion
 * committed, files not yet swept), swept (purge: files swept, the database not yet rewritten), done
 * (the command's work finished, the archive not yet closed).
 */
export function killPoint(io: CliIO): (point: KillPoint) => void {
  const at = io.env.WA_ARCHIVE_TEST_KILL_AT;
  if (at === undefined || at === '') return () => {};
  let reports = 0;
  return (point) => {
    if ((point === 'progress' ? `progress:${++reports}` : point) === at) process.kill(process.pid, 'SIGKILL');
  };
}
