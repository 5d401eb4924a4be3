/**
 * A request the archive cannot answer as asked: bad option value (usage), a name that is not there, or
 * an output file that cannot be written (io).
 */
export class OpError extends Error {
  constructor(
    readonly kind: 'usage' | 'not-found' | 'io',
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OpError';
  }
}
