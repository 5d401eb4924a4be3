import { isWhatsAppExportName } from './chatName.js';
import { splitEntryName } from './zipEntryName.js';
import { EXPORT_AGAIN_HINT } from './hints.js';
import { SourceError } from './types.js';

/**
 * Which entry of a zip is the chat text: `_chat.txt` (iOS), else a .txt named like a WhatsApp
 * export (Android), else the only .txt at the shallowest level. Two equally good candidates mean
 * the zip holds several chats; importing one and silently dropping the rest would lose data, so
 * that is refused too.
 */
export function pickChatTextEntry<T extends { entryName: string }>(files: readonly T[], zipLabel: string): T {
  const texts = files.filter((file) => /\.txt$/i.test(file.entryName));
  const rules: ((base: string) => boolean)[] = [
    (base) => base.toLowerCase() === '_chat.txt',
    (base) => isWhatsAppExportName(base),
    () => true,
  ];
  for (const rule of rules) {
    const matches = shallowest(texts.filter((file) => rule(splitEntryName(file.entryName).base)));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const names = matches.map((file) => `"${file.entryName}"`).join(', ');
      throw new SourceError(
        `${zipLabel} holds several chat text files (${names}), so it is not clear which chat to import.`,
        'Unzip it and import the folder: each chat in it is then imported on its own.',
      );
    }
  }
  throw new SourceError(`There is no chat text file (.txt) in ${zipLabel}.`, EXPORT_AGAIN_HINT);
}

function shallowest<T extends { entryName: string }>(files: readonly T[]): T[] {
  const depths = files.map((file) => splitEntryName(file.entryName).depth);
  // reduce, not Math.min(...depths): spreading 100,000 arguments can overflow the call stack.
  const least = depths.reduce((min, depth) => Math.min(min, depth), Infinity);
  return files.filter((_, i) => depths[i] === least);
}
