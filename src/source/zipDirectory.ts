import yauzl from 'yauzl';
import { formatBytes } from './bytes.js';
import { toSourceError } from './fsErrors.js';
import { checkEntryCount, LIMIT_HINT } from './zipLimits.js';
import { SourceError, type SourceLimits } from './types.js';

/** What we keep of one central-directory record: little, so 100,000 of them stay small. */
export interface ZipEntry {
  /** As stored ("\" is left as it is: zipEntryName.ts treats it as a separator). */
  entryName: string;
  isDirectory: boolean;
  /** Declared uncompressed size (zip64 sizes included). */
  size: number;
  compressedSize: number;
  crc32: number;
  method: number;
  encrypted: boolean;
  relativeOffsetOfLocalHeader: number;
}

/** An open zip and its list of entries; `close` releases the file. */
export interface ZipDirectory {
  zip: yauzl.ZipFile;
  entries: ZipEntry[];
  /** The zip file's size, bytes: what the whole-zip expansion ratio is measured against. */
  fileSize: number;
  close(): void;
}

/** A central-directory record's fixed part, bytes. */
const RECORD_BYTES = 46;

/**
 * Lists a zip without reading it whole: yauzl reads the end-of-central-directory record (zip64 too),
 * whose entry count is checked before any entry is read; the entries are then read one at a time, and
 * reading stops as soon as the directory outgrows `limits.maxDirectoryBytes`. So neither a zip of
 * millions of entries nor one larger than 4 GiB (or than a Node Buffer) is ever held in memory.
 * `notAZip` builds the refusal for a file that is not a zip we can read.
 */
export async function readZipDirectory(
  zipPath: string,
  limits: SourceLimits,
  zipLabel: string,
  notAZip: () => SourceError,
): Promise<ZipDirectory> {
  let zip: yauzl.ZipFile;
  try {
    // autoClose off: attachments are read after the listing; decodeStrings off: names are checked by us (zipEntryName.ts), not refused by yauzl with its own words.
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code !== undefined ? toSourceError(error, zipPath) : notAZip();
  }
  try {
    checkEntryCount(zip.entryCount, limits, zipLabel);
    const entries: ZipEntry[] = [];
    let directoryBytes = 0;
    for await (const entry of zip.eachEntry()) {
      directoryBytes += RECORD_BYTES + entry.fileNameRaw.length + entry.extraFieldRaw.length + entry.fileCommentRaw.length;
      if (directoryBytes > limits.maxDirectoryBytes) {
        throw new SourceError(
          `${zipLabel} lists more than ${formatBytes(limits.maxDirectoryBytes)} of file names and details, more than this program accepts.`,
          LIMIT_HINT,
        );
      }
      const entryName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      entries.push({
        entryName,
        isDirectory: /[\\/]$/.test(entryName),
        size: entry.uncompressedSize,
        compressedSize: entry.compressedSize,
        crc32: entry.crc32,
        method: entry.compressionMethod,
        encrypted: entry.isEncrypted(),
        relativeOffsetOfLocalHeader: entry.relativeOffsetOfLocalHeader,
      });
    }
    return { zip, entries, fileSize: zip.fileSize, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error instanceof SourceError ? error : notAZip();
  }
}
