import { createHash, hash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { readableRecords } from '../integrity/auditRead.js';
import { GENESIS } from '../integrity/chain.js';
import { compareFiles, MANIFEST_PATH, ManifestError, parseManifest, type BundleManifest } from '../integrity/manifest.js';
import { DEFAULT_LIMITS, SourceError } from '../source/types.js';
import { readZipDirectory, type ZipDirectory, type ZipEntry } from '../source/zipDirectory.js';
import { isUnsafeEntryName } from '../source/zipEntryName.js';
import { checkDeclaredSizes } from '../source/zipLimits.js';
import { InflateBudget } from '../source/zipMedia.js';
import { archiveIdentity, auditEntries, auditEntryHash } from '../store/audit.js';
import type { Archive } from '../store/open.js';

export type BundleProblemKind = 'changed' | 'added' | 'removed' | 'manifest' | 'archive';

export interface BundleProblem {
  /** The file in the bundle the problem is about (manifest.json for the manifest and the archive check). */
  path: string;
  problem: BundleProblemKind;
  detail: string;
}

export interface BundleVerification {
  bundle: string;
  ok: boolean;
  /** The archive fingerprint the bundle carries (null when its manifest cannot be read). */
  fingerprint: string | null;
  /** What the manifest says, or null when it cannot be read. */
  manifest: Pick<BundleManifest, 'createdAt' | 'tool' | 'archive' | 'selection' | 'counts' | 'first' | 'last'> | null;
  /** How many files the bundle holds besides manifest.json. */
  files: number;
  /** Whether the bundle was also checked against an archive (its id and audit history). */
  archiveChecked: boolean;
  problems: BundleProblem[];
}

const DETAILS: Record<'changed' | 'added' | 'removed', string> = {
  changed: 'its content differs from the SHA-256 in manifest.json',
  added: 'it is in the bundle but not listed in manifest.json',
  removed: 'manifest.json lists it but it is not in the bundle',
};

/**
 * Checks an export bundle: recomputes every file's SHA-256 and compares the files with its manifest;
 * with `archive`, also that the bundle was made from that archive and its history still holds the state
 * the bundle records. The zip is read with the import's guards against hostile zips (entry count, names,
 * sizes, ratios), one entry at a time as a stream, so neither its size nor its entries' sizes are bound by memory.
 */
export async function verifyBundle(file: string, archive?: Archive): Promise<BundleVerification> {
  const contents = await readBundle(file);
  const result: BundleVerification = { bundle: file, ok: false, fingerprint: null, manifest: null, files: contents.count, archiveChecked: archive !== undefined, problems: [] };
  let manifest: BundleManifest;
  try {
    if (contents.manifest === undefined) throw new ManifestError('it is missing: this is not a wa-archive bundle, or its manifest was removed');
    manifest = parseManifest(new TextDecoder('utf-8', { fatal: true }).decode(contents.manifest));
  } catch (error) {
    if (!(error instanceof ManifestError || error instanceof TypeError)) throw error;
    const why = error instanceof ManifestError ? error.message : 'it is not UTF-8 text';
    result.problems.push({ path: MANIFEST_PATH, problem: 'manifest', detail: `manifest.json cannot be used: ${why}` });
    return result;
  }
  const { createdAt, tool, archive: identity, selection, counts, first, last } = manifest;
  result.manifest = { createdAt, tool, archive: identity, selection, counts, first, last };
  result.fingerprint = identity.fingerprint;
  result.problems = compareFiles(manifest.files, contents.files).map((p) => ({ ...p, detail: DETAILS[p.problem] }));
  if (archive !== undefined) result.problems.push(...checkAgainstArchive(archive, manifest, hash('sha256', contents.manifest!)));
  result.ok = result.problems.length === 0;
  return result;
}

/**
 * The bundle's archive id must be this archive's, its fingerprint the hash of that audit entry here, and a
 * later export entry must record its manifest's hash (which covers every file's hash): someone who edits
 * a bundle and recomputes its hashes cannot also add to the archive's log.
 */
function checkAgainstArchive(archive: Archive, manifest: BundleManifest, manifestSha256: string): BundleProblem[] {
  const { archiveId, fingerprint, entries } = manifest.archive;
  const here = archiveIdentity(archive);
  const problem = (detail: string): BundleProblem[] => [{ path: MANIFEST_PATH, problem: 'archive', detail }];
  if (here.archiveId !== archiveId) return problem(`the bundle was made from archive ${archiveId}, not from this one (${here.archiveId})`);
  const hashHere = entries === 0 ? GENESIS : auditEntryHash(archive, entries);
  if (hashHere === undefined) return problem(`the bundle's fingerprint covers ${entries} audit entries, but this archive's log has only ${here.entries}`);
  if (hashHere !== fingerprint) {
    return problem(`the bundle's fingerprint ${fingerprint} is not this archive's audit entry ${entries} (${hashHere}): the bundle or the archive's history was altered`);
  }
  if (!exportRecorded(archive, entries, manifestSha256)) {
    return problem(`this archive's audit log records no export of this manifest (SHA-256 ${manifestSha256}): the bundle was changed after it was made`);
  }
  return [];
}

/** Whether an export entry after entry `from` records a bundle manifest with this hash. */
function exportRecorded(archive: Archive, from: number, manifestSha256: string): boolean {
  for (const { entry, record } of readableRecords(auditEntries(archive))) {
    if (entry.seq > from && record.operation === 'export' && record.details.format === 'bundle' && record.details.manifest === manifestSha256) return true;
  }
  return false;
}

const BUNDLE_HINT = 'Check the path, or ask the sender for the bundle again (a .zip made by "wa-archive export --format bundle").';

interface BundleContents {
  manifest: Buffer | undefined;
  /** Every other file's SHA-256 and size, by entry name (empty when there is no manifest to check them against). */
  files: Map<string, { sha256: string; size: number }>;
  /** How many files the zip holds besides the manifest. */
  count: number;
}

/** Reads the zip, or throws a SourceError (exit 1) for a file that is not a zip we may safely read. */
async function readBundle(file: string): Promise<BundleContents> {
  const label = `"${file}"`;
  const dir = await readZipDirectory(file, DEFAULT_LIMITS, label, () =>
    new SourceError(`${label} is not a zip file (it may be damaged or only partly copied).`, BUNDLE_HINT),
  );
  try {
    return await readBundleEntries(dir, label);
  } finally {
    dir.close();
  }
}

async function readBundleEntries(dir: ZipDirectory, label: string): Promise<BundleContents> {
  const unsafe = dir.entries.find((entry) => isUnsafeEntryName(entry.entryName));
  if (unsafe !== undefined) {
    throw new SourceError(
      `${label} was refused: it contains a file named "${unsafe.entryName}", which points outside the zip. wa-archive never makes such bundles; this one may have been made to attack your computer.`,
      'Do not unzip it. Ask the sender for the bundle again.',
    );
  }
  const entries = dir.entries.filter((entry) => !entry.isDirectory);
  const manifestEntry = entries.find((entry) => entry.entryName === MANIFEST_PATH);
  const files = new Map<string, { sha256: string; size: number }>();
  const count = entries.length - (manifestEntry === undefined ? 0 : 1);
  if (manifestEntry === undefined) return { manifest: undefined, files, count };
  // The manifest is held to a chat text's limits, every other file to an attachment's.
  checkDeclaredSizes(entries, manifestEntry, DEFAULT_LIMITS, label, dir.fileSize);
  const budget = new InflateBudget(dir, DEFAULT_LIMITS.maxTotalBytes, label);
  const entryLabel = (entry: ZipEntry) => `"${entry.entryName}" in ${label}`;
  for (const entry of entries) {
    if (entry === manifestEntry) continue;
    // One file at a time, streamed: only its hash and size are kept.
    const digest = createHash('sha256');
    await pipeline(await budget.open(entry, entryLabel(entry)), digest);
    files.set(entry.entryName, { sha256: digest.digest('hex'), size: entry.size });
  }
  return { manifest: await budget.read(manifestEntry, entryLabel(manifestEntry)), files, count };
}
