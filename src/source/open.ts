import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openFolderExport } from './folder.js';
import { toSourceError } from './fsErrors.js';
import { notAnExportError } from './hints.js';
import { openTxtExport } from './txt.js';
import { openZipExport } from './zip.js';
import { DEFAULT_LIMITS, type ExportSource, type SourceLimits } from './types.js';

/**
 * Opens one export, whichever form it has: a .zip, a .txt, or an unzipped iOS folder.
 * Every failure is a SourceError saying what is wrong and what to do. Call `close` on the result when done.
 */
export async function openExport(exportPath: string, limits: SourceLimits = DEFAULT_LIMITS): Promise<ExportSource> {
  return releasingText(await openAny(exportPath, limits));
}

async function openAny(exportPath: string, limits: SourceLimits): Promise<ExportSource> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(exportPath);
  } catch (error) {
    throw toSourceError(error, exportPath);
  }
  if (stat.isDirectory()) return openFolderExport(exportPath, limits);
  if (/\.zip$/i.test(exportPath)) return openZipExport(exportPath, limits);
  if (/\.txt$/i.test(exportPath)) return openTxtExport(exportPath, limits);
  throw notAnExportError(exportPath);
}

/**
 * `close` also lets go of the text (two bytes a character: 120 MB for a 1M-message export) and, for a large
 * one, has it freed at once. Measured on the 1M benchmark export: the import's caller kept its last source
 * until the run ended, so the text lived through the search-data refresh (peak RSS 368 MB), and a run of
 * several exports held two texts while the next one was read (440–473 MB). Dropping the reference alone
 * did not help: V8 saw no reason to collect before the next text was allocated, or at all during the
 * refresh (it allocates little); nor did a collection alone (see freeMemory): ten 1M exports in one run
 * still peaked at 459 MB, sampled at 260 MB before each read instead of 190. Real exports (at most ~40,000
 * messages, a few MB) are left to V8: a collection for each of hundreds of small exports would cost
 * seconds for nothing.
 */
function releasingText(source: ExportSource): ExportSource {
  const close = source.close;
  source.close = () => {
    const large = source.chatText.byteLength >= LARGE_TEXT;
    source.chatText.release();
    close();
    if (large) freeMemory();
  };
  return source;
}

/** Bytes from which a closed export's text is freed at once: 16 MB of UTF-8, at least 32 MB as a string. */
const LARGE_TEXT = 1 << 24;
/** V8's settings that free a collection's garbage on other threads, turned off for this one collection. */
const CONCURRENT_FREEING = ['concurrent-sweeping', 'concurrent-array-buffer-sweeping'];

const EMPTY_MATCH = /^/;
let gc: (() => void) | undefined;

/**
 * A full garbage collection that returns what it frees before it ends: V8's `gc` (exposed for a new
 * context: Node 20 has no API for it), with the concurrent freeing off meanwhile (else the pages go back
 * on V8's own threads, which a busy machine may run only after the next export is read). 13–24 ms for
 * the 1M export's text.
 */
function freeMemory(): void {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
    // Back as it was: V8 checks its flags against those a code cache was made with (src/cli/bin.ts), so
    // with the flag left on, the next run's cache made here would be refused and made again.
    v8.setFlagsFromString('--no-expose-gc');
  }
  // V8 keeps the subject of the last successful match for RegExp.input and RegExp.lastMatch: a message of
  // the export, a slice of its text, which keeps the whole text alive (measured: the collection freed 52 MB
  // of the 1M export's 180 MB). A match of its own replaces it.
  EMPTY_MATCH.exec('');
  for (const flag of CONCURRENT_FREEING) v8.setFlagsFromString(`--no-${flag}`);
  try {
    gc();
  } finally {
    for (const flag of CONCURRENT_FREEING) v8.setFlagsFromString(`--${flag}`);
  }
}
