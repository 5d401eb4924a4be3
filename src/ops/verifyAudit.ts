import { readAuditRecord, UnreadableEntry } from '../integrity/auditRead.js';
import type { AuditRecord, ImportDigest } from '../integrity/auditEntry.js';
import { entryHash, GENESIS } from '../integrity/chain.js';
import { addDigest, EMPTY_DIGEST, subtractDigest } from '../integrity/digest.js';
import { auditEntries } from '../store/audit.js';
import type { Archive } from '../store/open.js';
import { deletedLaterMarks, lateMediaLinks } from '../store/verify.js';
import type { Problem } from './verify.js';

/** What the audit log says each import's live messages must be: its count and set digest. */
export interface Expected {
  messages: number;
  digest: string;
}

/** What the audit log says later exports found: the files they attached and the deletions they marked. */
interface LaterRecords {
  /** lateKey(…) */
  files: Set<string>;
  /** `messageId:importId` */
  marks: Set<string>;
}

export interface AuditAccount {
  /** By import id. */
  expected: Map<number, Expected>;
  /** How many entries the chain has. */
  entries: number;
  /** Each state of the chain (an entry's hash) with the number of entries it covers. */
  states: Map<string, number>;
  later: LaterRecords;
}

const lateKey = (messageId: number, position: number, sha256: string) => `${messageId}:${position}:${sha256}`;

/** Follows the chain link by link, and sums up what imports added and purges removed, per import. */
export function checkAuditChain(archive: Archive, problems: Problem[]): AuditAccount {
  const account: AuditAccount = { expected: new Map(), entries: 0, states: new Map([[GENESIS, 0]]), later: { files: new Set(), marks: new Set() } };
  let prev = GENESIS;
  let seq = 0;
  for (const entry of auditEntries(archive)) {
    if (entry.seq !== seq + 1) {
      problems.push({ kind: 'audit', auditSeq: seq + 1, detail: `audit entries ${seq + 1}–${entry.seq - 1} are missing` });
    } else if (entry.prevHash !== prev) {
      problems.push({ kind: 'audit', auditSeq: entry.seq, detail: 'the link to the previous audit entry is broken' });
    }
    if (entryHash(entry.prevHash, entry) !== entry.hash) {
      problems.push({ kind: 'audit', auditSeq: entry.seq, detail: `audit entry ${entry.seq} (${entry.operation}) was changed after it was written` });
    }
    prev = entry.hash;
    seq = entry.seq;
    account.states.set(entry.hash, entry.seq);
    let record: AuditRecord | null;
    try {
      record = readAuditRecord(entry.operation, entry.details);
    } catch (error) {
      if (!(error instanceof UnreadableEntry)) throw error;
      problems.push({ kind: 'audit', auditSeq: entry.seq, detail: `audit entry ${entry.seq} is not readable` });
      continue;
    }
    if (record !== null) accountFor(record, account);
  }
  account.entries = seq;
  return account;
}

/** What one entry says about the messages: added to an import, removed from one, or found by a later export. */
function accountFor(record: AuditRecord, account: AuditAccount): void {
  const add = (d: ImportDigest, sign: 1 | -1) => {
    const e = account.expected.get(d.importId) ?? { messages: 0, digest: EMPTY_DIGEST };
    account.expected.set(d.importId, {
      messages: e.messages + sign * d.messages,
      digest: sign === 1 ? addDigest(e.digest, d.digest) : subtractDigest(e.digest, d.digest),
    });
  };
  switch (record.operation) {
    case 'import': {
      const { importId, added, digest, deletedLater = [] } = record.details;
      if (importId === null) return; // wrote no rows
      if (digest !== null) add({ importId, messages: added, digest }, 1);
      for (const id of deletedLater) account.later.marks.add(`${id}:${importId}`);
      return;
    }
    case 'upgrade':
      for (const i of record.details.imports) add(i, 1);
      return;
    case 'purge':
      for (const r of record.details.removed) add(r, -1);
      return;
    case 'media-attached':
      for (const f of record.details.files) account.later.files.add(lateKey(f.messageId, f.position, f.sha256));
      return;
    case 'export':
    case 'retention':
    case 'hold':
    case 'alias':
      return; // no messages added or removed (the policy is checked on its own, ops/policyCheck.ts)
  }
}

/**
 * A file attached to an archived message by a later export (its own hash and the message's stay as they
 * were) must be recorded by a 'media-attached' audit entry; a message marked as deleted on the phone, by
 * the entry of the import that marked it. (The files themselves are checked with every stored file.)
 */
export function checkLaterFindings(archive: Archive, later: LaterRecords, problems: Problem[]): void {
  for (const l of lateMediaLinks(archive)) {
    if (later.files.has(lateKey(l.messageId, l.position, l.sha256))) continue;
    problems.push({ kind: 'media', chat: l.chat, messageId: l.messageId, detail: `message ${l.messageId} has an attachment file (${l.sha256}) that no audit entry records` });
  }
  for (const m of deletedLaterMarks(archive)) {
    if (later.marks.has(`${m.messageId}:${m.importId}`)) continue;
    problems.push({ kind: 'message', messageId: m.messageId, detail: `message ${m.messageId} is marked as deleted on the phone, but no import recorded that` });
  }
}
