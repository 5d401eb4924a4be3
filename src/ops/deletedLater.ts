import type { NewMessage } from '../store/imports.js';
import { dayOf, dayStart } from '../store/laterExports.js';
import type { ArchiveWriter } from '../store/writer.js';
import { identityKey, KeyTable } from './identity.js';

/** What the overlap of a later export with the archive shows about archived messages. */
export interface OverlapFindings {
  /** Archived messages the export shows as WhatsApp's deletion placeholder: marked, kept as archived. */
  deletedLater: number[];
  /** Archived messages in the export's time span that it does not have, and no placeholder stands for. */
  missingFromExport: number[];
  /** Placeholders that may stand for an archived message, but not for exactly one: not stored. */
  ambiguous: number;
  /** Placeholders that stand for exactly one archived message (marked now or before): not stored. */
  matched: number;
  /** Placeholders that stand for no archived message: stored as the export's messages. */
  toStore: NewMessage[];
}

/**
 * Follows an export of a chat that the archive already has messages of, to tell which archived messages
 * of its time span it lacks, without probing each archived message: the writer's deduplication already
 * matched every message it was given against the archive (one-to-one, by identity), so per UTC day the
 * archived messages outnumber what the export gave only where the export lacks some. Only those days are
 * read, and their messages looked up among the export's identities (kept as 52-bit keys, not strings);
 * days the export and the archive hold alike (ops/heldDays.ts) are counted, never read.
 *
 * Deletion placeholders ("This message was deleted", any language the parser knows) are held back from
 * the writer: one that sits at the same minute and author as exactly one archived message the export
 * lacks is that message, deleted on the phone after it was archived, and is not stored. Conservative: a
 * placeholder that could be one of several, or several that could be one, is not stored either.
 */
export class ExportOverlap {
  private readonly keys: KeyTable;
  private readonly perDay = new DayCounts();
  private readonly placeholders: NewMessage[] = [];
  private from = Infinity;
  private to = -Infinity;
  /** Whether a known start was held, and the earliest message of the export's rest. */
  private started = false;
  private restFrom = Infinity;

  constructor(expected: number) {
    this.keys = new KeyTable(expected);
  }

  /** A message handed to the writer. */
  sent(m: NewMessage): void {
    this.keys.next(identityKey(m.ident));
    this.count(m.ts);
  }

  /** A message of a day the archive holds exactly as the export has it (ops/heldDays.ts): not handed to the writer. */
  held(ts: number): void {
    this.count(ts);
  }

  /** The known start of the export (ops/knownStart.ts): its records per UTC day, all held, and its span. */
  heldStart(utcDays: ReadonlyArray<readonly [number, number]>, oldest: number, newest: number): void {
    this.started = true;
    for (const [day, n] of utcDays) this.perDay.add(day, n);
    this.from = Math.min(this.from, oldest);
    this.to = Math.max(this.to, newest);
  }

  /** Whether a message is a placeholder to hold back (then kept here until `reconcile`). */
  holdBack(m: NewMessage): boolean {
    if (m.kind !== 'deleted') return false;
    this.keys.next(identityKey(m.ident));
    this.placeholders.push(m);
    this.span(m.ts);
    return true;
  }

