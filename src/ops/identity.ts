import { hash } from 'node:crypto';

const MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const SPACES = /[\s\u00A0\u202F\u2009]+/g;
/** Printable ASCII. A single character class: a group repeated per character overflows the stack on a 10 MB line. */
const PRINTABLE_ASCII = /^[ -~]*$/;

/**
 * The text part of a message's identity. Media and deleted messages are identified by their kind alone,
 * because the placeholder depends on platform, language and whether media were exported.
 */
export function identityText(kind: string, text: string): string {
  if (kind === 'media' || kind === 'deleted') return `\u0001${kind}`;
  if (kind === 'system') return eventText(text);
  if (isPlain(text)) return text;
  return normalized(text);
}

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;
/** What Android appends to some English events (the encryption notice, security codes) and iOS leaves out. */
const LEARN_MORE = / (?:Tap to learn more|Learn more)\.$/;

/**
 * A system event is the same event in an Android and an iPhone export of the chat: iOS writes its quotes
 * curly (created group “Orders”) where Android writes them straight, and Android appends "Tap to learn
 * more." in English. Events have no author in either (the parser drops iOS's group or actor name), so
 * two events of one minute are told apart by their words alone.
 */
function eventText(text: string): string {
  return normalized(text).replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'").replace(LEARN_MORE, '');
}

function normalized(text: string): string {
  return text.replace(MARKS, '').replace(SPACES, ' ').trim().normalize('NFC');
}

/** Text that needs no normalising: printable ASCII without double spaces or edge spaces. */
function isPlain(text: string): boolean {
  return PRINTABLE_ASCII.test(text) && !text.startsWith(' ') && !text.endsWith(' ') && !text.includes('  ');
}

/**
 * Makes identities for one export's messages, in file order (docs/architecture.md, "Identity and hash rules"):
 * (local time to the minute, author, normalised text, ordinal among identical triples in this export).
 * `minute` is 'YYYYMMDDHHMM'. The identity starts with it, so that a chronological export inserts into
 * the identity index in order (measured: a random key costs 70% more per insert); 96 bits of SHA-256
 * tell apart the messages of one minute; a repeat of the same triple gets its ordinal appended.
 * `expected`: about how many messages the export has (sizes the table of repeats; it grows if needed).
 */
export function identifier(expected = 0): (minute: string, author: string | null, kind: string, text: string) => string {
  // Repeats are found by two 30-bit numbers taken from the digest, not by the identity strings:
  // a Map of a million distinct strings costs seconds (measured). Two different triples agreeing on
  // all 60 bits (odds about 1 in 10^12 per export) would only cost a duplicate row, never a lost one.
  const repeats = new PairCounts(expected);
  return (minute, author, kind, text) => {
    const digest = hash('sha256', `${minute}\u0000${author ?? '\u0001system'}\u0000${identityText(kind, text)}`, 'base64');
    const key = minute + digest.slice(0, 16);
    const ordinal = repeats.next(bits30(digest, 0), bits30(digest, 5));
    return ordinal === 0 ? key : `${key}.${ordinal}`;
  };
}

/**
 * How often each pair of 30-bit numbers has been seen: open addressing (the first number, uniformly
 * random, is the hash) in typed arrays. A Map of the same million pairs took 28 MB of heap, 50 MB of RSS
 * while it grew, and garbage-collector time (measured); these arrays take 24 MB, allocated once.
 */
class PairCounts {
  private mask = 0;
  private size = 0;
  private firsts = new Int32Array(0);
  /** The second number + 1, so that 0 marks a free place. */
  private seconds = new Int32Array(0);
  private counts = new Int32Array(0);

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < 2 * expected) capacity *= 2;
    this.allocate(capacity);
  }

  /** How many times (first, second) was seen before this time. */
  next(first: number, second: number): number {
    const mark = second + 1;
    for (let i = first & this.mask; ; i = (i + 1) & this.mask) {
      const m = this.seconds[i]!;
      if (m === 0) {
        this.put(i, first, mark, 1);
        if (2 * ++this.size > this.mask) this.grow();
        return 0;
      }
      if (m === mark && this.firsts[i] === first) return this.counts[i]!++;
    }
  }

  private put(i: number, first: number, mark: number, count: number): void {
    this.firsts[i] = first;
    this.seconds[i] = mark;
    this.counts[i] = count;
  }

  private allocate(capacity: number): void {
    this.mask = capacity - 1;
    this.firsts = new Int32Array(capacity);
    this.seconds = new Int32Array(capacity);
    this.counts = new Int32Array(capacity);
  }

  private grow(): void {
    const { firsts, seconds, counts } = this;
    this.allocate(2 * firsts.length);
    for (let j = 0; j < firsts.length; j++) {
      if (seconds[j] === 0) continue;
      let i = firsts[j]! & this.mask;
      while (this.seconds[i] !== 0) i = (i + 1) & this.mask;
      this.put(i, firsts[j]!, seconds[j]!, counts[j]!);
    }
  }
}

/** 30 bits from five base64 characters of a digest. */
function bits30(digest: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 5; i++) n = (n << 6) | (digest.charCodeAt(i) & 0x3f);
  return n;
}
