import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChatText, decodeExportText } from '../../src/source/decode.js';
import { SourceError } from '../../src/source/types.js';

const LINE = '14/03/2024, 09:05 - Priya Shah: Ol\u00E1 \u{1F600}\n';

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

function decodeError(bytes: Uint8Array): SourceError {
  try {
    decodeExportText(bytes, '"chat.txt"');
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

describe('decodeExportText', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeExportText(Buffer.from(LINE, 'utf8'), '"chat.txt"').text).toBe(LINE);
  });

  it('reads UTF-8 with a BOM and removes the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LINE, 'utf8')]);
    expect(decodeExportText(bytes, '"chat.txt"').text).toBe(LINE);
  });

  it('reads UTF-16LE with a BOM and removes the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LINE, 'utf16le')]);
    expect(decodeExportText(bytes, '"chat.txt"').text).toBe(LINE);
  });

  it('reads UTF-16BE with a BOM and removes the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(LINE)]);
    expect(decodeExportText(bytes, '"chat.txt"').text).toBe(LINE);
  });

  it('keeps a second BOM: only the encoding mark is removed', () => {
    const bytes = Buffer.from('\uFEFF\uFEFF' + LINE, 'utf8');
    expect(decodeExportText(bytes, '"chat.txt"').text).toBe('\uFEFF' + LINE);
  });

  it('refuses bytes that are not UTF-8, naming the file', () => {
    const error = decodeError(Buffer.from([0x48, 0x69, 0x20, 0xc3, 0x28, 0x0a])); // Latin-1 style, not UTF-8
    expect(error.message).toContain('"chat.txt"');
    expect(error.message).toMatch(/not valid UTF-8/);
    expect(error.hint).toMatch(/WhatsApp/);
  });

  it('refuses UTF-16 with an odd number of bytes (cut off)', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LINE, 'utf16le').subarray(0, 7)]);
    expect(decodeError(bytes).message).toMatch(/not valid UTF-16/);
  });

  it('refuses text containing NUL characters (binary data)', () => {
    const error = decodeError(Buffer.from('PK\u0003\u0004\u0000\u0000garbage', 'latin1'));
    expect(error.message).toMatch(/binary data/);
    expect(error.message).toContain('"chat.txt"');
  });

  it.each([
    ['LE', Buffer.from(LINE, 'utf16le')],
    ['BE', utf16be(LINE)],
  ])('reads UTF-16%s without a BOM, recognised by its NUL pattern', (_, bytes) => {
    expect(decodeExportText(bytes, '"chat.txt"')).toEqual({ text: LINE, controlLines: 0 });
  });

  it('removes stray NULs, keeps other control bytes as written, and counts the lines that held any', () => {
    const text = `${LINE}14/03/2024, 09:06 - Priya Shah: \u{1F600}\u0000 ok\u0007\n14/03/2024, 09:07 - Sam: fine\n`;
    const bytes = Buffer.from(`${text}14/03/2024, 09:08 - Sam: \u0000\n`, 'utf8');
    expect(decodeExportText(bytes, '"chat.txt"')).toEqual({
      text: `${LINE}14/03/2024, 09:06 - Priya Shah: \u{1F600} ok\u0007\n14/03/2024, 09:07 - Sam: fine\n14/03/2024, 09:08 - Sam: \n`,
      controlLines: 2,
    });
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a BOM only', Buffer.from([0xef, 0xbb, 0xbf])],
    ['whitespace only', Buffer.from(' \r\n\t\n', 'utf8')],
  ])('refuses %s as empty, with a hint to export again', (_, bytes) => {
    const error = decodeError(bytes);
    expect(error.message).toMatch(/"chat\.txt" is empty/);
    expect(error.hint).toMatch(/Export the chat again/);
  });
});

describe('ChatText', () => {
  // An emoji (a surrogate pair) across the first million characters, where start() cuts the text to hash it.
  const LINE = '14/03/2024, 21:05 - Priya Shah: Invoice 4411 ✓\n';
  const body = `${'x'.repeat((1 << 20) - 1)}😀\n${LINE.repeat(3)}`;
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  it('gives the length and SHA-256 of the file bytes up to a character of the whole text, BOM included', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
    const chatText = new ChatText(bytes, '"chat.txt"');
    const { text } = chatText;
    const offset = text.indexOf('14/03') + LINE.length;
    const start = chatText.start(text, offset)!;
    expect(start.bytes).toBe(3 + Buffer.byteLength(text.slice(0, offset)));
    expect(start.sha256).toBe(sha(bytes.subarray(0, start.bytes)));
    // A later file with those first bytes starts with them; the same bytes alone, or other bytes, do not.
    expect(new ChatText(bytes, '"c"').startsWith(start.bytes, start.sha256)).toBe(true);
    expect(new ChatText(bytes.subarray(0, start.bytes), '"c"').startsWith(start.bytes, start.sha256)).toBe(false);
    expect(new ChatText(bytes, '"c"').startsWith(start.bytes - 1, start.sha256)).toBe(false);
  });

  it('decodes from a byte on, and gives the start of that part in the same bytes', () => {
    const bytes = Buffer.from(body, 'utf8');
    const at = bytes.indexOf('14/03');
    const chatText = new ChatText(bytes, '"chat.txt"');
    const part = chatText.from(at)!;
    expect(part).toBe(LINE.repeat(3));
    const start = chatText.start(part, LINE.length)!;
    expect(start.bytes).toBe(at + Buffer.byteLength(LINE));
    expect(start.sha256).toBe(sha(bytes.subarray(0, start.bytes)));
    // Not from a part that holds control characters, nor from UTF-16 text.
    expect(new ChatText(Buffer.from(`${LINE}${LINE.replace('Invoice', 'In\u0007voice')}`), '"c"').from(LINE.length)).toBeNull();
    expect(new ChatText(Buffer.from(`\uFEFF${LINE}${LINE}`, 'utf16le'), '"c"').from(10)).toBeNull();
  });

  it('has no start for a text whose NULs were removed (its characters are not the bytes)', () => {
    const chatText = new ChatText(Buffer.from(`${LINE}${LINE.replace('Invoice', 'In\u0000voice')}`), '"c"');
    expect(chatText.controlLines).toBe(1);
    expect(chatText.start(chatText.text, LINE.length)).toBeNull();
  });
});
