// The layout of a batch of messages in shared memory, written once: BatchSlot encodes (the caller's side of
// the import writer, store/writer.ts), RowReader decodes (its thread, store/writerWorker.ts).
//
// `bytes` holds each row's strings as UTF-8, one after another (a row is decoded in one go: 0.27 s for a
// million rows instead of 0.7 s for one decoding per string, measured). `numbers` holds per row: the UTF-8
// length of its strings, then in order (a string is its length in UTF-16 units): ident, ts, local (−1: as
// the row before), author and kind (−1: none; else an index into the names seen since the first batch of
// the call, a new one followed by its length), original, text (≥ 0: `original` from that character on;
// −1: its length follows), edited (0/1), hash, media count, then per attachment: name (−1: none), sha256
// (−1: none), size (−1: none). `added` gets a flag per row from the thread: 1 if written, 0 if skipped.
import type { NewMediaRef, NewMessage } from './imports.js';

const SLOT_ROWS = 2048;
const SLOT_BYTES = 1 << 20;
/** Numbers of a row without attachments: 11, and one each for a new author, a new kind and a separate text; 3 per attachment. */
const ROW_NUMBERS = 14;

export interface SlotMemory {
  bytes: SharedArrayBuffer;
  numbers: SharedArrayBuffer;
  added: SharedArrayBuffer;
}

/** What the rows of one writeMessages call share on the caller's side: names already sent, the last local time. */
export class RowContext {
  readonly names = new Map<string, number>();
  local: string | null = null;
}

/** One batch of messages, filled by the caller. */
export class BatchSlot {
  memory: SlotMemory = slotMemory(SLOT_BYTES, ROW_NUMBERS * SLOT_ROWS);
  rows = 0;
  /** The number of the command that is writing it; 0 when free. */
  command = 0;
  private bytes = Buffer.from(this.memory.bytes);
  private numbers = new Float64Array(this.memory.numbers);
  private readonly added = new Uint8Array(this.memory.added);
  /** Per row: where its hash starts and ends in `bytes` (for `skipped`). */
  private readonly hashes = new Int32Array(2 * SLOT_ROWS);
  private at = 0;
  private k = 0;

  /** Whether `m` fits in what is left; an empty slot too small for it must `grow`. */
  fits(m: NewMessage): boolean {
    return this.rows < SLOT_ROWS && this.at + rowBytes(m) <= this.bytes.length && this.k + rowNumbers(m) <= this.numbers.length;
  }

  /** Room for a message larger than the whole (empty) slot, for good. */
  grow(m: NewMessage): void {
    this.memory = { ...slotMemory(Math.max(rowBytes(m), this.bytes.length), Math.max(rowNumbers(m), this.numbers.length)), added: this.memory.added };
    this.bytes = Buffer.from(this.memory.bytes);
    this.numbers = new Float64Array(this.memory.numbers);
  }

  put(m: NewMessage, context: RowContext): void {
    const n = this.numbers;
    const rowStart = this.at;
    const lengthAt = this.k++;
    // The strings up to the hash are joined and written in one go: a write per string cost 60% more (measured).
    let head = this.part(m.ident);
    n[this.k++] = m.ts;
    if (m.local === context.local) n[this.k++] = -1;
    else head += this.part((context.local = m.local));
    head += this.name(m.author, context);
    head += this.name(m.kind, context);
    head += this.part(m.original);
    const textAt = m.original.length - m.text.length;
    if (textAt >= 0 && m.original.endsWith(m.text)) n[this.k++] = textAt;
    else {
      n[this.k++] = -1;
      head += this.part(m.text);
    }
    this.at += this.bytes.write(head, this.at);
    n[this.k++] = m.edited ? 1 : 0;
    this.hashes[2 * this.rows] = this.at;
    this.str(m.hash);
    this.hashes[2 * this.rows + 1] = this.at;
    n[this.k++] = m.media.length;
    for (const ref of m.media) {
      if (ref.name === null) n[this.k++] = -1;
      else this.str(ref.name);
      if (ref.sha256 === null) n[this.k++] = -1;
      else this.str(ref.sha256);
      n[this.k++] = ref.size ?? -1;
    }
    n[lengthAt] = this.at - rowStart;
    this.rows++;
  }

