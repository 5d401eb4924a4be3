/**
 * Entry names inside a zip. Zips from Windows tools may use "\" as the separator, so both count.
 */

/** The folder part ("" at the root) and the base name of an entry. */
export interface EntryPath {
  folder: string;
  base: string;
  /** 0 at the root of the zip. */
  depth: number;
}

export function splitEntryName(entryName: string): EntryPath {
  const segments = entryName.split(/[\\/]/).filter((segment) => segment !== '');
  const base = segments.pop() ?? '';
  return { folder: segments.join('/'), base, depth: segments.length };
}

/**
 * Absolute names ("/x", "\x", "C:\x", "C:/x"), ".." segments and NUL bytes are what path-traversal
 * ("zip slip") archives use. We never extract by entry name, but a zip built like that is hostile
 * and is refused as a whole.
 */
export function isUnsafeEntryName(entryName: string): boolean {
  if (entryName.includes('\u0000')) return true;
  if (/^[\\/]/.test(entryName) || /^[A-Za-z]:/.test(entryName)) return true;
  return entryName.split(/[\\/]/).some((segment) => segment === '..');
}

/** Finder's resource-fork copies ("__MACOSX/…") are not part of the export. */
export function isMacResourceEntry(entryName: string): boolean {
  return entryName.split(/[\\/]/).some((segment) => segment === '__MACOSX');
}
