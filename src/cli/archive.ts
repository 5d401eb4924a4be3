import type { Archive } from '../ops/archive.js';
import type { Context } from './context.js';

/** Opens the archive for a command, runs `use`, and always closes it. Loads the store only when called. */
export async function withArchive<T>(ctx: Context, create: boolean, use: (archive: Archive) => Promise<T> | T): Promise<T> {
  const { openArchive } = await import('../ops/archive.js');
  ctx.reached('open');
  const archive = openArchive(ctx.archiveDir, { create, busyTimeoutMs: ctx.busyTimeoutMs, now: ctx.now });
  ctx.reached('opened');
  try {
    const result = await use(archive);
    ctx.reached('done');
    return result;
  } finally {
    archive.db.close();
  }
}
