// Search's derived data (tables in schema migration 1): the index's vocabulary, bucketed by term
// length, and time bounds per block of message ids (cut into runs too: store/searchRuns.ts); with them
// the per-chat counts (store/chatCounts.ts) and the attachments' names (store/mediaNames.ts). Brought up
// to date by refreshSearchData after every change of the messages (import; purge must call it too), and
// checked against the index's version before use, so a stale copy is never trusted.
import type Database from 'better-sqlite3';
import { letterMask, NUMBER, type TermBucket } from '../search/expand.js';
import { charLength } from '../search/text.js';
import { addToChatCounts, rebuildChatCounts, storeChatCounts } from './chatCounts.js';
import { uint32s } from './littleEndian.js';
import { indexTotals } from './indexTotals.js';
import { addMediaNames, rebuildMediaNames } from './mediaNames.js';
import { storeTimeRuns } from './searchRuns.js';
import { lastAuditSeq, type AddedRows } from './writerAdded.js';
import type { Archive } from './open.js';

/** Message ids per time block (a power of two: block = id >> BLOCK_BITS). */
export const BLOCK_BITS = 10;
const BLOCK_SIZE = 2 ** BLOCK_BITS;

interface State {
  index_version: Buffer;
  max_id: number;
  messages: number;
}

/** How refreshSearchData brought the derived data up to date. */
export type SearchRefresh = 'added' | 'rebuilt';

/**
 * Brings the vocabulary and the time blocks up to date with the messages, in proportion to what changed
 * when no message was deleted since the last refresh (the usual import): the terms, time blocks and chat
 * counts of the new messages (ids past the last refresh's) are added to what is stored. Otherwise (after a purge,
 * or when the data is missing) both are rebuilt whole from the index. Runs in the caller's transaction,
 * or its own.
 */
export function refreshSearchData(db: Database.Database, added?: AddedRows): SearchRefresh {
  // How many messages there are: as the index holds them (every change of the messages changes the index
  // in the same transaction), from FTS5's own record, where counting them read the whole (id, ts) index
  // (at 10M messages, 65 ms, 2 s when not cached: on every import, whatever it added). A caller's own
  // transaction (a purge) may have changed the index before FTS5 wrote its record (store/indexTotals.ts):
  // then the messages are counted.
  const callersTransaction = db.inTransaction;
  const refresh = (): SearchRefresh => {
    const state = db.prepare('SELECT index_version, max_id, messages FROM search_state WHERE id = 1').get() as State | undefined;
    const maxId = (db.prepare('SELECT max(id) FROM messages').pluck().get() as number | null) ?? 0;
    const messages = callersTransaction ? (db.prepare('SELECT count(*) FROM messages').pluck().get() as number) : indexTotals(db).rows;
    const fresh = state === undefined ? messages : (db.prepare('SELECT count(*) FROM messages WHERE id > ?').pluck().get(state.max_id) as number);
    // Old rows unchanged (none deleted): only what the new rows bring can have changed.
    const onlyAdded = state !== undefined && state.messages + fresh === messages;
    const from = onlyAdded ? Math.floor((state.max_id + 1) / BLOCK_SIZE) : 0;
    // The sums of what this run's writer added, when they are the whole archive (a first import): the
    // time blocks and per-chat counts a rebuild would read from every message (store/writerAdded.ts).
    const whole = !onlyAdded && added?.fromEmpty === true && added.messages === messages && added.auditSeq === lastAuditSeq(db) ? added : null;
    db.prepare('DELETE FROM search_time_blocks WHERE block >= ?').run(from);
    if (whole !== null) storeTimeBlocks(db, whole.blocks);
    else {
      // From the first block on, the (chat, time) index has all it needs (id, chat, time) and is read instead
      // of the rows: measured on the 1M-message benchmark import, 25 MB less peak RSS and 0.1 s faster. For
      // the blocks of new messages only, the id range is the smaller read.
      const scope = from === 0 ? 'INDEXED BY messages_chat_time' : 'WHERE id >= ?';
      db.prepare(
        `INSERT INTO search_time_blocks (block, chat_id, first_id, last_id, min_ts, max_ts)
         SELECT id >> ${BLOCK_BITS}, chat_id, min(id), max(id), min(ts), max(ts) FROM messages ${scope}
          GROUP BY id >> ${BLOCK_BITS}, chat_id`,
      ).run(...(from === 0 ? [] : [from * BLOCK_SIZE]));
    }
    storeTimeRuns(db, from, BLOCK_BITS);
    if (onlyAdded) {
      if (fresh > 0) {
        addToVocabulary(db, state.max_id);
        addToChatCounts(db, state.max_id);
        addMediaNames(db, state.max_id);
      }
    } else {
      rebuildVocabulary(db);
      if (whole !== null) storeChatCounts(db, whole);
      else rebuildChatCounts(db);
      rebuildMediaNames(db);
    }
    db.prepare(
      `INSERT INTO search_state (id, index_version, max_id, messages) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET index_version = excluded.index_version, max_id = excluded.max_id, messages = excluded.messages`,
    ).run(indexVersion(db), maxId, messages);
    return onlyAdded ? 'added' : 'rebuilt';
  };
  return callersTransaction ? refresh() : db.transaction(refresh).immediate();
}

