import { hash } from 'node:crypto';

const MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const SPACES = /[\s\u00A0\u202F\u2009]+/g;
/** Text that needs no normalising: printable ASCII without double spaces or edge spaces. */
const PLAIN = /^(?! )(?:[!-~]| (?! ))*(?<! )$/;

/**
 * The text part of a message's identity. Media and deleted messages are identified by their kind alone,
 * because the placeholder depends on platform, language and whether media were exported.
 */
export function identityText(kind: string, text: string): string {
  if (kind === 'media' || kind === 'deleted') return `\u0001${kind}`;
  if (PLAIN.test(text)) return text;
  return text.replace(MARKS, '').replace(SPACES, ' ').trim().normalize('NFC');
}

/**
 * Makes identities for one export's messages, in file order (architecture.md, "Deduplication"):
 * (local time to the minute, author, normalised text, ordinal among identical triples in this export).
 * `minute` is 'YYYYMMDDHHMM'. The identity starts with it, so that a chronological export inserts into
 * the identity index in order (measured: a random key costs 70% more per insert); 96 bits of SHA-256
 * tell apart the messages of one minute; a repeat of the same triple gets its ordinal appended.
 */
export function identifier(): (minute: string, author: string | null, kind: string, text: string) => string {
  // Repeats are found by two 30-bit numbers taken from the digest, not by the identity strings:
  // a Map of a million distinct strings costs seconds (measured). Two different triples agreeing on
  // all 60 bits (odds about 1 in 10^12 per export) would only cost a duplicate row, never a lost one.
  const seen = new Map<number, number | Map<number, number>>();
  return (minute, author, kind, text) => {
    const digest = hash('sha256', `${minute}\u0000${author ?? '\u0001system'}\u0000${identityText(kind, text)}`, 'base64');
    const key = minute + digest.slice(0, 16);
    const slot = bits30(digest, 0);
    const check = bits30(digest, 5);
    const entry = seen.get(slot);
    if (entry === undefined) {
      seen.set(slot, check);
      return key;
    }
    let counts = entry;
    if (typeof counts === 'number') {
      counts = new Map([[counts, 1]]);
      seen.set(slot, counts);
    }
    const ordinal = counts.get(check) ?? 0;
    counts.set(check, ordinal + 1);
    return ordinal === 0 ? key : `${key}.${ordinal}`;
  };
}

/** 30 bits from five base64 characters of a digest. */
function bits30(digest: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 5; i++) n = (n << 6) | (digest.charCodeAt(i) & 0x3f);
  return n;
}
