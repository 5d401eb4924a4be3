import type { ParsedRecord, WallTime } from '../parser/types.js';
import type { NewMediaRef, NewMessage } from '../store/imports.js';
import type { Draft, Identifying } from './heldDays.js';
import { identifier, type Identify } from './identity.js';
import type { ImportMedia } from './importMedia.js';
import { messageHash } from '../integrity/digest.js';
import { compactMinute, instantResolver, localText } from './time.js';

/** The latest plausible instant of an export's messages: when its file was made (or now, if earlier). */
export function latestPlausible(madeAt: number, now: Date): number {
  return Math.min(madeAt, now.getTime());
}

/** Turns parsed records into rows, one at a time, storing each attachment once. */
export class MessageConverter implements Identifying {
  /** Records past retention, not stored. */
  expired = 0;
  oldest = Infinity;
  /** Messages dated before 2009 or after `latest`, and the first line of the first of them. */
  implausible = 0;
  firstImplausible = '';
  /** The latest plausible instant: when the file was made (or now, if earlier), plus a day for time zones. */
  readonly latest: number;
  private readonly instant: (t: WallTime) => number;
  private readonly identify: Identify;

  constructor(
    private readonly media: ImportMedia,
    private readonly chat: string,
    madeAt: number,
    options: { tz: string; now: Date },
    expected: number,
    /** Records before this instant are past retention (null: none). */
    private readonly keepFrom: number | null,
  ) {
    this.identify = identifier(expected);
    this.instant = instantResolver(options.tz);
    this.latest = latestPlausible(madeAt, options.now);
  }

  /** Every record (past retention too) as a message without its identity yet (`identified` makes it, where ops/heldDays.ts needs it), in order. */
  *convert(records: Iterable<ParsedRecord>): Generator<Draft> {
    // Consecutive records often share one header time (the parser then hands out the same object):
    // convert each time once.
    let previous: WallTime | null = null;
    let ts = 0;
    let local = '';
    let minute = '';
    let plausible = true;
    for (const r of records) {
      if (r.time !== previous) {
        ts = this.instant(r.time);
        local = localText(r.time);
        minute = compactMinute(r.time);
        previous = r.time;
        if (ts < this.oldest) this.oldest = ts;
        plausible = r.time.year >= WHATSAPP_YEAR && ts <= this.latest + DAY_MS;
      }
      if (!plausible && this.implausible++ === 0) this.firstImplausible = r.original.split('\n', 1)[0]!.slice(0, 80);
      const expired = this.keepFrom !== null && ts < this.keepFrom;
      const draft: Draft = {
        ident: '',
        minute,
        expired,
        ts,
        local,
        author: r.author,
        kind: r.kind,
        text: r.text,
        edited: r.edited,
        original: r.original,
        // Never stored: its files are not placed.
        media: expired || r.media.length === 0 ? NO_MEDIA : r.media.map((ref) => this.mediaRef(ref.name)),
        hash: '',
      };
      yield draft;
    }
  }

  /** The records to store, identified (their content hash not yet computed: `hashed` does), in order. */
  *identified(drafts: Iterable<Draft>): Generator<NewMessage> {
    for (const d of drafts) {
      // Every record gets its identity, so that the ordinals of the rest do not depend on retention.
      d.ident = this.identify(d.minute, d.author, d.kind, d.text);
      if (d.expired) {
        this.expired++;
        continue;
      }
      yield d;
    }
  }

  seen(ident: string): void {
    this.identify.seen(ident);
  }

  /** Gives each message its content hash; `holdBack`: whether to keep a deletion placeholder from the writer (ops/laterExport.ts has it). */
  *hashed(messages: Iterable<NewMessage>, holdBack: (m: NewMessage) => boolean): Generator<NewMessage> {
    for (const m of messages) {
      m.hash = messageHash(this.chat, m);
      if (m.kind === 'deleted' && holdBack(m)) continue;
      yield m;
    }
  }

  private mediaRef(name: string | null): NewMediaRef {
    if (name === null) return { name: null, sha256: null, size: null };
    const file = this.media.file(name);
    return { name, sha256: file?.sha256 ?? null, size: file?.size ?? null };
  }
}

const NO_MEDIA: NewMediaRef[] = [];
/** WhatsApp's first year: an earlier date is a wrong date. */
const WHATSAPP_YEAR = 2009;
/** Slack for a wrong --tz: wall times can be up to a day from UTC. */
export const DAY_MS = 86_400_000;