type Buckets = Map<number, { terms: string[]; docs: number[] }>;

function storeTimeBlocks(db: Database.Database, blocks: AddedRows['blocks']): void {
  db.prepare(
    `INSERT INTO search_time_blocks (block, chat_id, first_id, last_id, min_ts, max_ts)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?)`,
  ).run(JSON.stringify(blocks));
}

function rebuildVocabulary(db: Database.Database): void {
  db.prepare('DELETE FROM search_vocabulary').run();
  storeBuckets(db, byLength(liveTerms(db)));
}

/**
 * Adds the terms of the messages with ids past `lastId` to the stored vocabulary: they are indexed
 * on their own in a temporary full-text table with the index's own tokenizer, and its per-term message
 * counts added to the stored ones, touching only the buckets of their term lengths. The same result
 * as a rebuild, because no other message changed (test/store/vocabulary.test.ts compares them).
 */
function addToVocabulary(db: Database.Database, lastId: number): void {
  const tokenizer = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'messages_fts'").pluck().get() as string;
  const tokenize = /tokenize\s*=\s*('(?:[^']|'')*')/i.exec(tokenizer)?.[1] ?? "'unicode61'";
  db.exec(`CREATE VIRTUAL TABLE temp.search_new_text USING fts5(text, content='', detail=none, tokenize=${tokenize})`);
  try {
    db.prepare('INSERT INTO temp.search_new_text (rowid, text) SELECT id, text FROM messages WHERE id > ?').run(lastId);
    db.exec('CREATE VIRTUAL TABLE temp.search_new_terms USING fts5vocab(temp, search_new_text, row)');
    const fresh = byLength(db.prepare('SELECT term, doc FROM temp.search_new_terms').raw().iterate() as IterableIterator<[string, number]>);
    const lengths = [...fresh.keys()];
    const stored = db
      .prepare('SELECT length, terms, docs, masks FROM search_vocabulary WHERE length IN (SELECT value FROM json_each(?))')
      .raw()
      .all(JSON.stringify(lengths)) as [number, string, Buffer, Buffer][];
    const before = new Map(stored.map(([length, terms, docs, masks]) => [length, { terms: terms.split('\n'), docs: uint32s(docs), masks: uint32s(masks) }]));
    db.prepare('DELETE FROM search_vocabulary WHERE length IN (SELECT value FROM json_each(?))').run(JSON.stringify(lengths));
    const insert = db.prepare(INSERT_BUCKET);
    for (const [length, bucket] of fresh) {
      const into = before.get(length);
      writeBucket(insert, length, into === undefined ? ordered(bucket) : merged(into, bucket));
    }
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.search_new_terms; DROP TABLE IF EXISTS temp.search_new_text');
  }
}

const INSERT_BUCKET = 'INSERT INTO search_vocabulary (length, terms, docs, masks) VALUES (?, ?, ?, ?)';

/** A bucket's terms as stored: most frequent first, then by term; each with its count and letterMask. */
interface Ordered {
  terms: string[];
  docs: ArrayLike<number>;
  masks: ArrayLike<number>;
}

/** Writes buckets, each ordered most frequent first (then by term). */
function storeBuckets(db: Database.Database, buckets: Buckets): void {
  const insert = db.prepare(INSERT_BUCKET);
  for (const [length, bucket] of buckets) writeBucket(insert, length, ordered(bucket));
}

function writeBucket(insert: Database.Statement, length: number, bucket: Ordered): void {
  const docs = Buffer.alloc(bucket.terms.length * 4);
  const masks = Buffer.alloc(bucket.terms.length * 4);
  for (let k = 0; k < bucket.terms.length; k++) {
    docs.writeUInt32LE(bucket.docs[k]!, k * 4);
    masks.writeUInt32LE(bucket.masks[k]!, k * 4);
  }
  insert.run(length, bucket.terms.join('\n'), docs, masks);
}

/** Whether term `a` (held by `countA` messages) comes before `b` in a bucket: more messages first, then by term. */
function precedes(countA: number, a: string, countB: number, b: string): boolean {
  return countA !== countB ? countA > countB : a < b;
}

/** A bucket's terms in their stored order; their masks computed unless given. */
function ordered(bucket: { terms: string[]; docs: number[]; masks?: number[] }): Ordered {
  const { terms, docs, masks } = bucket;
  const order = terms.map((_, i) => i).sort((a, b) => (precedes(docs[a]!, terms[a]!, docs[b]!, terms[b]!) ? -1 : 1));
  return { terms: order.map((i) => terms[i]!), docs: order.map((i) => docs[i]!), masks: order.map((i) => masks?.[i] ?? letterMask(terms[i]!)) };
}

/**
 * A stored bucket with the counts of new messages' terms (`fresh`, in any order) added. Its terms whose
 * count did not change keep their order; the others and the new ones are sorted and merged in: the order a
 * whole sort gives (no term is there twice), without sorting every term again, nor a table of them all (at
 * 10M messages the bucket of six-digit numbers holds 164,000 terms, of which an import changes a few dozen).
 */
