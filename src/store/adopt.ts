import type Database from 'better-sqlite3';
import { SetDigest } from '../integrity/digest.js';
import { appendAudit } from './audit.js';
import { hashedRows } from './hashed.js';
import { entryHashV1, messageHashV1 } from './schemaHashes.js';

/**
 * Gives the messages of an archive made before content hashes existed their hashes, and records one
 * 'upgrade' audit entry with the count and digest of each import's messages, as verify's starting point.
 * Schema 3's migration: it hashes with the functions it was released with (store/schemaHashes.ts).
 */
export function adoptMessages(db: Database.Database, now: Date): void {
  const setHash = db.prepare('UPDATE messages SET hash = ? WHERE id = ?');
  const perImport = new Map<number, SetDigest>();
  for (const rows of hashedRows(db)) {
    for (const row of rows) {
      const hash = messageHashV1(row.chat, row.message);
      setHash.run(hash, row.id);
      let digest = perImport.get(row.importId);
      if (digest === undefined) perImport.set(row.importId, (digest = new SetDigest()));
      digest.add(hash);
    }
  }
  if (perImport.size === 0) return;
  const imports = [...perImport].map(([importId, d]) => ({ importId, messages: d.count, digest: d.toHex() }));
  appendAudit(db, now.getTime(), { operation: 'upgrade', details: { reason: 'content hashes added to existing messages', imports } }, entryHashV1);
}