  /**
   * After the export's messages are written, in the import's transaction: marks what it can. `heldDay`:
   * whether an identity's local day ('YYYYMMDD') was held whole (none of its archived messages is missing).
   */
  reconcile(writer: ArchiveWriter, chatId: number, importId: number, heldDay: (ident: string) => boolean): OverlapFindings {
    const findings: OverlapFindings = { deletedLater: [], missingFromExport: [], ambiguous: 0, matched: 0, toStore: [] };
    // A placeholder archived before (from an export that already showed it) matches its archived row like
    // any message (and is written again, as a duplicate); the others are what this export newly shows.
    const seen = writer.call('archivedIdents', chatId, this.placeholders.map((p) => p.ident));
    const unseen: NewMessage[] = [];
    for (const p of this.placeholders) {
      if (!seen.has(p.ident)) unseen.push(p);
      else {
        findings.toStore.push(p);
        this.count(p.ts);
      }
    }
    // The archived messages the export lacks, by id; of those, the ones a placeholder may stand for, by place.
    // Only ids are kept of the rest: an export of another chat of the same name lacks every archived message
    // of its time span (a million kept whole, with the places of all of them, took 0.5 GB).
    const fresh = groupBy(unseen, (p) => place(p.local, p.author));
    const minutes = [...new Set(unseen.map((p) => p.local.slice(0, 16)))];
    const missing: number[] = [];
    const candidates = new Map<string, number[]>();
    // A known start's days before the rest's first UTC day hold no more archived messages than the start
    // has (its import found none missing, and the chat is as it left it): they are not counted again.
    const countFrom = this.started ? Math.max(this.from, dayStart(dayOf(this.restFrom))) : this.from;
    if (countFrom <= this.to) {
      for (const [day, archived] of writer.call('messagesPerDay', chatId, countFrom, this.to)) {
        if (archived <= this.perDay.get(day)) continue;
        for (const [id, ident, local, author] of writer.call('archivedOnDay', chatId, importId, day, this.from, this.to, minutes)) {
          if (heldDay(ident) || this.keys.has(identityKey(ident))) continue;
          missing.push(id);
          if (local === null) continue;
          const at = place(local, author);
          if (fresh.has(at)) addTo(candidates, at, id);
        }
      }
    }
    const consumed = new Set<number>();
    for (const [at, placeholders] of fresh) {
      const archived = candidates.get(at) ?? [];
      if (archived.length === 0) findings.toStore.push(...placeholders);
      else if (archived.length === 1 && placeholders.length === 1) consumed.add(archived[0]!);
      else findings.ambiguous += placeholders.length;
    }
    findings.matched = consumed.size;
    const already = writer.call('markedDeleted', [...consumed]);
    findings.deletedLater = [...consumed].filter((id) => !already.has(id)).sort((a, b) => a - b);
    if (findings.deletedLater.length > 0) writer.call('markDeletedLater', findings.deletedLater, importId);
    findings.missingFromExport = missing.filter((id) => !consumed.has(id)).sort((a, b) => a - b);
    return findings;
  }

  /** One more message of the export that matches an archived one or is written: counted in its day. */
  private count(ts: number): void {
    this.perDay.add(dayOf(ts));
    this.span(ts);
  }

  /** A message of the export's rest (all of it, without a known start). */
  private span(ts: number): void {
    if (ts < this.from) this.from = ts;
    if (ts > this.to) this.to = ts;
    if (ts < this.restFrom) this.restFrom = ts;
  }
}

/** The minute and author of a message: where a placeholder replaces what was there. */
function place(local: string, author: string | null): string {
  return `${local.slice(0, 16)}\u0000${author ?? ''}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) addTo(groups, key(item), item);
  return groups;
}

function addTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [item]);
  else group.push(item);
}

/** Counts per UTC day number, in a typed array over the days seen (a Map per message cost more, measured). */
class DayCounts {
  private first = 0;
  private counts = new Int32Array(0);

  add(day: number, n = 1): void {
    if (this.counts.length === 0) this.first = day;
    const i = day - this.first;
    if (i < 0 || i >= this.counts.length) this.cover(day);
    this.counts[day - this.first]! += n;
  }

  get(day: number): number {
    return this.counts[day - this.first] ?? 0;
  }

  /** Grows the array to cover `day`, with room to spare on that side. */
  private cover(day: number): void {
    const first = Math.min(this.first, day - (day < this.first ? 366 : 0));
    const last = Math.max(this.first + this.counts.length - 1, day + (day >= this.first ? 366 : 0));
    const counts = new Int32Array(last - first + 1);
    counts.set(this.counts, this.first - first);
    this.first = first;
    this.counts = counts;
  }
}
