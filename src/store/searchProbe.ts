// Indexes in memory tokenized as the archive's: the probe of a time-ordered read by scanning (search/plan.ts
// timeRead 'scan'; store/searchByTime.ts hitsByTime), and the index's own tokens of a phrase (indexTokens).
import type { Statement } from 'better-sqlite3';
import type { Archive } from './open.js';
import { varint } from './indexTotals.js';
import { TIMES_BY_ID } from './search.js';

/** FTS5's tokenizer of messages_fts (store/schema.ts): an index in memory must make the same tokens of a text. */
const INDEX_TOKENIZER = 'unicode61 remove_diacritics 2';

/**
 * An index in memory tokenized as the archive's, `temp.<name>`, with its tokens' places
 * (`temp.<name>_terms`, fts5vocab's instance table); the statement that empties it is returned. Contentless:
 * emptied at once ('delete-all'), where deleting rows would tokenize each again.
 */
function memoryIndex(archive: Archive, name: string): Statement {
  archive.db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name} USING fts5(text, content='', tokenize='${INDEX_TOKENIZER}');
     CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name}_terms USING fts5vocab(temp, ${name}, instance);`,
  );
  return archive.db.prepare(`INSERT INTO temp.${name} (${name}) VALUES ('delete-all')`);
}

/**
 * The tokens the index's tokenizer makes of `text`, in order: FTS5's own, not search/text.ts's copy, whose
 * Unicode is newer (21 characters it takes as letters FTS5 takes as marks, as U+19B0: "a a a a" of "a a aᦰa").
 */
export function indexTokens(archive: Archive, text: string): string[] {
  memoryIndex(archive, 'search_tokens').run();
  archive.db.prepare('INSERT INTO temp.search_tokens (rowid, text) VALUES (1, ?)').run(text);
  return archive.db.prepare('SELECT term FROM temp.search_tokens_terms ORDER BY offset').pluck().all() as string[];
}

/**
 * A time-ordered read by scanning (plan.ts `timeRead`): the messages of a run read a batch at a time from
 * its end into an index in memory, the probe, which is asked the search's own MATCH expression. Tokenized
 * as the index is, the same expression matches the same messages. The probe is emptied before each batch
 * (FTS5 would step through what it holds to reach a batch's ids). For a `word`, it keeps what bm25 needs
 * of each hit: the word's occurrences and the message's tokens (store/searchRank.ts).
 */
export class Probe {
  /** For each hit, [occurrences of the word, tokens of the message], when a word was given. */
  readonly counts = new Map<number, [number, number]>();
  private readonly empty;
  private readonly insert;
  private readonly found;
  private readonly occurrences;

  constructor(
    archive: Archive,
    private readonly match: string,
    private readonly newest: boolean,
    private readonly word: string | null,
  ) {
    this.empty = memoryIndex(archive, 'search_probe');
    this.insert = archive.db.prepare('INSERT INTO temp.search_probe (rowid, text) SELECT id, text FROM messages WHERE id BETWEEN @low AND @high');
    this.found = archive.db
      .prepare(
        `SELECT p.rowid, m.ts FROM temp.search_probe p JOIN messages m ${TIMES_BY_ID} ON m.id = p.rowid
          WHERE search_probe MATCH @match ORDER BY p.rowid ${newest ? 'DESC' : 'ASC'}`,
      )
      .raw();
    this.occurrences = archive.db.prepare(
      `SELECT t.doc, count(*), d.sz FROM temp.search_probe_terms t JOIN temp.search_probe_docsize d ON d.id = t.doc WHERE t.term = ? GROUP BY t.doc`,
    ).raw();
  }

  /**
   * The matches with ids from `edge` to `stop` (either way round), as [id, time], from `edge` on; after
   * each batch, [id, null]: every message from `edge` to id was read.
   */
  *read(edge: number, stop: number): Generator<[number, number | null]> {
    let size = 64;
    for (let next = edge; this.newest ? next >= stop : next <= stop; size = Math.min(size * 2, 512)) {
      const [low, high] = this.newest ? [Math.max(stop, next - size + 1), next] : [next, Math.min(stop, next + size - 1)];
      this.empty.run();
      this.insert.run({ low, high });
      const hits = this.found.all({ match: this.match }) as [number, number][];
      if (this.word !== null && hits.length > 0) {
        for (const [id, n, size] of this.occurrences.all(this.word) as [number, number, Buffer][]) this.counts.set(id, [n, varint(size, 0)[0]]);
      }
      yield* hits;
      yield [this.newest ? low : high, null];
      next = this.newest ? low - 1 : high + 1;
    }
  }
}
