import { formatBytes } from './bytes.js';
import type { SourceLimits } from './types.js';
import type { ZipEntry } from './zipDirectory.js';
import { SourceError } from './types.js';

/** Below this size a high compression ratio is normal (a chat text of repeated lines) and harmless. */
const RATIO_CHECK_FROM_BYTES = 1024 ** 2;

export const LIMIT_HINT =
  'WhatsApp exports never look like this. Import the zip exactly as WhatsApp created it (More > Export chat); if it came from someone else, do not open it.';

/** Refuses a zip with too many entries before anything in it is looked at more closely. */
export function checkEntryCount(count: number, limits: SourceLimits, zipLabel: string): void {
  if (count > limits.maxEntries) {
    throw new SourceError(
      `${zipLabel} holds ${count} files and folders, more than the ${limits.maxEntries} this program accepts.`,
      LIMIT_HINT,
    );
  }
}

/**
 * Refuses, from the sizes the headers declare and before inflating anything, an entry or a whole
 * zip that would unpack to more than the limits allow, and entries or whole zips compressed so well
 * they can only be a zip bomb (3,000 entries of 1 MiB each pass the per-entry ratio check, not the
 * whole-zip one). Headers can lie; inflating never goes past the declared size (zipEntryStream.ts).
 * `zipBytes` is the zip file's size.
 */
export function checkDeclaredSizes(
  files: readonly ZipEntry[],
  chatText: ZipEntry,
  limits: SourceLimits,
  zipLabel: string,
  zipBytes: number,
): void {
  let total = 0;
  for (const file of files) {
    const { size, compressedSize } = file;
    const label = `"${file.entryName}" in ${zipLabel}`;
    const [limit, what] = file === chatText ? [limits.maxTextBytes, 'a chat text'] : [limits.maxEntryBytes, 'one attachment'];
    if (size > limit) {
      throw new SourceError(`${label} is ${formatBytes(size)}, more than the ${formatBytes(limit)} allowed for ${what}.`, LIMIT_HINT);
    }
    if (size > RATIO_CHECK_FROM_BYTES && size / compressedSize > limits.maxRatio) {
      throw new SourceError(
        `${label} would unpack from ${formatBytes(compressedSize)} to ${formatBytes(size)}: a "zip bomb" made to fill the memory or disk. Nothing was unpacked.`,
        LIMIT_HINT,
      );
    }
    total += size;
  }
  if (total > limits.maxTotalBytes) {
    throw new SourceError(
      `${zipLabel} would unpack to ${formatBytes(total)}, more than the ${formatBytes(limits.maxTotalBytes)} allowed for one export.`,
      LIMIT_HINT,
    );
  }
  if (total > RATIO_CHECK_FROM_BYTES && total / Math.max(1, zipBytes) > limits.maxRatio) {
    throw new SourceError(
      `${zipLabel} would unpack from ${formatBytes(zipBytes)} to ${formatBytes(total)}, more than ${limits.maxRatio} times its size: a "zip bomb" made to fill the memory or disk. Nothing was unpacked.`,
      LIMIT_HINT,
    );
  }
}
