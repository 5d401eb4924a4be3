import type { NewMessage } from './imports.js';

export const SLOT_ROWS = 2048;
const SLOT_BYTES = 1 << 20;
/** Numbers of a row without attachments: 11, and one each for a new author, a new kind and a text apart
 * from `original`; 3 per attachment. */
const ROW_NUMBERS = 14;

export interface SlotMemory {
  bytes: SharedArrayBuffer;
  numbers: SharedArrayBuffer;
}

/** What the rows of one writeMessages call share: names already sent, and the last local time. */
export class RowContext {
  readonly names = new Map<string, number>();
  local: string | null = null;
}

/**
 * One batch of messages in shared memory, filled here and read by the writer thread in the layout that
 * writerThread.ts describes. Strings are written as UTF-8, one after another, with their UTF-16 lengths.
 */
export class BatchSlot {
  readonly added = new Uint8Array(new SharedArrayBuffer(SLOT_ROWS));
  memory: SlotMemory = { bytes: new SharedArrayBuffer(SLOT_BYTES), numbers: new SharedArrayBuffer(8 * SLOT_ROWS * ROW_NUMBERS) };
  rows = 0;
  /** The number of the command that is writing it; 0 when free. */
  command = 0;
  private bytes = Buffer.from(this.memory.bytes);
  private numbers = new Float64Array(this.memory.numbers);
  /** Per row: where its hash starts and ends in `bytes` (for `skipped`). */
  private readonly hashes = new Int32Array(2 * SLOT_ROWS);
  private at = 0;
  private k = 0;
  private grown = false;

  /** Whether `m` fits in what is left; an empty slot too small for it must `grow`. */
  fits(m: NewMessage): boolean {
    return this.rows < SLOT_ROWS && this.at + rowBytes(m) <= this.bytes.length && this.k + rowNumbers(m) <= this.numbers.length;
  }

  /** Room for a message larger than the whole (empty) slot, for good. */
  grow(m: NewMessage): void {
    this.memory = {
      bytes: new SharedArrayBuffer(Math.max(rowBytes(m), this.bytes.length)),
      numbers: new SharedArrayBuffer(8 * Math.max(rowNumbers(m), this.numbers.length)),
    };
    this.bytes = Buffer.from(this.memory.bytes);
    this.numbers = new Float64Array(this.memory.numbers);
    this.grown = true;
  }

  /** The slot's memory if it grew since the last call (the thread must be told before it reads the slot). */
  newMemory(): SlotMemory | undefined {
    if (!this.grown) return undefined;
    this.grown = false;
    return this.memory;
  }

  put(m: NewMessage, context: RowContext): void {
    const n = this.numbers;
    const rowStart = this.at;
    const lengthAt = this.k++;
    this.str(m.ident);
    n[this.k++] = m.ts;
    if (m.local === context.local) n[this.k++] = -1;
    else this.str((context.local = m.local));
    this.name(m.author, context);
    this.name(m.kind, context);
    this.str(m.original);
    const textAt = m.original.length - m.text.length;
    if (textAt >= 0 && m.original.endsWith(m.text)) n[this.k++] = textAt;
    else {
      n[this.k++] = -1;
      this.str(m.text);
    }
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
    this.rows = 0;
    this.at = 0;
    this.k = 0;
  }

  private str(s: string): void {
    this.at += this.bytes.write(s, this.at);
    this.numbers[this.k++] = s.length;
  }

  private name(s: string | null, context: RowContext): void {
    const i = s === null ? -1 : context.names.get(s);
    if (i !== undefined) {
      this.numbers[this.k++] = i;
      return;
    }
    this.numbers[this.k++] = context.names.size;
    context.names.set(s!, context.names.size);
    this.str(s!);
  }
}

/** An upper bound of the bytes a message takes in a batch: 3 per UTF-16 unit. */
function rowBytes(m: NewMessage): number {
  let units = m.ident.length + m.local.length + (m.author?.length ?? 0) + m.kind.length + m.original.length + m.text.length + m.hash.length;
  for (const ref of m.media) units += (ref.name?.length ?? 0) + (ref.sha256?.length ?? 0);
  return 3 * units;
}

function rowNumbers(m: NewMessage): number {
  return ROW_NUMBERS + 3 * m.media.length;
}
