import type { Archive } from '../ops/archive.js';
import type { Context } from './context.js';

/** Opens the archive for a command, runs `use`, and always closes it. Loads the store only when called. */
export async function withArchive<T>(ctx: Context, create: boolean, use: (archive: Archive) => Promise<T> | T): Promise<T> {
  const { openArchive } = await import('../ops/archive.js');
  const archive = openArchive(ctx.archiveDir, { create, busyTimeoutMs: ctx.busyTimeoutMs, now: ctx.now });
  try {
    return await use(archive);
  } finally {
    archive.db.close();
  }
}
