// Message text, author names and chat names (which come from file names) are printed on terminals, where
// control characters are commands: ESC starts sequences that recolour, move the cursor, set the window
// title or make links (OSC 8), BEL rings. Every human-readable output passes such text through here; --json
// and exports escape as their formats require and never come here.
//
// Each character that is not safe becomes ONE visible character, so lengths and offsets (of search
// matches, of cut excerpts) stay valid and nothing can be cut half-way: C0 controls and DEL become their
// symbol from Unicode's "Control Pictures" (ESC → ␛, BEL → ␇); C1 controls (U+0080–U+009F, which some
// terminals obey like ESC sequences) and the bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069, which could reorder what follows them on the line, our own columns included) become
// U+FFFD (�). Left-to-right and right-to-left marks (U+200E, U+200F) only nudge neutral characters and stay.

/** Controls other than newline and tab, DEL, C1 controls, bidi embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** The same, newline and tab too: for fields of one line (names). */
const UNSAFE_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? '\u2421' : '\uFFFD';
}

/** Text of several lines (a message): newlines and tabs kept, every other control shown as a symbol. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** A one-line field (a chat or author name, a file name, a reason): newlines and tabs shown as symbols too. */
export function safeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}
