import type { HeldMessages, NewMessage } from '../store/imports.js';
import { bits30, ordinalOf } from './identity.js';

/** An identity's local day: the 'YYYYMMDD' it starts with. */
const DAY_CHARS = 8;
/** Where an identity's digest characters start (after 'YYYYMMDDHHMM'). */
const DIGEST_AT = 12;

/**
 * Skips what the archive already holds of an overlapping export without probing each message: per local
 * day (the 'YYYYMMDD' every identity starts with), the export's messages and the chat's archived ones are
 * compared by count and by three sums of 30 digest bits of their identities (ordinal included). Where
 * they agree, the archive holds that day exactly as the export has it: the day's messages are not handed
 * to the writer (it would only find each one already there) and count as duplicates. Any difference (a
 * message added, edited, renamed, deleted on the phone) sends the whole day the per-message way. Messages
 * with a file always go that way too: a held message may still lack its file (ops/lateMedia.ts).
 * A day the export splits into separate runs is compared run by run (a run then differs: per message).
 */
export class HeldDays implements HeldMessages {
  count = 0;
  readonly authors = new Set<string | null>();
  newest = -Infinity;
  private readonly days = new Set<string>();
  private archived: Map<string, DayDigest> | undefined;

  constructor(
    /** The chat's archived identities, read when the first message comes (inside the import's transaction). */
    private readonly archivedIdents: () => Iterable<string>,
    /** Each message held (not handed to the writer). */
    private readonly onHeld: (m: NewMessage) => void,
  ) {}

  /** Whether an identity's local day was held whole: none of the day's archived messages is missing from the export. */
  isHeld(ident: string): boolean {
    return this.days.has(ident.slice(0, DAY_CHARS));
  }

  /** The messages of days that differ from the archive's (and those with a file), in order. */
  *unheld(messages: Iterable<NewMessage>): Generator<NewMessage> {
    let day = '';
    let run: NewMessage[] = [];
    const digest = new DayDigest();
    for (const m of messages) {
      const d = m.ident.slice(0, DAY_CHARS);
      if (d !== day) {
        yield* this.settle(day, run, digest);
        day = d;
        run = [];
        digest.clear();
      }
      run.push(m);
      digest.add(m.ident);
    }
    yield* this.settle(day, run, digest);
  }

  private *settle(day: string, run: NewMessage[], digest: DayDigest): Generator<NewMessage> {
    if (run.length === 0) return;
    this.archived ??= digestsByDay(this.archivedIdents());
    if (!digest.equals(this.archived.get(day))) {
      yield* run;
      return;
    }
    this.days.add(day);
    for (const m of run) {
      if (m.media.some((ref) => ref.sha256 !== null)) {
        yield m;
        continue;
      }
      this.count++;
      this.authors.add(m.author);
      if (m.ts > this.newest) this.newest = m.ts;
      this.onHeld(m);
    }
  }
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

  clear(): void {
    this.n = this.a = this.b = this.c = 0;
  }

  equals(other: DayDigest | undefined): boolean {
    return other !== undefined && this.n === other.n && this.a === other.a && this.b === other.b && this.c === other.c;
  }
}

function digestsByDay(idents: Iterable<string>): Map<string, DayDigest> {
  const days = new Map<string, DayDigest>();
  let day = '';
  let digest: DayDigest | undefined;
  for (const ident of idents) {
    if (!ident.startsWith(day) || digest === undefined) {
      day = ident.slice(0, DAY_CHARS);
      digest = days.get(day);
      if (digest === undefined) days.set(day, (digest = new DayDigest()));
    }
    digest.add(ident);
  }
  return days;
}
