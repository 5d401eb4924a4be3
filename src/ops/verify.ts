import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { entryHash, GENESIS } from '../integrity/chain.js';
import { addDigest, EMPTY_DIGEST, messageHash, SetDigest, subtractDigest } from '../integrity/digest.js';
import { archiveIdentity, auditEntries } from '../store/audit.js';
import { ArchiveError } from '../store/errors.js';
import { saveVerifyRun } from '../store/verifyRuns.js';
import { hashedRows } from '../store/hashed.js';
import { mediaPath } from '../store/media.js';
import type { Archive } from '../store/open.js';
import {
  checkSearchIndex, danglingMediaRefs, deletedLaterMarks, importInfos, inSnapshot, lateMediaLinks, mediaStillRecorded, searchDataOnlyBehind, storedMediaFiles,
  type StoredMediaFile,
} from '../store/verify.js';
import { searchDataIsFresh } from '../store/vocabulary.js';
import { policyTampering } from './policyCheck.js';
import { appendWitness, checkWitness, readWitness, type WitnessCheck } from './witness.js';

export type ProblemKind = 'audit' | 'message' | 'import' | 'media' | 'search-index' | 'vocabulary' | 'policy' | 'witness';

/** One thing found wrong, with what it is about (where known) and what is wrong with it. */
export interface Problem {
  kind: ProblemKind;
  chat?: string;
  messageId?: number;
  importId?: number;
  file?: string;
  auditSeq?: number;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  archiveId: string;
  fingerprint: string;
  checked: { auditEntries: number; messages: number; imports: number; mediaFiles: number };
  problems: Problem[];
  /** Things worth knowing that are not problems (they do not make `ok` false). */
  notes: string[];
  /** With a witness file: what was checked against it, and the line appended (null when not ok). */
  witness?: WitnessCheck;
}

export interface VerifyOptions {
  /** A file of fingerprints kept elsewhere (ops/witness.ts): each must still be a state of the chain. */
  witness?: string;
  now: Date;
}

/** What the audit log says each import's live messages must be: its count and set digest. */
interface Expected {
  messages: number;
  digest: string;
}

/**
 * Re-checks the whole archive against its own records; reads only (but for appending to the witness file).
 * Everything is read in one snapshot, so an import or purge running meanwhile neither fails it nor waits.
 */
export function verifyArchive(archive: Archive, options: VerifyOptions): VerifyResult {
  const witnessed = options.witness === undefined ? undefined : readWitness(options.witness);
  const problems: Problem[] = [];
  const notes: string[] = [];
  const missing: MissingFile[] = [];
  const result = inSnapshot(archive, (): VerifyResult => {
    const identity = archiveIdentity(archive);
    const { expected, entries, states, later } = checkAuditChain(archive, problems);
    const { messages, imports } = checkMessages(archive, expected, problems);
    const mediaFiles = checkMedia(archive, problems, missing);
    checkLaterFindings(archive, later, problems);
    checkIndex(archive, problems, notes);
    for (const detail of policyTampering(archive)) problems.push({ kind: 'policy', detail });
    const witness = witnessed === undefined ? undefined : checkWitness(witnessed, states, entries, problems);
    return {
      ok: false,
      archiveId: identity.archiveId,
      fingerprint: identity.fingerprint,
      checked: { auditEntries: entries, messages, imports, mediaFiles },
      problems,
      notes,
      ...(witness === undefined ? {} : { witness }),
    };
  });
  // A purge deletes its files after its commit (and an import may write one again before its own): a file
  // missing from this snapshot's view is a problem only while the archive as it is now records it and it
  // is still not there.
  problems.push(...missing.filter((m) => mediaStillRecorded(archive, m.file.sha256) && fileState(m.path, m.file) === 'missing').map((m) => m.problem));
  result.ok = problems.length === 0;
  if (result.ok && result.witness !== undefined) {
    result.witness.appended = appendWitness(options.witness!, options.now, result.fingerprint, result.checked);
  }
  return result;
}

