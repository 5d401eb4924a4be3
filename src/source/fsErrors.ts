import { CHECK_PATH_HINT } from './hints.js';
import { SourceError } from './types.js';

/**
 * Turns a file-system failure into a SourceError people can act on. Anything that is already a
 * SourceError passes through, so callers can wrap whole blocks.
 */
export function toSourceError(error: unknown, filePath: string): SourceError {
  if (error instanceof SourceError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new SourceError(`"${filePath}" does not exist.`, CHECK_PATH_HINT);
    case 'ENOTDIR':
      return new SourceError(`"${filePath}" does not exist: part of the path is a file, not a folder.`, CHECK_PATH_HINT);
    case 'EACCES':
    case 'EPERM':
      return new SourceError(
        `You do not have permission to read "${filePath}".`,
        'Check the permissions of the file and its folder, or copy it to a folder of your own and import the copy.',
      );
    case 'EISDIR':
      return new SourceError(`"${filePath}" is a folder, not a file.`, CHECK_PATH_HINT);
    case 'ELOOP':
      return new SourceError(`"${filePath}" is a link that cannot be followed.`, 'Import the file itself rather than a link to it.');
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new SourceError(`Could not read "${filePath}": ${detail}`, 'Check that the disk is connected and readable, then try again.');
    }
  }
}
