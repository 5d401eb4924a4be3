import fs from 'node:fs';
import { toSourceError } from './fsErrors.js';
import { SourceError } from './types.js';

/**
 * Reads a whole regular file, refusing it before allocating anything when it is larger than
 * `maxBytes`. `tooLarge` builds the refusal, so each caller can say which limit it was.
 */
export function readFileBounded(filePath: string, maxBytes: number, tooLarge: (size: number) => SourceError): Buffer {
  let fd: number | undefined;
  try {
    // stat before open: opening a FIFO or device named like an export would block or never end.
    const stat = fs.statSync(filePath);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new SourceError(`"${filePath}" is not a regular file.`, 'Import the export file itself.');
    if (stat.size > maxBytes) throw tooLarge(stat.size);
    fd = fs.openSync(filePath, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) throw tooLarge(size);
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const read = fs.readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    // A size that changed under us would mean a truncated or half-written export: refuse, never guess.
    if (filled !== size || fs.readSync(fd, Buffer.alloc(1), 0, 1, size) !== 0) {
      throw new SourceError(`"${filePath}" changed while it was being read.`, 'Wait until the file is completely copied or saved, then import it again.');
    }
    return buffer;
  } catch (error) {
    throw toSourceError(error, filePath);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
