import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { chatNameFromFileName, isWhatsAppExportName } from './chatName.js';
import { ChatText } from './decode.js';
import { toSourceError } from './fsErrors.js';
import { EXPORT_AGAIN_HINT } from './hints.js';
import { pickChatTextEntry } from './zipChatText.js';
import { readZipDirectory, type ZipEntry } from './zipDirectory.js';
import { isMacResourceEntry, isUnsafeEntryName, splitEntryName } from './zipEntryName.js';
import { assertReadableMethod } from './zipEntryStream.js';
import { checkDeclaredSizes } from './zipLimits.js';
import { InflateBudget, zipMediaLookup } from './zipMedia.js';
import { DEFAULT_LIMITS, SourceError, type ExportSource, type SourceLimits } from './types.js';

/** What every wa-archive export bundle holds at its root (src/integrity/manifest.ts). */
const BUNDLE_MANIFEST = 'manifest.json';

/**
 * Opens a zipped export (iOS, or Android "with media"). Everything is checked from the central
 * directory before any entry is inflated, and entries are read as streams: the zip is never held in
 * memory whole, so its size is not limited by memory (zip64 zips over 4 GiB included). Nothing is
 * written to disk. The returned source keeps the zip open for its attachments until `close`.
 */
export async function openZipExport(zipPath: string, limits: SourceLimits = DEFAULT_LIMITS): Promise<ExportSource> {
  const zipLabel = `"${zipPath}"`;
  const dir = await readZipDirectory(zipPath, limits, zipLabel, () =>
    new SourceError(`${zipLabel} is not a valid zip file (it may be damaged or only partly downloaded).`, EXPORT_AGAIN_HINT),
  );
  try {
    const unsafe = dir.entries.find((entry) => isUnsafeEntryName(entry.entryName));
    if (unsafe !== undefined) {
      throw new SourceError(
        `${zipLabel} was refused: it contains a file named "${unsafe.entryName}", which points outside the zip. WhatsApp never makes such zips; this one may have been made to attack your computer.`,
        'Do not open this zip. Export the chat again from WhatsApp (More > Export chat) and import the new file.',
      );
    }
    const files = dir.entries.filter((entry) => !entry.isDirectory && !isMacResourceEntry(entry.entryName));
    refuseBundle(files, zipLabel, zipPath);
    const chatText = pickChatTextEntry(files, zipLabel);
    checkDeclaredSizes(files, chatText, limits, zipLabel, dir.fileSize);
    for (const file of files) assertReadableMethod(file, `"${file.entryName}" in ${zipLabel}`);

    const budget = new InflateBudget(dir, limits.maxTotalBytes, zipLabel);
    const textLabel = `"${chatText.entryName}" in ${zipLabel}`;
    const text = new ChatText(await budget.read(chatText, textLabel), textLabel);
    return {
      source: zipPath,
      chatName: chatNameFromFileName(path.basename(zipPath)),
      chatText: text,
      madeAt: fs.statSync(zipPath).mtimeMs,
      sha256: await hashFile(zipPath),
      media: zipMediaLookup(attachmentsBeside(files, chatText), budget, zipLabel),
      close: dir.close,
    };
  } catch (error) {
    dir.close();
    throw error;
  }
}

/**
 * A wa-archive export bundle (manifest.json at its root, chats in folders) is not a WhatsApp export;
 * its chat.txt files would otherwise be taken for one. A WhatsApp export may carry a document named
 * manifest.json, so only a zip without a WhatsApp chat text counts as a bundle.
 */
function refuseBundle(files: readonly ZipEntry[], zipLabel: string, zipPath: string): void {
  const bases = files.map((file) => splitEntryName(file.entryName));
  const isBundle = files.some((file) => file.entryName === BUNDLE_MANIFEST);
  const hasWhatsAppText = bases.some(({ base }) => /\.txt$/i.test(base) && (base.toLowerCase() === '_chat.txt' || isWhatsAppExportName(base)));
  if (isBundle && !hasWhatsAppText) {
    throw new SourceError(
      `${zipLabel} is a wa-archive export bundle (it holds ${BUNDLE_MANIFEST}), not a WhatsApp chat export, so nothing was imported.`,
      `Check it with \`wa-archive verify --bundle "${zipPath}"\`. To import a chat, use the .zip or .txt file WhatsApp created (More > Export chat).`,
    );
  }
}

/** SHA-256 of a file of any size, read as a stream. */
async function hashFile(filePath: string): Promise<string> {
  const digest = crypto.createHash('sha256');
  try {
    await pipeline(fs.createReadStream(filePath), digest);
  } catch (error) {
    throw toSourceError(error, filePath);
  }
  return digest.digest('hex');
}

/** Attachments are the other files in the chat text's own folder of the zip, by base name. */
function attachmentsBeside(files: readonly ZipEntry[], chatText: ZipEntry): Map<string, ZipEntry> {
  const folder = splitEntryName(chatText.entryName).folder;
  const attachments = new Map<string, ZipEntry>();
  for (const file of files) {
    const { folder: fileFolder, base } = splitEntryName(file.entryName);
    // First one wins if a name occurs twice (yauzl, unlike a file system, allows that).
    if (file !== chatText && fileFolder === folder && !attachments.has(base)) attachments.set(base, file);
  }
  return attachments;
}
