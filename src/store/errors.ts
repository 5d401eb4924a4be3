export type ArchiveErrorCode = 'missing' | 'newer-version' | 'not-an-archive' | 'busy' | 'io';

/** A problem with the archive itself (not with an export). The CLI maps `busy` to exit 75. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** SQLite's busy/locked codes, after the busy timeout ran out. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function busyError(): ArchiveError {
  return new ArchiveError(
    'busy',
    'the archive is busy: another wa-archive is writing to it and did not finish in time',
    'Try again later, or raise WA_ARCHIVE_BUSY_TIMEOUT (milliseconds to wait).',
  );
}

/** Runs `work`, reporting SQLite's busy error (the wait for another writer ran out) as the archive's `busy`. */
export function mapBusy<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isBusy(error)) throw busyError();
    throw error;
  }
}
