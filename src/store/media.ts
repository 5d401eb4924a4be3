import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private.js';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Archive } from './open.js';

export interface StoredFile {
  sha256: string;
  size: number;
}

/** An attachment copied into the archive's folder but not yet under its final name. */
export interface StagedFile extends StoredFile {
  path: string;
}

export function mediaPath(archiveDir: string, sha256: string): string {
  return join(archiveDir, 'media', sha256.slice(0, 2), sha256);
}

/**
 * Copies an attachment's bytes, as they stream in, to a temporary file directly in media/ (where the
 * purge sweep, which looks only in media's sub-folders, never takes it for an orphan), hashing them on
 * the way. Nothing is held in memory whole; the file is flushed to disk before it is used.
 */
export async function stageMediaFile(archiveDir: string, data: Readable): Promise<StagedFile> {
  const folder = join(archiveDir, 'media');
  mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
  const path = join(folder, `.${randomUUID()}.tmp`);
  const digest = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const out = createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE });
  try {
    await pipeline(data, hashing, out);
    const file = await open(path, 'r+');
    await file.sync().finally(() => file.close());
  } catch (error) {
    // A bad entry can fail the pipeline before the file is even opened: wait until the stream is done
    // with it, or the file would appear after its removal.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    rmSync(path, { force: true }); // a full disk or a bad entry must not leave half a file behind
    throw error;
  }
  return { path, sha256: digest.digest('hex'), size };
}

/**
 * Moves a staged attachment to its content-addressed name, once per content: when the archive already
 * has that content, the staged copy is dropped. Called inside the import's write transaction, so the
 * purge sweep cannot take the file for an orphan before its row is committed; a crash before the commit
 * leaves an unreferenced file (swept later), never a dangling reference. Returns whether the file is new.
 */
export function placeStagedMediaFile(archiveDir: string, staged: StagedFile): boolean {
  const target = mediaPath(archiveDir, staged.sha256);
  if (existsSync(target)) {
    rmSync(staged.path, { force: true });
    return false;
  }
  mkdirSync(join(target, '..'), { recursive: true, mode: PRIVATE_DIR_MODE });
  renameSync(staged.path, target);
  return true;
}

/**
 * After a failed import: removes the files it added to media/, each unless the database records it
 * (then some committed import refers to it). Files that were there before are never passed here.
 */
export function removeUnrecordedMediaFiles(archive: Archive, sha256s: readonly string[]): void {
  const recorded = archive.db.prepare('SELECT 1 FROM media_files WHERE sha256 = ?').pluck();
  for (const sha256 of sha256s) {
    if (recorded.get(sha256) === undefined) rmSync(mediaPath(archive.dir, sha256), { force: true });
  }
}

/** A stored attachment's bytes, or undefined when the archive does not have the file. */
export function readMediaFile(archiveDir: string, sha256: string): Buffer | undefined {
  try {
    return readFileSync(mediaPath(archiveDir, sha256));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
