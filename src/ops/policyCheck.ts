import type { AuditRecord } from '../integrity/auditEntry.js';
import { readAuditRecord, UnreadableEntry } from '../integrity/auditRead.js';
import { emptyPolicy, policyDifferences, replayPolicy } from '../integrity/policy.js';
import { policyEntries } from '../store/audit.js';
import type { Archive } from '../store/open.js';
import { policyInForce } from '../store/retention.js';

/**
 * How the retention and holds in force differ from what the audit log's entries made them (an edit behind
 * wa-archive's back, say with a SQLite browser); [] when they agree. Verify reports these; purge refuses.
 */
export function policyTampering(archive: Archive): string[] {
  const logged = emptyPolicy();
  for (const entry of policyEntries(archive)) {
    let record: AuditRecord | null;
    try {
      record = readAuditRecord(entry.operation, entry.details);
    } catch (error) {
      if (!(error instanceof UnreadableEntry)) throw error;
      return [`audit entry ${entry.seq} (${entry.operation}) is not readable, so the policy it set is unknown`];
    }
    if (record !== null) replayPolicy(logged, record, entry.at);
  }
  return policyDifferences(logged, policyInForce(archive));
}