  /** The hashes of the rows the thread skipped as already in the chat (once it has written the batch). */
  skipped(): string[] {
    const hashes: string[] = [];
    for (let row = 0; row < this.rows; row++) {
      if (this.added[row] === 0) hashes.push(this.bytes.toString('utf8', this.hashes[2 * row], this.hashes[2 * row + 1]));
    }
    return hashes;
  }

  clear(): void {
    this.rows = this.at = this.k = 0;
  }

  private str(s: string): void {
    this.at += this.bytes.write(s, this.at);
    this.numbers[this.k++] = s.length;
  }

  /** Records the length of a string that the caller writes (joined with others); returns it. */
  private part(s: string): string {
    this.numbers[this.k++] = s.length;
    return s;
  }

  /** Records a name (its index; a new one, its length too); returns what to write: a new name, else ''. */
  private name(s: string | null, context: RowContext): string {
    const known = s === null ? -1 : context.names.get(s);
    this.numbers[this.k++] = known ?? context.names.size;
    if (known !== undefined) return '';
    context.names.set(s!, context.names.size);
    return this.part(s!);
  }
}

/**
 * Reads batches on the thread, one row at a time into its own fields (no object per row: a million of them
 * would be garbage). `reset` before the first batch of a writeMessages call.
 */
export class RowReader implements NewMessage {
  ident = '';
  ts = 0;
  local = '';
  author: string | null = null;
  kind = '';
  original = '';
  text = '';
  edited = false;
  hash = '';
  readonly media: NewMediaRef[] = [];
  private readonly names: string[] = [];
  private bytes: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  private numbers: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private at = 0;
  private k = 0;
  private row = '';
  private p = 0;

  reset(): void {
    this.names.length = 0;
    this.local = '';
  }

  /** Starts on a batch; then `next` reads its rows in order. */
  read(memory: SlotMemory): void {
    this.bytes = Buffer.from(memory.bytes);
    this.numbers = new Float64Array(memory.numbers);
    this.at = this.k = 0;
  }

  next(): void {
    const n = this.numbers;
    const length = n[this.k++]!;
    this.row = this.bytes.toString('utf8', this.at, (this.at += length));
    this.p = 0;
    this.ident = this.str(n[this.k++]!);
    this.ts = n[this.k++]!;
    const local = n[this.k++]!;
    if (local >= 0) this.local = this.str(local);
    this.author = this.name();
    this.kind = this.name()!;
    this.original = this.str(n[this.k++]!);
    const textAt = n[this.k++]!;
    this.text = textAt >= 0 ? this.original.slice(textAt) : this.str(n[this.k++]!);
    this.edited = n[this.k++] === 1;
    this.hash = this.str(n[this.k++]!);
    this.media.length = 0;
    for (let i = 0, count = n[this.k++]!; i < count; i++) this.media.push({ name: this.optional(), sha256: this.optional(), size: this.size() });
  }

  private str(length: number): string {
    return this.row.slice(this.p, (this.p += length));
  }

  private optional(): string | null {
    const length = this.numbers[this.k++]!;
    return length < 0 ? null : this.str(length);
  }

  private size(): number | null {
    const size = this.numbers[this.k++]!;
    return size < 0 ? null : size;
  }

  private name(): string | null {
    const i = this.numbers[this.k++]!;
    if (i < 0) return null;
    if (i === this.names.length) this.names.push(this.str(this.numbers[this.k++]!));
    return this.names[i]!;
  }
}

function slotMemory(bytes: number, numbers: number): SlotMemory {
  return { bytes: new SharedArrayBuffer(bytes), numbers: new SharedArrayBuffer(8 * numbers), added: new SharedArrayBuffer(SLOT_ROWS) };
}

/** An upper bound of the bytes a message takes in a batch: 3 per UTF-16 unit. */
function rowBytes(m: NewMessage): number {
  let units = m.ident.length + m.local.length + (m.author?.length ?? 0) + m.kind.length + m.original.length + m.text.length + m.hash.length;
  for (const ref of m.media) units += (ref.name?.length ?? 0) + (ref.sha256?.length ?? 0);
  return 3 * units;
}

const rowNumbers = (m: NewMessage): number => ROW_NUMBERS + 3 * m.media.length;
