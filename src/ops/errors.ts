/** A request the archive cannot answer as asked: bad option value (usage) or a name that is not there. */
export class OpError extends Error {
  constructor(
    readonly kind: 'usage' | 'not-found',
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OpError';
  }
}
