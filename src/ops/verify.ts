import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EMPTY_DIGEST, messageHash, SetDigest } from '../integrity/digest.js';
import { archiveIdentity } from '../store/audit.js';
import { ArchiveError } from '../store/errors.js';
import { saveVerifyRun } from '../store/verifyRuns.js';
import { hashedRows } from '../store/hashed.js';
import { mediaPath } from '../store/media.js';
import type { Archive } from '../store/open.js';
import { inSnapshot } from '../store/snapshot.js';
import {
  checkSearchIndex, danglingMediaRefs, importInfos, mediaStillRecorded, searchDataOnlyBehind, storedMediaFiles, type StoredMediaFile,
} from '../store/verify.js';
import { searchDataIsFresh } from '../store/vocabulary.js';
import { policyTampering } from './policyCheck.js';
import { checkAuditChain, checkLaterFindings, type Expected } from './verifyAudit.js';
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