/** Follows the chain link by link, and sums up what imports added and purges removed, per import. */
function checkAuditChain(
  archive: Archive,
  problems: Problem[],
): { expected: Map<number, Expected>; entries: number; states: Map<string, number>; later: LaterRecords } {
  const states = new Map<string, number>([[GENESIS, 0]]);
  const expected = new Map<number, Expected>();
  const later: LaterRecords = { files: new Set(), marks: new Set() };
  const account = (importId: number, messages: number, digest: string, sign: 1 | -1) => {
    const e = expected.get(importId) ?? { messages: 0, digest: EMPTY_DIGEST };
    expected.set(importId, {
      messages: e.messages + sign * messages,
      digest: sign === 1 ? addDigest(e.digest, digest) : subtractDigest(e.digest, digest),
    });
  };
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
    states.set(entry.hash, entry.seq);
    let details: AuditAccounting;
    try {
      details = JSON.parse(entry.details) as AuditAccounting;
    } catch {
      problems.push({ kind: 'audit', auditSeq: entry.seq, detail: `audit entry ${entry.seq} is not readable` });
      continue;
    }
    if (entry.operation === 'import' && typeof details.importId === 'number' && details.digest) {
      account(details.importId, details.added ?? 0, details.digest, 1);
    }
    for (const i of entry.operation === 'upgrade' ? (details.imports ?? []) : []) account(i.importId, i.messages, i.digest, 1);
    for (const r of entry.operation === 'purge' ? (details.removed ?? []) : []) account(r.importId, r.messages, r.digest, -1);
    for (const f of entry.operation === 'media-attached' ? (details.files ?? []) : []) later.files.add(lateKey(f.messageId, f.position, f.sha256));
    if (entry.operation === 'import' && Array.isArray(details.deletedLater)) {
      for (const id of details.deletedLater) later.marks.add(`${id}:${details.importId}`);
    }
  }
  return { expected, entries: seq, states, later };
}

/** What the audit log says later exports found: the files they attached and the deletions they marked. */
interface LaterRecords {
  files: Set<string>;
  /** `messageId:importId` */
  marks: Set<string>;
}

const lateKey = (messageId: number, position: number, sha256: string) => `${messageId}:${position}:${sha256}`;

/**
 * A file attached to an archived message by a later export (its own hash and the message's stay as they
 * were) must be recorded by a 'media-attached' audit entry; a message marked as deleted on the phone, by
 * the entry of the import that marked it. (The files themselves are checked with every stored file.)
 */
function checkLaterFindings(archive: Archive, later: LaterRecords, problems: Problem[]): void {
  for (const l of lateMediaLinks(archive)) {
    if (later.files.has(lateKey(l.messageId, l.position, l.sha256))) continue;
    problems.push({ kind: 'media', chat: l.chat, messageId: l.messageId, detail: `message ${l.messageId} has an attachment file (${l.sha256}) that no audit entry records` });
  }
  for (const m of deletedLaterMarks(archive)) {
    if (later.marks.has(`${m.messageId}:${m.importId}`)) continue;
    problems.push({ kind: 'message', messageId: m.messageId, detail: `message ${m.messageId} is marked as deleted on the phone, but no import recorded that` });
  }
}

/** The parts of audit details that account for messages. */
interface AuditAccounting {
  importId?: number | null;
  added?: number;
  digest?: string | null;
  imports?: Array<{ importId: number; messages: number; digest: string }>;
  removed?: Array<{ importId: number; messages: number; digest: string }>;
  files?: Array<{ messageId: number; position: number; sha256: string }>;
  deletedLater?: number[];
}

const MESSAGE_PROBLEMS_LISTED = 100;

/** Every message against its own hash, and each import's live messages against what the log accounts for. */
function checkMessages(archive: Archive, expected: Map<number, Expected>, problems: Problem[]): { messages: number; imports: number } {
  const live = new Map<number, SetDigest>();
  let messages = 0;
  let listed = 0;
  let unlisted = 0;
  const report = (p: Problem) => (listed++ < MESSAGE_PROBLEMS_LISTED ? problems.push(p) : unlisted++);
  for (const rows of hashedRows(archive.db)) {
    for (const row of rows) {
      messages++;
      if (row.storedHash === null) {
        report({ kind: 'message', chat: row.chat, messageId: row.id, detail: `message ${row.id} was added outside wa-archive (it has no content hash)` });
        continue;
      }
      if (messageHash(row.chat, row.message) !== row.storedHash) {
        report({ kind: 'message', chat: row.chat, messageId: row.id, detail: `message ${row.id} (${row.message.local}) was changed after it was archived` });
      }
      let digest = live.get(row.importId);
      if (digest === undefined) live.set(row.importId, (digest = new SetDigest()));
      digest.add(row.storedHash);
    }
  }
  if (unlisted > 0) problems.push({ kind: 'message', detail: `${unlisted} more message problems not listed` });
  const infos = importInfos(archive);
  for (const importId of new Set([...expected.keys(), ...live.keys()])) {
    const want = expected.get(importId) ?? { messages: 0, digest: EMPTY_DIGEST };
    const have = live.get(importId);
    const count = have?.count ?? 0;
    if (count === want.messages && (have?.toHex() ?? EMPTY_DIGEST) === want.digest) continue;
    const info = infos.get(importId);
    const what = info === undefined ? `import ${importId} (not in the archive's list of imports)` : `import ${importId} of ${info.source}`;
    const detail =
      count < want.messages ? `${want.messages - count} message(s) of ${what} were deleted without a purge`
      : count > want.messages ? `${count - want.messages} message(s) in ${what} were added outside wa-archive`
      : `messages of ${what} were altered (their hashes no longer add up to what the audit log recorded)`;
    problems.push({ kind: 'import', chat: info?.chat, importId, detail });
  }
  return { messages, imports: infos.size };
}

