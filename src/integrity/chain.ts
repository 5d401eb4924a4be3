import { nodeCrypto } from './crypto.js';

/** The hash before the first audit entry. */
export const GENESIS = '0'.repeat(64);

export interface ChainedEntry {
  seq: number;
  at: number;
  operation: string;
  /** The entry's details exactly as stored (JSON text). */
  details: string;
}

/** An audit entry's hash: it covers the previous entry's hash, so changing any entry breaks every later link. */
export function entryHash(prevHash: string, e: ChainedEntry): string {
  return nodeCrypto().hash('sha256', `${prevHash}\n${e.seq}\n${e.at}\n${e.operation}\n${e.details}`);
}
