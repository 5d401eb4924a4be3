import type { Readable } from 'node:stream';
import type { ChatText } from './decode.js';

/** One export found on disk, ready for the parser: its text and a way to reach its attachments. */
export interface ExportSource {
  /** The path the user named or that was found in a folder: what messages about this export show. */
  source: string;
  /** The chat name derived from the file name (docs/export-format.md, "Chat names"). */
  chatName: string;
  /** The export's chat text: decoded (UTF-8 or UTF-16, BOM and NULs removed) on first use, with the lines that held stray control characters. */
  chatText: ChatText;
  /** When the export file (the .zip or the .txt) was last written, ms since the epoch. */
  madeAt: number;
  /** SHA-256 (hex) of the export file's bytes: the .zip or the .txt (for a folder, its chat text file). */
  sha256: string;
  /** Attachments by exact file name; only files beside the chat text (zip root or same folder). */
  media: MediaLookup;
  /** Releases the open file a zip export keeps for its attachments; call once done with `media`. */
  close(): void;
}

export interface MediaLookup {
  /** Names of all attachment files available (not the chat text). */
  names(): string[];
  /**
   * The file's bytes as a stream, or undefined when no file has that exact name. Reads (or inflates)
   * on demand, never holding the whole file in memory; a limit or damage found while reading fails the
   * stream with a SourceError.
   */
  open(name: string): Promise<Readable | undefined>;
}

/** Bad input: the export cannot be read. The message says what is wrong; the hint what to do. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Size limits that refuse zip bombs and runaway files. Stated in the README. */
export interface SourceLimits {
  /** Largest chat text file, bytes. */
  maxTextBytes: number;
  /** Largest single attachment after decompression, bytes. */
  maxEntryBytes: number;
  /** Largest sum of all entries after decompression, bytes. */
  maxTotalBytes: number;
  /** Most entries in one zip. */
  maxEntries: number;
  /** Highest decompressed/compressed ratio for an entry, or a whole zip, larger than 1 MiB. */
  maxRatio: number;
  /** Largest central directory (the zip's list of entries), bytes: bounds what listing a zip holds in memory. */
  maxDirectoryBytes: number;
}

export const DEFAULT_LIMITS: SourceLimits = {
  maxTextBytes: 512 * 1024 ** 2,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 16 * 1024 ** 3,
  maxEntries: 100_000,
  maxRatio: 200,
  maxDirectoryBytes: 32 * 1024 ** 2,
};
