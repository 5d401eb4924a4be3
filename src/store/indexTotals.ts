// FTS5's records, read back: its "averages" record, FTS5's own count of what messages_fts holds (what bm25
// weighs by, and how many messages the index holds without counting them: store/vocabulary.ts), and the
// varints FTS5 writes its records in (a probe's token counts too: store/searchProbe.ts).
import type Database from 'better-sqlite3';

/**
 * How many messages the index holds and how many tokens they have. FTS5 writes the record of a change at
 * the next statement that writes, or at COMMIT: inside a transaction that changed the index, it may
 * still be the old one (test/store/vocabulary.test.ts).
 */
export function indexTotals(db: Database.Database): { rows: number; tokens: number } {
  // Row 1 of the index's data: varints, the number of rows, then the tokens of each column.
  const record = db.prepare('SELECT block FROM messages_fts_data WHERE id = 1').pluck().get() as Buffer | undefined;
  if (record === undefined) return { rows: 0, tokens: 0 };
  const [rows, at] = varint(record, 0);
  return { rows, tokens: varint(record, at)[0] };
}

/** An SQLite varint (big-endian groups of 7 bits, the high bit set on all but the last) at `at`: its value and where the next begins. */
export function varint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  for (let i = at; i < bytes.length; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if ((bytes[i]! & 0x80) === 0) return [value, i + 1];
  }
  return [value, bytes.length];
}
