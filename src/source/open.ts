import fs from 'node:fs';
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
