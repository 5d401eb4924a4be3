/**
 * The manifest of an export bundle: what the bundle holds (every other file with its SHA-256 and size),
 * what was selected, and the archive state it was made from. Written as canonical JSON (sorted keys,
 * two-space indent), so the same content always gives the same bytes.
 */

export const MANIFEST_PATH = 'manifest.json';
export const BUNDLE_FORMAT = 'wa-archive bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface BundleSelection {
  /** The chats asked for by name, or null for all chats. */
  chats: string[] | null;
  since: string | null;
  until: string | null;
  query: string | null;
}

export interface ManifestChat {
  name: string;
  /** The chat's folder in the bundle (a safe file name derived from `name`). */
  folder: string;
  messages: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  tool: { name: string; version: string };
  createdAt: string;
  /** The archive's identity and audit-chain head when the bundle was made (before the export's own entry). */
  archive: { archiveId: string; fingerprint: string; entries: number };
  selection: BundleSelection;
  counts: { chats: number; messages: number; media: number };
  /** Times of the first and last exported message (ISO-8601 with offset), null when none. */
  first: string | null;
  last: string | null;
  chats: ManifestChat[];
  files: ManifestFile[];
}

/** Media files live in `<chat folder>/media/`. */
export function isMediaPath(path: string): boolean {
  return path.split('/')[1] === 'media';
}

/** JSON with every object's keys sorted, two-space indented, ending in a newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** Why a manifest cannot be used: not JSON, or not the shape above. */
export class ManifestError extends Error {
  override name = 'ManifestError';
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses and checks a manifest's text: its shape, and that its counts agree with its own lists. */
export function parseManifest(text: string): BundleManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`it is not valid JSON (${(error as Error).message})`);
  }
  const m = record(data, 'the manifest');
  if (m.format !== BUNDLE_FORMAT) throw new ManifestError(`"format" is not "${BUNDLE_FORMAT}"`);
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) throw new ManifestError(`"formatVersion" ${JSON.stringify(m.formatVersion)} is not one this version reads`);
  const tool = record(m.tool, '"tool"');
  string(tool.name, '"tool.name"');
  string(tool.version, '"tool.version"');
  string(m.createdAt, '"createdAt"');
  const archive = record(m.archive, '"archive"');
  string(archive.archiveId, '"archive.archiveId"');
  hex(archive.fingerprint, '"archive.fingerprint"');
  count(archive.entries, '"archive.entries"');
  const selection = record(m.selection, '"selection"');
  if (selection.chats !== null) list(selection.chats, '"selection.chats"').forEach((c, i) => string(c, `"selection.chats[${i}]"`));
  for (const key of ['since', 'until', 'query']) if (selection[key] !== null) string(selection[key], `"selection.${key}"`);
  const counts = record(m.counts, '"counts"');
  for (const key of ['chats', 'messages', 'media']) count(counts[key], `"counts.${key}"`);
  for (const key of ['first', 'last']) if (m[key] !== null) string(m[key], `"${key}"`);
  const chats = list(m.chats, '"chats"').map((c, i) => {
    const chat = record(c, `"chats[${i}]"`);
    string(chat.name, `"chats[${i}].name"`);
    string(chat.folder, `"chats[${i}].folder"`);
    count(chat.messages, `"chats[${i}].messages"`);
    return chat as unknown as ManifestChat;
  });
  const files = list(m.files, '"files"').map((f, i) => {
    const file = record(f, `"files[${i}]"`);
    string(file.path, `"files[${i}].path"`);
    hex(file.sha256, `"files[${i}].sha256"`);
    count(file.size, `"files[${i}].size"`);
    return file as unknown as ManifestFile;
  });
  const manifest = m as unknown as BundleManifest;
  checkConsistent(manifest, chats, files);
  return manifest;
}

/** The counts must be those of the lists, and the lists free of duplicates: a hand-edit shows here. */
function checkConsistent(m: BundleManifest, chats: ManifestChat[], files: ManifestFile[]): void {
  const paths = new Set(files.map((f) => f.path));
  if (paths.size !== files.length) throw new ManifestError('"files" lists a path twice');
  if (paths.has(MANIFEST_PATH)) throw new ManifestError(`"files" lists ${MANIFEST_PATH} itself`);
  if (m.counts.chats !== chats.length) throw new ManifestError(`"counts.chats" is ${m.counts.chats} but "chats" lists ${chats.length}`);
  const messages = chats.reduce((sum, c) => sum + c.messages, 0);
  if (m.counts.messages !== messages) throw new ManifestError(`"counts.messages" is ${m.counts.messages} but the chats add up to ${messages}`);
  const media = files.filter((f) => isMediaPath(f.path)).length;
  if (m.counts.media !== media) throw new ManifestError(`"counts.media" is ${m.counts.media} but "files" lists ${media} media files`);
  for (const chat of chats) {
    if (!paths.has(`${chat.folder}/chat.json`)) throw new ManifestError(`chat "${chat.name}" has no ${chat.folder}/chat.json in "files"`);
  }
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ManifestError(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ManifestError(`${what} is not a list`);
  return v;
}

function string(v: unknown, what: string): void {
  if (typeof v !== 'string') throw new ManifestError(`${what} is not a string`);
}

function hex(v: unknown, what: string): void {
  if (typeof v !== 'string' || !HEX64.test(v)) throw new ManifestError(`${what} is not a SHA-256 in hex`);
}

function count(v: unknown, what: string): void {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ManifestError(`${what} is not a whole number`);
}

export type FileProblemKind = 'changed' | 'added' | 'removed';

export interface FileProblem {
  path: string;
  problem: FileProblemKind;
}

/** Compares the files found in a bundle with those its manifest lists; problems in path order. */
export function compareFiles(listed: readonly ManifestFile[], found: ReadonlyMap<string, { sha256: string; size: number }>): FileProblem[] {
  const problems: FileProblem[] = [];
  const expected = new Map(listed.map((f) => [f.path, f]));
  for (const [path, want] of expected) {
    const got = found.get(path);
    if (got === undefined) problems.push({ path, problem: 'removed' });
    else if (got.sha256 !== want.sha256 || got.size !== want.size) problems.push({ path, problem: 'changed' });
  }
  for (const path of found.keys()) if (!expected.has(path)) problems.push({ path, problem: 'added' });
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
