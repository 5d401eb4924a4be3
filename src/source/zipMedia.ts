import type AdmZip from 'adm-zip';
import { formatBytes } from './bytes.js';
import { inflateEntry } from './zipInflate.js';
import type { MediaLookup } from './types.js';
import { SourceError } from './types.js';

/**
 * Counts every byte inflated from one zip, so reading the same attachment over and over cannot
 * add up past maxTotalBytes either. The check comes before inflating, never after.
 */
export class InflateBudget {
  private used = 0;

  constructor(
    private readonly maxTotalBytes: number,
    private readonly zipLabel: string,
  ) {}

  inflate(entry: AdmZip.IZipEntry, label: string): Buffer {
    if (this.used + entry.header.size > this.maxTotalBytes) {
      throw new SourceError(
        `Reading ${label} would take more than the ${formatBytes(this.maxTotalBytes)} allowed for ${this.zipLabel}.`,
        'Import this export on its own, or with fewer attachments.',
      );
    }
    const data = inflateEntry(entry, label);
    this.used += data.length;
    return data;
  }
}

/** Attachments of a zip export, by base name, inflated on demand. */
export function zipMediaLookup(attachments: ReadonlyMap<string, AdmZip.IZipEntry>, budget: InflateBudget, zipLabel: string): MediaLookup {
  return {
    names: () => [...attachments.keys()],
    read(name) {
      const entry = attachments.get(name);
      return entry === undefined ? undefined : budget.inflate(entry, `"${entry.entryName}" in ${zipLabel}`);
    },
  };
}
