import { parseExportFrom } from '../parser/parse.js';
import type { ParseResult, ParseState } from '../parser/types.js';
import type { ChatText } from '../source/decode.js';
import type { ExportSource } from '../source/types.js';
import { namesAnyFileUpTo, savedStart, type ChatNow, type SavedStart } from '../store/heldDays.js';
import { dayOf } from '../store/laterExports.js';
import type { Archive } from '../store/open.js';
import type { Draft } from './heldDays.js';

/**
 * A chat's later export usually starts with the text of the one before it, byte for byte (the phone
 * appends; until WhatsApp's limit cuts the oldest messages). An import saves how far that holds for
 * its export: up to its last local day (the next export may add to that day), with a SHA-256 of those
 * bytes and what it knew there (the parser's state, and what the records were). The next import of the
 * chat whose text starts with the same bytes reads only the rest, and counts the start's records as
 * held: the archive has each of them exactly (ops/heldDays.ts). Saved only when that is so: nothing of the
 * export past retention, dated implausibly, missing from the archive, or matched to a deletion placeholder,
 * no stray control characters, no lines before the first message, and no --date-order or --year.
 * Used only while the chat is as that import left it, in the same time zone, by the same version, with
 * retention keeping all of the start, and when the export has none of the files the start's messages
 * name (a full read would count them). Anything else: the whole export is read, as always.
 */
export interface KnownStart {
  parse: ParseState;
  records: number;
  oldest: number;
  newest: number;
  authors: Array<string | null>;
  /** Records per UTC day number (ops/deletedLater.ts counts the export's messages per UTC day). */
  utcDays: Array<[number, number]>;
  /** The local days ('YYYYMMDD') of its records. */
  localDays: string[];
}

/** An export read from the end of its known start on. */
export interface Resumed {
  start: KnownStart;
  /** As saved: where the rest starts in the chat text's bytes, and the SHA-256 of those before. */
  saved: SavedStart;
  text: string;
  parsed: ParseResult;
}

export interface ResumeContext {
  chatId: number;
  chat: string;
  toolVersion: string;
  tz: string;
  /** Records before this instant are past retention (null: none). */
  keepFrom: number | null;
  /** Records after this instant are dated implausibly (ops/convert.ts). */
  latest: number;
  now: () => ChatNow;
}

/** The export read from where the chat's known start ends, or null when it must be read whole. */
export function resume(archive: Archive, source: ExportSource, c: ResumeContext): Resumed | null {
  const saved = savedStart(archive, c.chatId, c.toolVersion, c.tz, c.now());
  if (saved === null || !source.chatText.startsWith(saved.bytes, saved.sha256)) return null;
  const start = startOf(saved.state);
  if (start === null) return null;
  if ((c.keepFrom !== null && start.oldest < c.keepFrom) || start.newest > c.latest) return null;
  const names = source.media.names();
  if (names.length > 0 && namesAnyFileUpTo(archive, c.chatId, start.localDays.reduce((a, b) => (a > b ? a : b)), names)) return null;
  const text = source.chatText.from(saved.bytes);
  if (text === null) return null;
  const parsed = parseExportFrom(text, start.parse, { chatName: c.chat });
  return parsed === null ? null : { start, saved, text, parsed };
}

/** The saved state, if it is one (derived data: a damaged row means reading the whole export, not failing). */
function startOf(state: string): KnownStart | null {
  try {
    const start = JSON.parse(state) as KnownStart;
    const arrays = [start.authors, start.utcDays, start.localDays, start.parse?.styles, start.parse?.colonAuthors, start.parse?.participants];
    const numbers = [start.records, start.oldest, start.newest, start.parse?.lines];
    return arrays.every(Array.isArray) && numbers.every(Number.isFinite) && start.localDays.length > 0 ? start : null;
  } catch {
    return null;
  }
}

/** Follows an import's records (in order) for the known start it may save. */
export class StartTracker {
  private readonly sealed: Part;
  private run: Part | null = null;
  private runDay = '';
  private followed = false;
  private made: SavedStart | null | undefined;

