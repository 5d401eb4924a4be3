import { hash } from 'node:crypto';
import { identityText } from '../integrity/identityText.js';

/**
 * Makes identities for one export's messages, in file order (docs/architecture.md, "Identity and hash rules"):
 * (local time to the minute, author, normalised text, ordinal among identical triples in this export).
 * `minute` is 'YYYYMMDDHHMM'. The identity starts with it, so that a chronological export inserts into
 * the identity index in order (measured: a random key costs 70% more per insert); 96 bits of SHA-256
 * tell apart the messages of one minute; a repeat of the same triple gets its ordinal appended.
 * `expected`: about how many messages the export has (sizes the table of repeats; it grows if needed).
 */
export function identifier(expected = 0): Identify {
  // Repeats are found by 52 bits of the digest, not by the identity strings: a Map of a million distinct
  // strings costs seconds (measured). Two different triples of one minute agreeing on all 52 bits (odds
  // about 1 in 10^10 per export of a million) would only cost a duplicate row, never a lost one.
  const repeats = new Repeats(expected);
  const identify = ((minute, author, kind, text) => {
    const digest = hash('sha256', `${minute}\u0000${author ?? '\u0001system'}\u0000${identityText(kind, text)}`, 'base64');
    const key = minute + digest.slice(0, DIGEST_CHARS);
    const ordinal = repeats.next(minute, digestKey(digest, 0, 0));
    return ordinal === 0 ? key : `${key}.${ordinal}`;
  }) as Identify;
  identify.seen = (ident) => void repeats.next(ident.slice(0, MINUTE_CHARS), digestKey(ident, MINUTE_CHARS, 0));
  return identify;
}

/**
 * Counts of the triples' keys. A triple's repeats are all of its minute, and an export's minutes mostly
 * only go forward: then the keys of the current minute are all that need counting, a few in a small Map,
 * where one table of a million keys (12 bytes each, looked up at random places) cost ~0.4 s of lookups and
 * ~0.9 s of CPU in all for a 1M-message export (measured). Every key is also kept in order; when a minute
 * comes back (a day in two runs, a clock set back), they go into a KeyTable, which counts from then on
 * (as one table over every key always did; it also counts keys of other minutes that agree on 52 bits).
 */
class Repeats {
  private minute = '';
  private readonly current = new Map<number, number>();
  private keys: Float64Array;
  private count = 0;
  private table: KeyTable | null = null;

  constructor(private readonly expected: number) {
    this.keys = new Float64Array(Math.max(1024, expected));
  }

  /** How many times `key` (of a triple of `minute`) was counted before this time; counts it once more. */
  next(minute: string, key: number): number {
    if (this.table === null && minute < this.minute) this.table = this.tableOfAll();
    if (this.table !== null) return this.table.next(key);
    if (minute !== this.minute) {
      this.minute = minute;
      this.current.clear();
    }
    if (this.count === this.keys.length) {
      const more = new Float64Array(2 * this.keys.length);
      more.set(this.keys);
      this.keys = more;
    }
    this.keys[this.count++] = key;
    const before = this.current.get(key) ?? 0;
    this.current.set(key, before + 1);
    return before;
  }

  private tableOfAll(): KeyTable {
    const table = new KeyTable(Math.max(this.expected, this.count));
    for (let i = 0; i < this.count; i++) table.next(this.keys[i]!);
    return table;
  }
}

export interface Identify {
  (minute: string, author: string | null, kind: string, text: string): string;
  /**
   * Counts an identity this export's records would have made without making it: a message of a day the
   * archive holds exactly (ops/heldDays.ts), whose records were not identified. Later repeats of its triple
   * then get the ordinals they would have.
   */
  seen(ident: string): void;
}

/** An identity's minute ('YYYYMMDDHHMM'), then this many base64 characters of its digest, then maybe '.ordinal'. */
const MINUTE_CHARS = 12;
const DIGEST_CHARS = 16;

/**
 * A non-zero 52-bit key of an identity, from the digest characters identifier() put in it (uniformly
 * random, so no hashing of the string is needed) and its ordinal.
 */
export function identityKey(ident: string): number {
  return digestKey(ident, MINUTE_CHARS, ordinalOf(ident));
}

/** The repeat ordinal of an identity (0 for the first of its triple). */
export function ordinalOf(ident: string): number {
  return ident.length > MINUTE_CHARS + DIGEST_CHARS ? Number(ident.slice(MINUTE_CHARS + DIGEST_CHARS + 1)) || 0 : 0;
}

function digestKey(s: string, at: number, ordinal: number): number {
  const low = (bits30(s, at + 5) ^ bits30(s, at + 10) ^ Math.imul(ordinal, 0x9e3779b1)) & 0x3fffff;
  return bits30(s, at) * 2 ** 22 + low + 1;
}

/**
 * Counts per non-zero 52-bit key (identityKey), open addressing in typed arrays: the one table of the
 * import's identity work (repeats while identifying, the export's identities while following its overlap).
 * A Map or Set of the same million keys took 28 MB of heap, 50 MB of RSS while it grew, and
 * garbage-collector time (measured); these arrays take 12 bytes a place, allocated once.
 */
export class KeyTable {
  private mask = 0;
  private size = 0;
  /** 0 marks a free place. */
  private keys = new Float64Array(0);
  private counts = new Int32Array(0);

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < 2 * expected) capacity *= 2;
    this.allocate(capacity);
  }

  /** How many times `key` was counted before this time; counts it once more. */
  next(key: number): number {
    const i = this.find(key);
    if (this.keys[i] === key) return this.counts[i]!++;
    this.keys[i] = key;
    this.counts[i] = 1;
    if (2 * ++this.size > this.mask) this.grow();
    return 0;
  }

  has(key: number): boolean {
    return this.keys[this.find(key)] === key;
  }

  /** The place of `key`, or the free place where it would go. */
  private find(key: number): number {
    let i = key & this.mask;
    for (let k = this.keys[i]!; k !== 0 && k !== key; k = this.keys[i]!) i = (i + 1) & this.mask;
    return i;
  }

  private allocate(capacity: number): void {
    this.mask = capacity - 1;
    this.keys = new Float64Array(capacity);
    this.counts = new Int32Array(capacity);
  }

  private grow(): void {
    const { keys, counts } = this;
    this.allocate(2 * keys.length);
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === 0) continue;
      const i = this.find(keys[j]!);
      this.keys[i] = keys[j]!;
      this.counts[i] = counts[j]!;
    }
  }
}

/** 30 bits from five base64 characters of a digest. */
export function bits30(digest: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 5; i++) n = (n << 6) | (digest.charCodeAt(i) & 0x3f);
  return n;
}
