import fs from 'node:fs';
import path from 'node:path';
import { isExportFolder } from './folder.js';
import { toSourceError } from './fsErrors.js';
import { notAnExportError } from './hints.js';

const EXPORT_FILE = /\.(txt|zip)$/i;

/**
 * Expands the paths a user named into the exports to open: .txt and .zip files as they are, and
 * folders searched for exports. A folder holding `_chat.txt` is one unzipped export and is not
 * searched further (its other files are its attachments). Each named path's findings are sorted,
 * and a path found twice is listed once.
 */
export function discoverExports(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const userPath of paths) {
    const stat = statOrThrow(userPath);
    if (stat.isDirectory()) {
      found.push(...(isExportFolder(userPath) ? [userPath] : searchFolder(userPath).sort(byCodePoint)));
    } else if (stat.isFile() && EXPORT_FILE.test(userPath)) {
      found.push(userPath);
    } else {
      throw notAnExportError(userPath);
    }
  }
  return dedupe(found);
}

/** Hidden entries and Finder's `__MACOSX` copies are skipped; symbolic links to folders are not followed (no loops, no escaping the named folder). */
function searchFolder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readFolder(folder)) {
    if (entry.name.startsWith('.') || entry.name === '__MACOSX') continue;
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      found.push(...(isExportFolder(entryPath) ? [entryPath] : searchFolder(entryPath)));
    } else if (EXPORT_FILE.test(entry.name) && isFileOrLinkToFile(entry, entryPath)) {
      found.push(entryPath);
    }
  }
  return found;
}

function isFileOrLinkToFile(entry: fs.Dirent, entryPath: string): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(entryPath).isFile();
  } catch {
    return false; // a dangling link is not an export
  }
}

function readFolder(folder: string): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw toSourceError(error, folder);
  }
}

function statOrThrow(userPath: string): fs.Stats {
  try {
    return fs.statSync(userPath);
  } catch (error) {
    throw toSourceError(error, userPath);
  }
}

/** Plain code-point order: the same on every machine, unlike localeCompare. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(found: readonly string[]): string[] {
  const seen = new Set<string>();
  return found.filter((p) => {
    const key = path.resolve(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
