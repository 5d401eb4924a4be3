import { hash } from 'node:crypto';
import type { HeldMessages, NewMessage } from '../store/imports.js';
import { bits30, ordinalOf } from './identity.js';
import type { KnownStart } from './knownStart.js';

/** An identity's local day: the 'YYYYMMDD' it starts with. */
const DAY_CHARS = 8;
/** Where an identity's digest characters start (after 'YYYYMMDDHHMM'). */
const DIGEST_AT = 12;

/** A record converted to a message, its identity not made yet (ops/convert.ts). */
export interface Draft extends NewMessage {
  /** 'YYYYMMDDHHMM', local: what the identity starts with. */
  minute: string;
  /** Past the chat's retention: identified (for the ordinals of the rest), never stored. */
  expired: boolean;
}

/** Makes the identities of records in file order (ops/convert.ts MessageConverter). */
export interface Identifying {
  /** The run's messages to store, identified (expired ones identified, then left out). */
  identified(drafts: Iterable<Draft>): Iterable<NewMessage>;
  /** Counts an archived identity as one this export made (identity.ts Identify.seen). */
  seen(ident: string): void;
}

/** What HeldDays reads of the chat, inside the import's transaction (store/heldDays.ts). */
export interface ArchivedDays {
  /** The chat's identities of one local day. */
  identities(day: string): Iterable<string>;
  /** The records digest per day that the chat's last import held, while still valid; null if none. */
  saved(): Map<string, string> | null;
}

/**
 * Skips what the archive already holds of an overlapping export without probing each message: per local
 * day (the 'YYYYMMDD' every identity starts with), the export's messages and the chat's archived ones are
 * compared by count and by three sums of 30 digest bits of their identities (ordinal included). Where
 * they agree, the archive holds that day exactly as the export has it: the day's messages are not handed
 * to the writer (it would only find each one already there) and count as duplicates. Any difference (a
 * message added, edited, renamed, deleted on the phone) sends the whole day the per-message way. Messages
 * with a file always go that way too: a held message may still lack its file (ops/lateMedia.ts).
 * A day the export splits into separate runs is compared run by run (a run then differs: per message).
 *
 * Before that, without identifying anything: a digest of each day's parsed records (minute, author, kind,
 * text, in order) is compared with the one the chat's last import saved for a day it held. Equal records
 * make equal identities, so such a day is held as it is, its records never hashed one by one. The days
 * held whole (no record past retention, one run) are saved for the next import (`heldDays`).
 */
export class HeldDays implements HeldMessages {
  count = 0;
  readonly authors = new Set<string | null>();
  newest = -Infinity;
  /** Days held whole, and their records digest (undefined: not to be saved). */
  private readonly days = new Map<string, string | undefined>();
  /** Days with a run so far, and those held by their records digest alone (their records not identified). */
  private readonly runs = new Set<string>();
  private readonly unidentified = new Set<string>();
  /** Days with a record past retention. */
  private readonly expired = new Set<string>();
  private saved: Map<string, string> | null | undefined;

  constructor(
    private readonly archived: ArchivedDays,
    /** Each message held (not handed to the writer). */
    private readonly onHeld: (m: NewMessage) => void,
  ) {}

  /** Whether an identity's local day was held whole: none of the day's archived messages is missing from the export. */
  isHeld(ident: string): boolean {
    return this.days.has(ident.slice(0, DAY_CHARS));
  }

  /** The days held whole, each one run of the export without records past retention, with their records digest. */
  heldDays(): Array<[string, string]> {
    return [...this.days].filter((d): d is [string, string] => d[1] !== undefined && !this.expired.has(d[0]));
  }

