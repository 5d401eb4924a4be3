import { hash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private.js';

export interface StoredFile {
  sha256: string;
  size: number;
}

export function mediaPath(archiveDir: string, sha256: string): string {
  return join(archiveDir, 'media', sha256.slice(0, 2), sha256);
}

/**
 * Stores an attachment content-addressed under media/, once per content. Written before the database
 * commit that refers to it (a crash in between leaves an unreferenced file, never a dangling reference),
 * and through a temporary name so a file under its final name is always complete.
 */
export function saveMediaFile(archiveDir: string, bytes: Buffer): StoredFile {
  const sha256 = hash('sha256', bytes);
  const target = mediaPath(archiveDir, sha256);
  if (!existsSync(target)) {
    mkdirSync(join(target, '..'), { recursive: true, mode: PRIVATE_DIR_MODE });
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      writeFileSync(temporary, bytes, { flush: true, mode: PRIVATE_FILE_MODE });
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true }); // a full disk must not leave half a file behind
      throw error;
    }
  }
  return { sha256, size: bytes.length };
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
