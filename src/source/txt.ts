import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from './bytes.js';
import { chatNameFromFileName } from './chatName.js';
import { ChatText } from './decode.js';
import { folderMediaLookup } from './folderMedia.js';
import { readFileBounded } from './readBounded.js';
import { DEFAULT_LIMITS, SourceError, type ExportSource, type SourceLimits } from './types.js';

/** iOS's chat text name: it says nothing about the chat, the folder around it does. */
export const IOS_CHAT_TEXT = '_chat.txt';

/**
 * Opens a chat text file on disk. Its attachments are the other files in its folder, so an
 * unzipped Android or iOS export with media works as well as a lone .txt.
 */
export function openTxtExport(txtPath: string, limits: SourceLimits = DEFAULT_LIMITS): ExportSource {
  const bytes = readFileBounded(txtPath, limits.maxTextBytes, (size) =>
    new SourceError(
      `"${txtPath}" is ${formatBytes(size)}, more than the ${formatBytes(limits.maxTextBytes)} allowed for a chat text, so it is not a WhatsApp export.`,
      'Check that you chose the chat file WhatsApp exported.',
    ),
  );
  const fileName = path.basename(txtPath);
  return {
    source: txtPath,
    chatName: chatNameFromFileName(fileName === IOS_CHAT_TEXT ? path.basename(path.resolve(txtPath, '..')) : fileName),
    chatText: new ChatText(bytes, `"${txtPath}"`),
    madeAt: fs.statSync(txtPath).mtimeMs,
    sha256: crypto.hash('sha256', bytes),
    media: folderMediaLookup(path.dirname(txtPath), fileName, limits),
    close: () => {},
  };
}
