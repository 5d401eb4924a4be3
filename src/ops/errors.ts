/**
 * A request the archive cannot answer as asked: bad option value (usage), a name that is not there, or
 * an output file that cannot be written (io), an archive whose records were edited behind wa-archive's back
 * (tampered).
 */
export class OpError extends Error {
  constructor(
    readonly kind: 'usage' | 'not-found' | 'io' | 'tampered',
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OpError';
  }
}

// The errors of the layers below that the CLI tells apart (cli talks to ops only: test/layers.test.ts).
export { ArchiveError } from '../store/errors.js';
export { SourceError } from '../source/types.js';
