import { EXPORT_AGAIN_HINT, USE_ORIGINAL_HINT } from './hints.js';
import { SourceError } from './types.js';

export interface DecodedText {
  text: string;
  /** Lines that held stray control characters (NUL removed, the others kept as written). */
  controlLines: number;
}

/** C0 controls other than tab, LF and CR, and DEL: never part of what someone wrote. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** More controls than this share of the characters: the file is mostly not text (old Android leaves a few NULs after emoji). */
const BINARY_SHARE = 0.2;
/** Bytes looked at to recognise UTF-16 without a byte-order mark. */
const UTF16_PROBE = 4096;

/**
 * Turns an export's bytes into its text. WhatsApp writes UTF-8 (iOS sometimes with a BOM); a file
 * re-saved on Windows may be UTF-16, with a BOM or recognisable by its NUL bytes (every other byte is 0
 * for ASCII text). Anything else is refused rather than guessed, because a wrong guess would silently
 * archive garbled messages. Stray control characters in otherwise good text are counted: NULs are
 * removed (they end strings in C APIs such as the full-text tokenizer), the others are kept as written,
 * since they are part of the record (the terminal shows them safely: cli/safeText.ts). A file that is
 * mostly not text is refused.
 * `label` names the file in messages (e.g. `"_chat.txt" in "WhatsApp Chat - Anna.zip"`).
 */
export function decodeExportText(bytes: Uint8Array, label: string): DecodedText {
  let text = decodeByBom(bytes, label);
  let controlLines = 0;
  if (CONTROL.test(text)) {
    const controls = text.match(CONTROLS)!.length;
    if (controls > text.length * BINARY_SHARE) {
      throw new SourceError(`${label} contains binary data, so it is not a WhatsApp chat export.`, USE_ORIGINAL_HINT);
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!CONTROL.test(lines[i]!)) continue;
      lines[i] = lines[i]!.replaceAll('\u0000', '');
      controlLines++;
    }
    text = lines.join('\n');
  }
  if (text.trim() === '') {
    throw new SourceError(`${label} is empty: it contains no messages.`, EXPORT_AGAIN_HINT);
  }
  return { text, controlLines };
}

function decodeByBom(bytes: Uint8Array, label: string): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeStrict('utf-8', bytes.subarray(3), label);
  if (startsWith(bytes, [0xff, 0xfe])) return decodeStrict('utf-16le', bytes.subarray(2), label);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeStrict('utf-16be', bytes.subarray(2), label);
  return decodeStrict(utf16WithoutBom(bytes) ?? 'utf-8', bytes, label);
}

/**
 * UTF-16 without a BOM: in the first bytes, NULs stand at odd places (LE) or even places (BE) for a
 * large share of the pairs and almost never at the others. Headers are ASCII, so an export shows it.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, UTF16_PROBE) / 2);
  if (bytes.length % 2 !== 0 || pairs === 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.3 && evenZeros * 10 < oddZeros) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros * 10 < evenZeros) return 'utf-16be';
  return null;
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
