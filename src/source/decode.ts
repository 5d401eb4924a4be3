import { EXPORT_AGAIN_HINT, USE_ORIGINAL_HINT } from './hints.js';
import { SourceError } from './types.js';

/**
 * Turns an export's bytes into its text. WhatsApp writes UTF-8 (iOS sometimes with a BOM); a file
 * re-saved on Windows may be UTF-16 with a BOM. Anything else is refused rather than guessed, because
 * a wrong guess would silently archive garbled messages.
 * `label` names the file in messages (e.g. `"_chat.txt" in "WhatsApp Chat - Anna.zip"`).
 */
export function decodeExportText(bytes: Uint8Array, label: string): string {
  const text = decodeByBom(bytes, label);
  if (text.includes('\u0000')) {
    throw new SourceError(`${label} contains binary data, so it is not a WhatsApp chat export.`, USE_ORIGINAL_HINT);
  }
  if (text.trim() === '') {
    throw new SourceError(`${label} is empty: it contains no messages.`, EXPORT_AGAIN_HINT);
  }
  return text;
}

function decodeByBom(bytes: Uint8Array, label: string): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeStrict('utf-8', bytes.subarray(3), label);
  if (startsWith(bytes, [0xff, 0xfe])) return decodeStrict('utf-16le', bytes.subarray(2), label);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeStrict('utf-16be', bytes.subarray(2), label);
  return decodeStrict('utf-8', bytes, label);
}

function decodeStrict(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, label: string): string {
  try {
    // ignoreBOM: the BOM was already cut above; a second one is content, not ours to drop.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const what = encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
    throw new SourceError(
      `${label} is not readable text: it is not valid ${what}, the encoding WhatsApp uses.`,
      USE_ORIGINAL_HINT,
    );
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
