import { constants as bufferConstants } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { formatBytes } from './bytes.js';
import { chatNameFromFileName } from './chatName.js';
import { decodeExportText } from './decode.js';
import { EXPORT_AGAIN_HINT } from './hints.js';
import { readFileBounded } from './readBounded.js';
import { pickChatTextEntry } from './zipChatText.js';
import { isMacResourceEntry, isUnsafeEntryName, splitEntryName } from './zipEntryName.js';
import { assertReadableMethod } from './zipInflate.js';
import { checkDeclaredSizes, checkEntryCount } from './zipLimits.js';
import { InflateBudget, zipMediaLookup } from './zipMedia.js';
import { DEFAULT_LIMITS, SourceError, type ExportSource, type SourceLimits } from './types.js';

/**
 * Opens a zipped export (iOS, or Android "with media"). Everything is checked from the central
 * directory before any entry is inflated; nothing is ever written to disk.
 */
export function openZipExport(zipPath: string, limits: SourceLimits = DEFAULT_LIMITS): ExportSource {
  const zipLabel = `"${zipPath}"`;
  // adm-zip needs the whole zip in memory; the largest Buffer Node can make is the natural cap.
  const bytes = readFileBounded(zipPath, bufferConstants.MAX_LENGTH, (size) =>
    new SourceError(`${zipLabel} is ${formatBytes(size)}, too large to open.`, 'Unzip it and import the folder instead, or export the chat again without media.'),
  );
  const entries = readEntries(bytes, zipLabel);
  checkEntryCount(entries.length, limits, zipLabel);
  const unsafe = entries.find((entry) => isUnsafeEntryName(entry.entryName));
  if (unsafe !== undefined) {
    throw new SourceError(
      `${zipLabel} was refused: it contains a file named "${unsafe.entryName}", which points outside the zip. WhatsApp never makes such zips; this one may have been made to attack your computer.`,
      'Do not open this zip. Export the chat again from WhatsApp (More > Export chat) and import the new file.',
    );
  }

  const files = entries.filter((entry) => !entry.isDirectory && !isMacResourceEntry(entry.entryName));
  const chatText = pickChatTextEntry(files, zipLabel);
  checkDeclaredSizes(files, chatText, limits, zipLabel);
  for (const file of files) assertReadableMethod(file, `"${file.entryName}" in ${zipLabel}`);

  const budget = new InflateBudget(limits.maxTotalBytes, zipLabel);
  const textLabel = `"${chatText.entryName}" in ${zipLabel}`;
  const { text, controlLines } = decodeExportText(budget.inflate(chatText, textLabel), textLabel);
  return {
    source: zipPath,
    chatName: chatNameFromFileName(path.basename(zipPath)),
    text,
    controlLines,
    madeAt: fs.statSync(zipPath).mtimeMs,
    sha256: crypto.hash('sha256', bytes),
    media: zipMediaLookup(attachmentsBeside(files, chatText), budget, zipLabel),
  };
}

function readEntries(bytes: Buffer, zipLabel: string): AdmZip.IZipEntry[] {
  try {
    return new AdmZip(bytes).getEntries();
  } catch {
    throw new SourceError(`${zipLabel} is not a valid zip file (it may be damaged or only partly downloaded).`, EXPORT_AGAIN_HINT);
  }
}

/** Attachments are the other files in the chat text's own folder of the zip, by base name. */
function attachmentsBeside(files: readonly AdmZip.IZipEntry[], chatText: AdmZip.IZipEntry): Map<string, AdmZip.IZipEntry> {
  const folder = splitEntryName(chatText.entryName).folder;
  const attachments = new Map<string, AdmZip.IZipEntry>();
  for (const file of files) {
    const { folder: fileFolder, base } = splitEntryName(file.entryName);
    // First one wins if "a/x" and "a\x" both occur; adm-zip already refuses exact duplicates.
    if (file !== chatText && fileFolder === folder && !attachments.has(base)) attachments.set(base, file);
  }
  return attachments;
}
