import { SourceError } from './types.js';

/** Hints shared by several SourceErrors, worded for people who are not engineers. */

export const EXPORT_AGAIN_HINT =
  'Export the chat again from WhatsApp (More > Export chat) and import the new file.';

export const USE_ORIGINAL_HINT =
  'Import the .txt or .zip file exactly as WhatsApp created it (More > Export chat), without opening or re-saving it in another program.';

export const CHECK_PATH_HINT = 'Check the spelling of the path, or drag the file into the terminal window to paste its exact path.';

/** A path that is neither a .txt, a .zip nor a folder. */
export function notAnExportError(filePath: string): SourceError {
  return new SourceError(
    `"${filePath}" is not a WhatsApp export: expected a .txt or .zip file, or a folder.`,
    'WhatsApp exports a chat as a .txt file (Android, without media) or a .zip file (iOS, or with media).',
  );
}
