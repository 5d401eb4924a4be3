import { emptyHeader, type Era, type HeaderFields, type Period } from './header.js';

/**
 * Every header of a file as packed rows of five 32-bit words, in fixed chunks, so pass 1 of a
 * million-record file leaves no objects for the garbage collector and touches little fresh memory
 * (20 MB, written once: a doubling array would copy and touch about five times that).
 *
 *   word 0  offset of the header line in the text
 *   word 1  offset just after the header (where `Author: body` begins)
 *   word 2  d1 (bits 0-13) | d2 (14-20) | hour (21-27) | period (28-30)
 *   word 3  minute (0-6) | seconds + 1 (7-13, 0: none) | repeat (14) | year first (15) |
 *           named first (16-17: 0 none, 1 day, 2 month) | Buddhist era (18) | short third (19) | era (20-21)
 *   word 4  d3 + 1 (0: none)
 * The header regex caps every field (d1, d3 ≤ 4 digits; d2, hour, minute, seconds ≤ 2), so each fits.
 */
const WIDTH = 5;
const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;

const PERIODS: readonly Period[] = [null, 'am', 'pm', 'night', 'noon12', 'midnight'];
const NAMED: readonly HeaderFields['namedFirst'][] = [null, 'day', 'month'];
const REPEAT = 1 << 14;

export class HeaderTable {
  private readonly chunks: Int32Array[] = [];
  length = 0;
  /** Lines of the text the headers were found in, from where the search began. */
  lines = 0;

  add(start: number, body: number, h: HeaderFields): void {
    const i = this.next();
    const r = this.chunk(i);
    const o = offset(i);
    r[o] = start;
    r[o + 1] = body;
    r[o + 2] = h.d1 | (h.d2 << 14) | (h.hour << 21) | (PERIODS.indexOf(h.period) << 28);
    r[o + 3] =
      h.minute |
      ((h.seconds === null ? 0 : h.seconds + 1) << 7) |
      (h.yearFirst ? 1 << 15 : 0) |
      (NAMED.indexOf(h.namedFirst) << 16) |
      (h.buddhistEra ? 1 << 18 : 0) |
      (h.shortThird ? 1 << 19 : 0) |
      (h.era << 20);
    r[o + 4] = h.d3 === null ? 0 : h.d3 + 1;
  }

  /** A header whose text repeats the previous header's: same fields, read once. */
  addRepeat(start: number, body: number): void {
    const pr = this.chunk(this.length - 1);
    const po = offset(this.length - 1);
    const i = this.next();
    const r = this.chunk(i);
    const o = offset(i);
    r[o] = start;
    r[o + 1] = body;
    r[o + 2] = pr[po + 2]!;
    r[o + 3] = pr[po + 3]! | REPEAT;
    r[o + 4] = pr[po + 4]!;
  }

  /** Whether row `i` was written by `addRepeat`. */
  repeatsPrevious(i: number): boolean {
    return (this.chunk(i)[offset(i) + 3]! & REPEAT) !== 0;
  }

  start(i: number): number {
    return this.chunk(i)[offset(i)]!;
  }

  bodyStart(i: number): number {
    return this.chunk(i)[offset(i) + 1]!;
  }

  /**
   * Row `i`'s header style as far as day/month order goes (0-7): year first, a 1-2 digit year, a 12 h
   * clock. Rows of one style share an order; a file may mix styles (parse.ts).
   */
  dateStyle(i: number): number {
    const r = this.chunk(i);
    const o = offset(i);
    return ((r[o + 3]! >>> 15) & 1) << 2 | ((r[o + 3]! >>> 19) & 1) << 1 | ((r[o + 2]! >>> 28) & 7 ? 1 : 0);
  }

  /** Whether rows `i` and `j` have the same date. */
  sameDate(i: number, j: number): boolean {
    const a = this.chunk(i);
    const ao = offset(i);
    const b = this.chunk(j);
    const bo = offset(j);
    const dateBits = (1 << 21) - 1; // d1 and d2 of word 2
    const dateFlags = ~0x7fff; // word 3 without minute, seconds and repeat
    return (a[ao + 2]! & dateBits) === (b[bo + 2]! & dateBits) && (a[ao + 3]! & dateFlags) === (b[bo + 3]! & dateFlags) &&
      a[ao + 4] === b[bo + 4];
  }

  /** Fills `out` with row `i`. */
  read(i: number, out: HeaderFields = emptyHeader()): HeaderFields {
    const r = this.chunk(i);
    const o = offset(i);
    const w2 = r[o + 2]!;
    const w3 = r[o + 3]!;
    const d3 = r[o + 4]!;
    const seconds = (w3 >>> 7) & 0x7f;
    out.d1 = w2 & 0x3fff;
    out.d2 = (w2 >>> 14) & 0x7f;
    out.d3 = d3 === 0 ? null : d3 - 1;
    out.yearFirst = (w3 & (1 << 15)) !== 0;
    out.shortThird = (w3 & (1 << 19)) !== 0;
    out.era = ((w3 >>> 20) & 3) as Era;
    out.buddhistEra = (w3 & (1 << 18)) !== 0;
    out.namedFirst = NAMED[(w3 >>> 16) & 3]!;
    out.hour = (w2 >>> 21) & 0x7f;
    out.minute = w3 & 0x7f;
    out.seconds = seconds === 0 ? null : seconds - 1;
    out.period = PERIODS[(w2 >>> 28) & 7]!;
    return out;
  }

  private chunk(i: number): Int32Array {
    return this.chunks[i >>> CHUNK_BITS]!;
  }

  /** Appends an empty row and returns its index. */
  private next(): number {
    const i = this.length++;
    if ((i & (CHUNK_ROWS - 1)) === 0) this.chunks.push(new Int32Array(CHUNK_ROWS * WIDTH));
    return i;
  }
}

/** Where row `i` starts inside its chunk. */
function offset(i: number): number {
  return (i & (CHUNK_ROWS - 1)) * WIDTH;
}
