import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
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
 * An export's chat text: its bytes as read, decoded on first use (`decodeExportText`: a 1M-message export
 * takes ~0.4 s), or only from a byte on (`from`) when the archive already read the part before it. The
 * bytes are let go once the whole text is decoded.
 */
export class ChatText {
  /** The chat text file's size in bytes. */
  readonly byteLength: number;
  private decoded: DecodedText | undefined;
  /** The part `from` gave, and where it starts in the bytes. */
  private part: string | null = null;
  private partAt = 0;
  /** Bytes of the whole text's UTF-8 byte-order mark (0 or 3); -1 when the text is UTF-16. */
  private bom = -1;

  constructor(
    /** The chat text file's bytes, BOM included. */
    public bytes: Uint8Array,
    private readonly label: string,
  ) {
    this.byteLength = bytes.length;
  }

  /** The whole text; throws a SourceError for text that is not an export's (see decodeExportText). */
  get text(): string {
    return this.whole().text;
  }

  get controlLines(): number {
    return this.whole().controlLines;
  }

  /**
   * The text from byte `offset` (a line start) on, when all of the file is UTF-8 and that part decodes to
   * what the whole text has there: valid, not blank, no control characters. null otherwise (then the whole
   * text is read, which says what is wrong with it, if anything).
   */
  from(offset: number): string | null {
    if (offset <= 0 || offset >= this.bytes.length || utf16(this.bytes)) return null;
    const part = this.bytes.subarray(offset);
    if (!isUtf8(part)) return null;
    const text = utf8(part);
    if (CONTROL.test(text) || text.trim() === '') return null;
    [this.part, this.partAt] = [text, offset];
    return text;
  }

  /** Whether the file's first `bytes` bytes (fewer than it has) have this SHA-256 (hex), as `start` gave it. */
  startsWith(bytes: number, sha256: string): boolean {
    return bytes < this.bytes.length && createHash('sha256').update(this.bytes.subarray(0, bytes)).digest('hex') === sha256;
  }

  /**
   * How many bytes the chat text has up to character `offset` of `text` (the whole text, or what `from`
   * gave), and their SHA-256 (hex): those of the file. null when the characters are not the bytes' UTF-8
   * (UTF-16, or NULs removed).
   */
  start(text: string, offset: number): { bytes: number; sha256: string } | null {
    const hash = createHash('sha256');
    if (this.part !== null && text === this.part) hash.update(this.bytes.subarray(0, this.partAt));
    else {
      if (this.bom < 0 || this.decoded === undefined || this.decoded.controlLines > 0) return null;
      hash.update(UTF8_BOM.subarray(0, this.bom));
    }
    // In parts, never splitting a surrogate pair: the whole text encoded at once would be another 60 MB
    // (hashed as strings: ~0.07 s for a 1M-message export, against ~0.2 s encoded into buffers first).
    for (let at = 0; at < offset; ) {
      let end = Math.min(at + HASH_PART, offset);
      if (end < offset && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      hash.update(text.slice(at, end), 'utf8');
      at = end;
    }
    // The text is the end of the file's bytes, decoded exactly: all of them but its part from `offset` on
    // (a start is most of an export, so measured from the end: 0.03 s less for a 1M-message one).
    return { bytes: this.byteLength - Buffer.byteLength(text.slice(offset), 'utf8'), sha256: hash.digest('hex') };
  }

  /** Lets go of the bytes and the text (the source is closed). */
  release(): void {
    this.bytes = new Uint8Array(0);
    this.decoded = { text: '', controlLines: 0 };
    this.part = null;
  }

  private whole(): DecodedText {
    if (this.decoded === undefined) {
      this.decoded = decodeExportText(this.bytes, this.label);
      this.bom = utf16(this.bytes) ? -1 : startsWith(this.bytes, [...UTF8_BOM]) ? UTF8_BOM.length : 0;
      // Not needed any more (start() hashes the text): held, they were 60 MB more at a 1M import's peak.
      if (this.part === null) this.bytes = new Uint8Array(0);
    }
    return this.decoded;
  }
}

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
/** Characters of the text hashed at a time. */
const HASH_PART = 1 << 20;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

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

/** Whether the bytes are UTF-16 (by a byte-order mark, or by the NULs of ASCII text): decodeByBom's choice. */
function utf16(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || utf16WithoutBom(bytes) !== null;
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
    // Checked, then converted: TextDecoder's own check made it 20% slower (0.50 against 0.41 s for the 1M
    // export). A second BOM is content, not ours to drop (neither drops it).
    if (encoding === 'utf-8') {
      if (!isUtf8(bytes)) throw new Error('not UTF-8');
      return utf8(bytes);
    }
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const what = encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
    throw new SourceError(
      `${label} is not readable text: it is not valid ${what}, the encoding WhatsApp uses.`,
      USE_ORIGINAL_HINT,
    );
  }
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
