import { hash } from 'node:crypto';

const MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const SPACES = /[\s\u00A0\u202F\u2009]+/g;

/**
 * The text part of a message's identity. Media and deleted messages are identified by their kind alone,
 * because the placeholder depends on platform, language and whether media were exported.
 */
export function identityText(kind: string, text: string): string {
  if (kind === 'media' || kind === 'deleted') return `\u0001${kind}`;
  return text.replace(MARKS, '').replace(SPACES, ' ').trim().normalize('NFC');
}

/**
 * Makes identities for one export's messages, in file order (architecture.md, "Deduplication"):
 * (local time to the minute, author, normalised text, ordinal among identical triples in this export).
 */
export function identifier(): (minute: string, author: string | null, kind: string, text: string) => Buffer {
  const seen = new Map<string, number>();
  return (minute, author, kind, text) => {
    const key = `${minute}\u0000${author ?? '\u0001system'}\u0000${identityText(kind, text)}`;
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return hash('sha256', `${key}\u0000${ordinal}`, 'buffer').subarray(0, 16);
  };
}
