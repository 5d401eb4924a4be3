import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { formatBytes } from './bytes.js';
import { toSourceError } from './fsErrors.js';
import type { MediaLookup, SourceLimits } from './types.js';
import { SourceError } from './types.js';

/**
 * Attachments lying beside a chat text on disk (an unzipped export), read on demand.
 * A name is served only if the folder listing holds exactly that name: this keeps lookups exact on
 * case-insensitive disks and makes names like "../x" or "a/b" impossible to reach. Hidden files
 * (".DS_Store"…), sub-folders and symbolic links are not attachments. A file is read as a stream, and
 * one that grows past the limit while it is read fails the stream.
 */
export function folderMediaLookup(folder: string, chatTextName: string, limits: SourceLimits): MediaLookup {
  let listing: Set<string> | undefined;
  const available = (): Set<string> => (listing ??= listAttachments(folder, chatTextName));
  return {
    names: () => [...available()],
    async open(name) {
      if (!available().has(name)) return undefined;
      const filePath = path.join(folder, name);
      const tooLarge = (size: number) =>
        new SourceError(
          `The attachment "${filePath}" is ${formatBytes(size)}, more than the ${formatBytes(limits.maxEntryBytes)} allowed for one attachment.`,
          'Move that file out of the export folder to import the chat without it.',
        );
      let size: number;
      try {
        size = fs.statSync(filePath).size;
      } catch (error) {
        throw toSourceError(error, filePath);
      }
      if (size > limits.maxEntryBytes) throw tooLarge(size);
      let read = 0;
      const file = fs.createReadStream(filePath);
      const bounded = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          read += chunk.length;
          done(read > limits.maxEntryBytes ? tooLarge(read) : null, chunk);
        },
      });
      file.on('error', (error) => bounded.destroy(toSourceError(error, filePath)));
      bounded.on('close', () => file.destroy());
      return file.pipe(bounded);
    },
  };
}

function listAttachments(folder: string, chatTextName: string): Set<string> {
  try {
    const entries = fs.readdirSync(folder, { withFileTypes: true });
    return new Set(
      entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && entry.name !== chatTextName)
        .map((entry) => entry.name)
        .sort(),
    );
  } catch (error) {
    throw toSourceError(error, folder);
  }
}
