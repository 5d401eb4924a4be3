import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Sink } from '../export/types.js';
import { OpError } from './errors.js';
import { PRIVATE_FILE_MODE } from '../store/private.js';

export interface Written {
  /** null: written to stdout. */
  path: string | null;
  bytes: number;
}

/**
 * Runs `fill` on the output: `stdout` when `path` is undefined or `-`, else the file at `path`. A file is
 * complete or absent: it is written under a temporary name in the same folder, flushed to disk, and
 * renamed when complete; on any error the temporary file is removed. It is private to its owner (0600:
 * exports hold whole conversations). An existing name, a symbolic link even when it points nowhere, is
 * replaced only with `force`. Without `stdout` (outputs that are never for a terminal) a file is required.
 */
export async function writeOutput(path: string | undefined, force: boolean, fill: (sink: Sink) => Promise<void>, stdout?: Sink): Promise<Written> {
  if (path === undefined || path === '-') {
    if (stdout === undefined) throw new OpError('usage', 'this export is written to a file, not to the terminal', 'Name the file with --out FILE.');
    let bytes = 0;
    await fill({
      write(chunk) {
        bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        return stdout.write(chunk);
      },
    });
    return { path: null, bytes };
  }
  await refuseExisting(path, force);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await fsStep(path, () => open(temp, 'wx', PRIVATE_FILE_MODE));
  try {
    let bytes = 0;
    await fill({
      write: async (chunk) => {
        bytes += await fsStep(path, () => writeAll(file, chunk));
      },
    });
    await fsStep(path, () => file.sync());
    await file.close();
    await refuseExisting(path, force); // it may have appeared while we wrote
    await fsStep(path, () => rename(temp, path));
    return { path, bytes };
  } catch (error) {
    await file.close().catch(() => undefined); // already closed when the error came after closing
    await rm(temp, { force: true });
    throw error;
  }
}

async function refuseExisting(path: string, force: boolean): Promise<void> {
  const absent = (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw writeError(error, path);
  };
  // lstat: a dangling link is a name rename would replace, like any other.
  const found = await lstat(path).catch(absent);
  if (found === undefined) return;
  const target = found.isSymbolicLink() ? await stat(path).catch(absent) : found;
  if (target?.isDirectory()) throw new OpError('io', `"${path}" is a folder`, 'Give --out a file name, e.g. --out chats.json.');
  if (!force) throw new OpError('io', `"${path}" already exists`, 'Choose another --out file, or add --force to replace it.');
}

/** Writes the whole chunk (a write may take only part of it); returns its size in bytes. */
export async function writeAll(file: FileHandle, chunk: string | Uint8Array): Promise<number> {
  const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  for (let at = 0; at < data.length; ) at += (await file.write(data, at)).bytesWritten;
  return data.length;
}

export async function fsStep<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw writeError(error, path);
  }
}

/** File-system failures people can act on; anything else (a full disk, say) passes through. */
function writeError(error: unknown, path: string): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new OpError('io', `cannot write "${path}": permission denied`, 'Choose a folder you may write to, or check its permissions.');
    case 'ENOENT':
    case 'ENOTDIR':
      return new OpError('io', `cannot write "${path}": its folder does not exist`, 'Create the folder first, or choose another --out path.');
    default:
      return error;
  }
}
