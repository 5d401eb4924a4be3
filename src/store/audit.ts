import type Database from 'better-sqlite3';
import type { AuditOperation, AuditRecord } from '../integrity/auditEntry.js';
import { entryHash, GENESIS, type ChainedEntry } from '../integrity/chain.js';
import { mapBusy } from './errors.js';
import type { Archive } from './open.js';

/** An audit entry as stored (integrity/auditRead.ts reads its details back as its kind). */
export interface AuditEntry {
  seq: number;
  at: number;
  /** One of AuditOperation, unless a later version of wa-archive wrote it. */
  operation: string;
  /** JSON text, as stored and hashed. */
  details: string;
  prevHash: string;
  hash: string;
}

/**
 * Appends an entry to the audit chain. Call it inside the write transaction of the change it records, so
 * the change and its entry commit together or not at all. `hashEntry`: a released migration passes the
 * copy of the chain hash it was released with (store/schemaHashes.ts).
 */
export function appendAudit(
  db: Database.Database,
  at: number,
  record: AuditRecord,
  hashEntry: (prevHash: string, e: ChainedEntry) => string = entryHash,
): string {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const entry = { seq: (last?.seq ?? 0) + 1, at, operation: record.operation, details: JSON.stringify(record.details) };
  const hash = hashEntry(last?.hash ?? GENESIS, entry);
  db.prepare('INSERT INTO audit_log (seq, at, operation, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)').run(
    entry.seq, entry.at, entry.operation, entry.details, last?.hash ?? GENESIS, hash,
  );
  return hash;
}

/** Appends an entry in a transaction of its own, for operations that change nothing else (exports). */
export function recordAudit(archive: Archive, at: number, record: AuditRecord): string {
  return mapBusy(() => archive.db.transaction(() => appendAudit(archive.db, at, record)).immediate());
}

/** The audit entries in order, from `sinceMs` on; streamed. */
export function auditEntries(archive: Archive, sinceMs: number | null = null): IterableIterator<AuditEntry> {
  return archive.db
    .prepare(
      `SELECT seq, at, operation, details, prev_hash AS prevHash, hash FROM audit_log
        WHERE @since IS NULL OR at >= @since ORDER BY seq`,
    )
    .iterate({ since: sinceMs }) as IterableIterator<AuditEntry>;
}

/** The entries that set retention and holds, in order (integrity/policy.ts replays them). */
export function policyEntries(archive: Archive): AuditEntry[] {
  return archive.db
    .prepare(`SELECT seq, at, operation, details, prev_hash AS prevHash, hash FROM audit_log WHERE operation IN ('retention', 'hold') ORDER BY seq`)
    .all() as AuditEntry[];
}

export interface ArchiveIdentity {
  archiveId: string;
  /** The hash of the newest audit entry (or GENESIS for an archive with none): the archive's state. */
  fingerprint: string;
  /** How many audit entries the fingerprint covers. */
  entries: number;
}

/**
 * The archive's id and fingerprint. `recordsOnly`: the fingerprint of the newest entry that changed the
 * records (exports change nothing), so every export of an unchanged archive names the same state.
 */
export function archiveIdentity(archive: Archive, recordsOnly = false): ArchiveIdentity {
  const archiveId = archive.db.prepare('SELECT archive_id FROM archive_info WHERE id = 1').pluck().get() as string;
  const last = archive.db
    .prepare(`SELECT seq, hash FROM audit_log ${recordsOnly ? "WHERE operation <> 'export'" : ''} ORDER BY seq DESC LIMIT 1`)
    .get() as { seq: number; hash: string } | undefined;
  return { archiveId, fingerprint: last?.hash ?? GENESIS, entries: last?.seq ?? 0 };
}

/** The newest entries of one operation, newest first; streamed, so a caller can stop at the one it wants. */
export function latestAudit(archive: Archive, operation: AuditOperation): IterableIterator<AuditEntry> {
  return archive.db
    .prepare('SELECT seq, at, operation, details, prev_hash AS prevHash, hash FROM audit_log WHERE operation = ? ORDER BY seq DESC')
    .iterate(operation) as IterableIterator<AuditEntry>;
}

/** The stored hash of audit entry `seq`, if there is one. */
export function auditEntryHash(archive: Archive, seq: number): string | undefined {
  return archive.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(seq) as string | undefined;
}
