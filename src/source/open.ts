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
 * `close` also lets go of the text (two bytes a character: 120 MB for a 1M-message export) and has the
 * garbage collector free it at once. Measured on the 1M benchmark export: the import's caller kept its
 * last source until the run ended, so the text lived through the search-data refresh (peak RSS 368 MB), and
 * a run of several exports held two texts while the next one was read (440–455 MB). Dropping the reference
 * alone did not help: V8 saw no reason to collect before the next text was allocated, or at all during the
 * refresh (it allocates little). One full collection per export costs a few tens of milliseconds.
 */
function releasingText(source: ExportSource): ExportSource {
  const close = source.close;
  source.close = () => {
    source.text = '';
    close();
    collectGarbage();
  };
  return source;
}

let gc: (() => void) | undefined;

/** A full garbage collection: V8's `gc`, exposed for a new context (the flag takes effect there; Node 20 has no API). */
function collectGarbage(): void {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
