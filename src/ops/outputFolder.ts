import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AddFile } from '../export/htmlPages.js';
import { OpError } from './errors.js';
import { fsStep, writeAll, type Written } from './outputFile.js';

/**
 * Runs `fill` to write a folder of files at `path`, complete or not at all: the files go into a temporary
 * folder beside it, each flushed to disk, and the folder is renamed when complete; on any error it is
 * removed. With `force` an existing folder is replaced only if `replaceable` says it holds nothing but
 * files such an export writes (so a mistyped --out never deletes someone's folder).
 */
export async function writeFolder(
  path: string, force: boolean, replaceable: (name: string) => boolean, fill: (add: AddFile) => Promise<void>,
): Promise<Written> {
  const existing = await refuseExisting(path, force, replaceable);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await fsStep(path, () => mkdir(temp));
  try {
    let bytes = 0;
    await fill(async (name, write) => {
      const file = await fsStep(path, () => open(join(temp, name), 'wx'));
      try {
        await write({ write: async (chunk) => void (bytes += await fsStep(path, () => writeAll(file, chunk))) });
        await fsStep(path, () => file.sync());
      } finally {
        await file.close();
      }
    });
    await refuseExisting(path, force, replaceable); // it may have appeared while we wrote
    if (existing) {
      const old = `${temp}.old`;
      await fsStep(path, () => rename(path, old));
      await fsStep(path, () => rename(temp, path));
      await rm(old, { recursive: true, force: true });
    } else {
      await fsStep(path, () => rename(temp, path));
    }
    return { path, bytes };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Whether there is a folder to replace; refuses a file, a folder without `force`, or a folder of other files. */
async function refuseExisting(path: string, force: boolean, replaceable: (name: string) => boolean): Promise<boolean> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (found === undefined) return false;
  if (!found.isDirectory()) throw new OpError('io', `"${path}" is a file`, 'Give --out the name of a folder to create, e.g. --out chat-pages.');
  if (!force) throw new OpError('io', `"${path}" already exists`, 'Choose another --out folder, or add --force to replace an earlier html export there.');
  const names = await fsStep(path, () => readdir(path));
  if (!names.every(replaceable)) {
    throw new OpError('io', `"${path}" is a folder with other files than an html export's`, 'Choose another --out folder: --force replaces only a folder that an html export wrote.');
  }
  return true;
}