function merged(into: Ordered, fresh: { terms: string[]; docs: number[] }): Ordered {
  const adding = new Map(fresh.terms.map((term, i) => [term, fresh.docs[i]!]));
  const movedAt: number[] = [];
  into.terms.forEach((term, i) => {
    if (adding.has(term)) movedAt.push(i);
  });
  const moved: { terms: string[]; docs: number[]; masks: number[] } = { terms: [], docs: [], masks: [] };
  for (const i of movedAt) {
    const term = into.terms[i]!;
    moved.terms.push(term);
    moved.docs.push(into.docs[i]! + (adding.get(term) ?? 0));
    moved.masks.push(into.masks[i]!);
    adding.delete(term);
  }
  for (const [term, n] of adding) {
    moved.terms.push(term);
    moved.docs.push(n);
    moved.masks.push(letterMask(term));
  }
  const late = ordered(moved);
  const size = into.terms.length - movedAt.length + late.terms.length;
  const out = { terms: new Array<string>(size), docs: new Uint32Array(size), masks: new Uint32Array(size) };
  for (let k = 0, i = 0, j = 0, m = 0; k < size; k++) {
    for (; m < movedAt.length && movedAt[m] === i; m++) i++;
    const stored = j === late.terms.length || (i < into.terms.length && precedes(into.docs[i]!, into.terms[i]!, late.docs[j]!, late.terms[j]!));
    const from = stored ? into : late;
    const at = stored ? i++ : j++;
    out.terms[k] = from.terms[at]!;
    out.docs[k] = from.docs[at]!;
    out.masks[k] = from.masks[at]!;
  }
  return out;
}

/**
 * [term, messages holding it] for every term in the index, read from FTS5 itself, one at a time (measured:
 * reading all 75k terms of the 1M-message benchmark at once costs 30 MB more peak memory).
 */
function liveTerms(db: Database.Database): IterableIterator<[string, number]> {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_live_terms USING fts5vocab(main, messages_fts, row)');
  return db.prepare('SELECT term, doc FROM temp.search_live_terms').raw().iterate() as IterableIterator<[string, number]>;
}

/**
 * The index's version: FTS5's averages record (row 1: rows and tokens in the index) and structure
 * record (row 10: its segments, with a counter of writes), both rewritten by every change of the index.
 */
function indexVersion(db: Database.Database): Buffer {
  const blocks = db.prepare('SELECT block FROM messages_fts_data WHERE id IN (1, 10) ORDER BY id').pluck().all() as Buffer[];
  return Buffer.concat(blocks);
}

/** Whether the derived data was built from the index as it is now. */
export function searchDataIsFresh(archive: Archive): boolean {
  const stored = archive.db.prepare('SELECT index_version FROM search_state WHERE id = 1').pluck().get() as Buffer | undefined;
  return stored !== undefined && stored.equals(indexVersion(archive.db));
}

/**
 * The vocabulary's terms of `minLength`..`maxLength` characters, those of digits only (`numbers`) or the
 * others: the stored copy when fresh, else read from the index itself (slower, but never out of date).
 */
export function termBuckets(archive: Archive, minLength: number, maxLength: number, fresh: boolean, numbers = false): TermBucket[] {
  const [low, high] = numbers ? [-maxLength, -minLength] : [minLength, maxLength];
  if (!fresh) {
    return liveBuckets(archive.db).filter((b) => b.key >= low && b.key <= high).map(({ key, ...bucket }) => bucket);
  }
  const rows = archive.db
    .prepare('SELECT length, terms, docs, masks FROM search_vocabulary WHERE length BETWEEN ? AND ?')
    .raw()
    .all(low, high) as [number, string, Buffer, Buffer][];
  return rows.map(([key, text, docs, masks]) => ({ length: Math.abs(key), text, docs: uint32s(docs), masks: uint32s(masks) }));
}

function liveBuckets(db: Database.Database): Array<TermBucket & { key: number }> {
  return [...byLength(liveTerms(db))].map(([key, b]) => ({
    key,
    length: Math.abs(key),
    text: b.terms.join('\n'),
    docs: Uint32Array.from(b.docs),
    masks: Uint32Array.from(b.terms, letterMask),
  }));
}

/**
 * Terms bucketed by their length in characters, negated for a number (search/expand.ts NUMBER): in the 10M
 * benchmark's archive numbers are 164,000 of the 170,000 six-character terms, a 1.2 MB bucket that took
 * ~28 ms to read for every --fuzzy word of four to eight letters.
 */
function byLength(rows: Iterable<[string, number]>): Buckets {
  const buckets: Buckets = new Map();
  for (const [term, docs] of rows) {
    const length = NUMBER.test(term) ? -charLength(term) : charLength(term);
    let bucket = buckets.get(length);
    if (bucket === undefined) buckets.set(length, (bucket = { terms: [], docs: [] }));
    bucket.terms.push(term);
    bucket.docs.push(docs);
  }
  return buckets;
}
