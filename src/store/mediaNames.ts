// Attachments' file names in a full-text index of their trigrams (table media_names, schema migration 13):
// derived data that refreshSearchData (store/vocabulary.ts) keeps beside the vocabulary, so that a search
// for a typed file name reads the few messages whose names hold its trigrams instead of every attachment's
// name (500,000 at 10M messages: ~30 ms, the one part of such a search that grew with the archive). One
// row per message (rowid: its id), its attachments' names one per line. The names a later export brought
// (media_late) are few and are read as they are.
import type Database from 'better-sqlite3';
import { quoteFts } from '../search/match.js';
import type { Archive } from './open.js';

/** Adds the names of the messages with ids past `afterId` (0: all). */
export function addMediaNames(db: Database.Database, afterId: number): void {
  db.prepare(
    `INSERT INTO media_names (rowid, names)
     SELECT message_id, group_concat(name, char(10)) FROM message_media WHERE message_id > ? AND name IS NOT NULL GROUP BY message_id`,
  ).run(afterId);
}

export function rebuildMediaNames(db: Database.Database): void {
  db.exec("INSERT INTO media_names (media_names) VALUES ('delete-all')");
  addMediaNames(db, 0);
}

/**
 * Ids of the messages with an attachment whose file name contains `name`, case ignored as LIKE ignores it
 * (its own attachment, or one a later export brought). The index, when `fresh` (searchDataIsFresh) and the
 * name has a trigram, only narrows the messages whose names are compared: its case folding goes beyond ASCII's.
 */
export function messagesWithAttachmentNamed(archive: Archive, name: string, fresh: boolean): number[] {
  const like = `%${name.replace(/[\\%_]/g, '\\$&')}%`;
  const indexed = fresh && [...name].length >= 3;
  const own = indexed
    ? "SELECT message_id FROM message_media WHERE message_id IN (SELECT rowid FROM media_names WHERE media_names MATCH @phrase) AND name LIKE @like ESCAPE '\\'"
    : "SELECT message_id FROM message_media WHERE name LIKE @like ESCAPE '\\'";
  const sql = `${own} UNION ALL SELECT message_id FROM media_late WHERE name LIKE @like ESCAPE '\\'`;
  return archive.db.prepare(sql).pluck().all({ like, ...(indexed ? { phrase: quoteFts(name) } : {}) }) as number[];
}