  /**
   * The export's known start (ops/knownStart.ts): its records are held without being read, their days as
   * if held by their records digest (a later run of one of them counts the archive's identities).
   */
  holdStart(start: KnownStart): void {
    this.saved ??= this.archived.saved();
    for (const day of start.localDays) {
      this.runs.add(day);
      this.unidentified.add(day);
      this.days.set(day, this.saved?.get(day));
    }
    this.count += start.records;
    for (const author of start.authors) this.authors.add(author);
    if (start.newest > this.newest) this.newest = start.newest;
  }

  /** The messages of days that differ from the archive's (and those with a file), identified, in order. */
  *unheld(drafts: Iterable<Draft>, identifying: Identifying): Generator<NewMessage> {
    let day = '';
    let run: Draft[] = [];
    for (const d of drafts) {
      const of = d.minute.slice(0, DAY_CHARS);
      if (d.expired) {
        // Its day is not saved (its ordinals may count it); identified at once, it does not split a run.
        this.expired.add(of);
        if (of !== day) {
          void [...identifying.identified([d])];
          continue;
        }
      }
      if (of !== day) {
        yield* this.settle(day, run, identifying);
        day = of;
        run = [];
      }
      run.push(d);
    }
    yield* this.settle(day, run, identifying);
  }

  private *settle(day: string, run: Draft[], identifying: Identifying): Generator<NewMessage> {
    if (run.length === 0) return;
    const again = this.runs.has(day);
    this.runs.add(day);
    const whole = !again && !this.expired.has(day);
    const records = whole ? recordsDigest(run) : undefined;
    this.saved ??= this.archived.saved();
    if (records !== undefined && this.saved?.get(day) === records && !run.some(hasFile)) {
      this.unidentified.add(day);
      this.hold(day, run, records);
      return;
    }
    if (again) {
      // The day was seen before in another run: it is no longer held whole, and if its first run was held
      // unidentified, the ordinals of this run's repeats count that run's identities (the archive's).
      if (this.days.has(day)) this.days.set(day, undefined);
      if (this.unidentified.has(day)) for (const ident of this.archived.identities(day)) identifying.seen(ident);
    }
    const messages = [...identifying.identified(run)];
    const digest = new DayDigest();
    for (const m of messages) digest.add(m.ident);
    const archived = new DayDigest();
    for (const ident of this.archived.identities(day)) archived.add(ident);
    if (messages.length === 0 || !digest.equals(archived)) {
      yield* messages;
      return;
    }
    for (const m of messages) if (hasFile(m)) yield m;
    this.hold(day, messages.filter((m) => !hasFile(m)), records);
  }

  private hold(day: string, messages: readonly NewMessage[], records: string | undefined): void {
    this.days.set(day, records);
    for (const m of messages) {
      this.count++;
      this.authors.add(m.author);
      if (m.ts > this.newest) this.newest = m.ts;
      this.onHeld(m);
    }
  }
}

function hasFile(m: NewMessage): boolean {
  return m.media.some((ref) => ref.sha256 !== null);
}

/** SHA-256 of a run's parsed records: each one's minute, author, kind and text, lengths first (unambiguous). */
function recordsDigest(run: readonly Draft[]): string {
  let text = '';
  for (const d of run) {
    const author = d.author === null ? '-' : `${d.author.length}:${d.author}`;
    text += `${d.minute}${author}\u0000${d.kind}\u0000${d.text.length}:${d.text}`;
  }
  return hash('sha256', text, 'base64');
}

/** One day's identities: how many, and three sums of 30 bits each (exact in a double up to 2^23 identities a day). */
class DayDigest {
  n = 0;
  a = 0;
  b = 0;
  c = 0;

  add(ident: string): void {
    this.n++;
    this.a += bits30(ident, DIGEST_AT);
    this.b += bits30(ident, DIGEST_AT + 5);
    this.c += (bits30(ident, DIGEST_AT + 10) + ordinalOf(ident)) % 2 ** 30;
  }

  equals(other: DayDigest): boolean {
    return this.n === other.n && this.a === other.a && this.b === other.b && this.c === other.c;
  }
}
