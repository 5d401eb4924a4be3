import fs from 'node:fs';
import path from 'node:path';
import { IOS_CHAT_TEXT, openTxtExport } from './txt.js';
import { DEFAULT_LIMITS, SourceError, type ExportSource, type SourceLimits } from './types.js';

/** Whether a folder is an unzipped iOS export: it holds `_chat.txt` as a regular file. */
export function isExportFolder(folder: string): boolean {
  try {
    return fs.statSync(path.join(folder, IOS_CHAT_TEXT)).isFile();
  } catch {
    return false; // unreadable counts as "not an export folder"; reading it later says why
  }
}

/**
 * Opens an unzipped iOS export: `_chat.txt` plus the attachments beside it. The chat is named
 * after the folder (which keeps the zip's name when unzipped by a double click).
 */
export function openFolderExport(folder: string, limits: SourceLimits = DEFAULT_LIMITS): ExportSource {
  if (!isExportFolder(folder)) {
    throw new SourceError(
      `The folder "${folder}" has no ${IOS_CHAT_TEXT} file, so it is not an unzipped WhatsApp export.`,
      'Import the export\'s .zip or .txt file itself, or the folder the WhatsApp zip was unpacked into.',
    );
  }
  return { ...openTxtExport(path.join(folder, IOS_CHAT_TEXT), limits), source: folder };
}
