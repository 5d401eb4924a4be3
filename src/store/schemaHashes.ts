// The hash functions as schema 3's migration was released with (schema.ts MIGRATIONS[2], store/adopt.ts).
// A released migration must keep doing what it did, whatever becomes of the live functions
// (integrity/digest.ts messageHash, integrity/chain.ts entryHash), so it calls these copies. Never edit
// them: a migration released later with other hashes gets copies of its own (V2…).
import { nodeCrypto } from '../integrity/crypto.js';
import type { ChainedEntry } from '../integrity/chain.js';
import type { HashedMessage } from '../integrity/digest.js';

/** A message's content hash, version 1. */
export function messageHashV1(chat: string, m: HashedMessage): string {
  const media = m.media.length === 0 ? '' : JSON.stringify(m.media.map((f) => [f.name, f.sha256]));
  const author = m.author === null ? '-' : `${m.author.length}:${m.author}`;
  return nodeCrypto().hash(
    'sha256',
    `${chat.length}:${chat}|${m.ident}|${m.ts}|${m.local}|${author}|${m.kind}|${m.edited ? 1 : 0}|` +
      `${m.text.length}:${m.text}|${m.original.length}:${m.original}|${media}`,
  );
}

/** An audit entry's chain hash, version 1. */
export function entryHashV1(prevHash: string, e: ChainedEntry): string {
  return nodeCrypto().hash('sha256', `${prevHash}\n${e.seq}\n${e.at}\n${e.operation}\n${e.details}`);
}
