import type { Readable } from 'node:stream';
import { formatBytes } from './bytes.js';
import type { ZipDirectory, ZipEntry } from './zipDirectory.js';
import { openEntryStream, readEntry } from './zipEntryStream.js';
import type { MediaLookup } from './types.js';
import { SourceError } from './types.js';

/**
 * Counts every byte read from one zip, so reading the same attachment over and over cannot add up
 * past maxTotalBytes either. An entry's declared size is counted before it is read, never after
 * (a stream that turns out longer fails at its declared size: zipEntryStream.ts).
 */
export class InflateBudget {
  private used = 0;

  constructor(
    private readonly dir: ZipDirectory,
    private readonly maxTotalBytes: number,
    private readonly zipLabel: string,
  ) {}

  open(entry: ZipEntry, label: string): Promise<Readable> {
    this.reserve(entry, label);
    return openEntryStream(this.dir, entry, label);
  }

  read(entry: ZipEntry, label: string): Promise<Buffer> {
    this.reserve(entry, label);
    return readEntry(this.dir, entry, label);
  }

  private reserve(entry: ZipEntry, label: string): void {
    if (this.used + entry.size > this.maxTotalBytes) {
      throw new SourceError(
        `Reading ${label} would take more than the ${formatBytes(this.maxTotalBytes)} allowed for ${this.zipLabel}.`,
        'Import this export on its own, or with fewer attachments.',
      );
    }
    this.used += entry.size;
  }
}

/** Attachments of a zip export, by base name, inflated on demand. */
export function zipMediaLookup(attachments: ReadonlyMap<string, ZipEntry>, budget: InflateBudget, zipLabel: string): MediaLookup {
  return {
    names: () => [...attachments.keys()],
    async open(name) {
      const entry = attachments.get(name);
      return entry === undefined ? undefined : budget.open(entry, `"${entry.entryName}" in ${zipLabel}`);
    },
  };
}