/**
 * Every stored file against its SHA-256 and size; every reference against the stored files. Missing files
 * go to `missing`, to be looked at again against the archive as it is after the snapshot.
 */
function checkMedia(archive: Archive, problems: Problem[], missing: MissingFile[]): number {
  let files = 0;
  for (const f of storedMediaFiles(archive)) {
    files++;
    const path = mediaPath(archive.dir, f.sha256);
    const state = fileState(path, f);
    if (state === 'missing') {
      missing.push({ path, file: f, problem: { kind: 'media', file: path, detail: `media file ${f.sha256} is missing (${f.refs} message(s) refer to it)` } });
    } else if (state === 'changed') {
      problems.push({ kind: 'media', file: path, detail: `media file ${f.sha256} was changed (its content no longer matches its SHA-256)` });
    }
  }
  for (const r of danglingMediaRefs(archive)) {
    problems.push({ kind: 'media', chat: r.chat, messageId: r.messageId, detail: `message ${r.messageId} refers to a media file the archive does not record (${r.sha256})` });
  }
  return files;
}

interface MissingFile {
  path: string;
  file: StoredMediaFile;
  problem: Problem;
}

function fileState(path: string, f: StoredMediaFile): 'ok' | 'missing' | 'changed' {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return 'missing';
  }
  return bytes.length === f.size && hash('sha256', bytes) === f.sha256 ? 'ok' : 'changed';
}

function checkIndex(archive: Archive, problems: Problem[], notes: string[]): void {
  const index = checkSearchIndex(archive);
  for (const m of index.unindexed) {
    problems.push({ kind: 'search-index', chat: m.chat, messageId: m.id, detail: `message ${m.id} is missing from the search index` });
  }
  for (const id of index.stray) problems.push({ kind: 'search-index', messageId: id, detail: `the search index holds an entry for message ${id}, which does not exist` });
  if (index.indexed !== index.messages && index.unindexed.length === 0 && index.stray.length === 0) {
    problems.push({ kind: 'search-index', detail: `the search index has ${index.indexed} entries for ${index.messages} messages` });
  }
  if (index.error !== null) problems.push({ kind: 'search-index', detail: `the search index does not match the messages (${index.error})` });
  if (index.messages === 0 || searchDataIsFresh(archive)) return;
  if (searchDataOnlyBehind(archive)) {
    notes.push('the search vocabulary (for --fuzzy and "did you mean") lacks the newest messages: an import is running, or one was stopped; importing any export again rebuilds it');
  } else {
    problems.push({
      kind: 'vocabulary',
      detail: 'the search vocabulary (for --fuzzy and "did you mean") is out of date; importing any export again, even one already imported, rebuilds it',
    });
  }
}

/**
 * Keeps the outcome of a verification (not in the audit log: a check changes no record), so `status` can
 * say when the archive was last checked. Best effort: a read-only archive, or one kept busy by another
 * writer, was still verified.
 */
export function recordVerification(archive: Archive, result: VerifyResult, now: Date): void {
  try {
    saveVerifyRun(archive, { at: now.getTime(), ok: result.ok, problems: result.problems.length, fingerprint: result.fingerprint });
  } catch (error) {
    if (!(error instanceof ArchiveError && error.code === 'busy') && !isReadOnly(error)) throw error;
  }
}

function isReadOnly(error: unknown): boolean {
  return String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY');
}