  constructor(
    private readonly base: Resumed | null,
    /** The parse of `text` (the export's rest, for a resumed import), and the chat text it is of. */
    private readonly parsed: ParseResult,
    private readonly text: string,
    private readonly chatText: ChatText,
  ) {
    this.sealed = new Part(base?.start ?? null);
  }

  /** The drafts, each one followed. */
  *follow(drafts: Iterable<Draft>): Generator<Draft> {
    for (const d of drafts) {
      this.add(d);
      yield d;
    }
    this.followed = true;
  }

  /**
   * The start to save once every draft is followed, if the import's outcome allows (ops/import.ts): the
   * parser's state there and a SHA-256 of its bytes, made on the first call (~0.1 s for a 1M-message
   * export: the import asks as soon as the last message is handed to the writer, while its thread writes).
   */
  toSave(): SavedStart | null {
    if (!this.followed) return null;
    // Made once, also when there is none to make (null).
    if (this.made === undefined) this.made = this.make();
    return this.made;
  }

  private add(d: Draft): void {
    const day = d.minute.slice(0, 8);
    if (this.run === null || day !== this.runDay) {
      if (this.run !== null) this.sealed.merge(this.run, this.runDay);
      this.run = new Part(null);
      this.runDay = day;
    }
    this.run.add(d.ts, d.author);
  }

  /**
   * Up to the export's last run of one local day, with the parser's state there, if it can resume there
   * (the same start again when the rest added only to its last day).
   */
  private make(): SavedStart | null {
    const records = this.sealed.records;
    const from = this.base?.start.records ?? 0;
    if (this.base !== null && records === from) return this.base.saved;
    const point = this.parsed.resumeAt(records - from);
    if (point === null) return null;
    const bytes = this.chatText.start(this.text, point.offset);
    if (bytes === null) return null;
    const start: KnownStart = { ...this.sealed.summary(), parse: point.state };
    return { ...bytes, state: JSON.stringify(start) };
  }
}

/** Records of a part of an export: how many, when, by whom, on which days. */
class Part {
  records = 0;
  oldest = Infinity;
  newest = -Infinity;
  private readonly authors = new Set<string | null>();
  private readonly utcDays = new Map<number, number>();
  private readonly localDays: string[] = [];
  private lastAuthor: string | null | undefined;
  /** The UTC day of the latest records, and how many of them are not in `utcDays` yet. */
  private day = NaN;
  private dayRecords = 0;

  constructor(base: KnownStart | null) {
    if (base === null) return;
    this.records = base.records;
    this.oldest = base.oldest;
    this.newest = base.newest;
    for (const a of base.authors) this.authors.add(a);
    for (const [day, n] of base.utcDays) this.utcDays.set(day, n);
    this.localDays.push(...base.localDays);
  }

  add(ts: number, author: string | null): void {
    this.records++;
    if (ts < this.oldest) this.oldest = ts;
    if (ts > this.newest) this.newest = ts;
    // Consecutive records mostly share their author's name and their day: the Set and the Map are touched
    // only on a change (a million records cost ~80 ms the other way).
    if (author !== this.lastAuthor) {
      this.authors.add(author);
      this.lastAuthor = author;
    }
    const day = dayOf(ts);
    if (day !== this.day) {
      this.flush();
      this.day = day;
    }
    this.dayRecords++;
  }

  merge(other: Part, localDay: string): void {
    other.flush();
    this.records += other.records;
    this.oldest = Math.min(this.oldest, other.oldest);
    this.newest = Math.max(this.newest, other.newest);
    for (const a of other.authors) this.authors.add(a);
    for (const [day, n] of other.utcDays) this.utcDays.set(day, (this.utcDays.get(day) ?? 0) + n);
    this.localDays.push(localDay);
  }

  private flush(): void {
    if (this.dayRecords === 0) return;
    this.utcDays.set(this.day, (this.utcDays.get(this.day) ?? 0) + this.dayRecords);
    this.dayRecords = 0;
  }

  summary(): Omit<KnownStart, 'parse'> {
    const { records, oldest, newest } = this;
    return { records, oldest, newest, authors: [...this.authors], utcDays: [...this.utcDays], localDays: this.localDays };
  }
}
