/** SQL that turns a current archive back into schema 12 (before the index of attachments' names). */
export const SCHEMA_13_OBJECTS_DROPPED = 'DROP TABLE media_names; PRAGMA user_version = 12;';

/**
 * SQL that turns a current archive back into schema 11 (before numbers were kept apart in search's
 * vocabulary): each bucket of numbers appended to the bucket of other terms of its length.
 */
export const SCHEMA_12_OBJECTS_DROPPED = `${SCHEMA_13_OBJECTS_DROPPED}
  INSERT INTO search_vocabulary (length, terms, docs, masks)
    SELECT -length, '', x'', x'' FROM search_vocabulary n WHERE length < 0 AND NOT EXISTS (SELECT 1 FROM search_vocabulary WHERE length = -n.length);
  UPDATE search_vocabulary AS w SET terms = iif(w.terms = '', n.terms, w.terms || char(10) || n.terms), docs = unhex(hex(w.docs) || hex(n.docs)), masks = unhex(hex(w.masks) || hex(n.masks))
    FROM (SELECT length, terms, docs, masks FROM search_vocabulary WHERE length < 0) AS n WHERE w.length = -n.length;
  DELETE FROM search_vocabulary WHERE length < 0;
  PRAGMA user_version = 11;`;

/** SQL that turns a current archive back into schema 10 (before the time blocks' runs were kept). */
export const SCHEMA_11_OBJECTS_DROPPED = `${SCHEMA_12_OBJECTS_DROPPED} DROP TABLE search_time_runs; PRAGMA user_version = 10;`;

/** SQL that turns a current archive back into schema 9 (before the known starts of exports). */
export const SCHEMA_10_OBJECTS_DROPPED = `${SCHEMA_11_OBJECTS_DROPPED} DROP TABLE known_starts; PRAGMA user_version = 9;`;

/** SQL that turns a current archive back into schema 8 (before the index of messages' times by id). */
export const SCHEMA_9_OBJECTS_DROPPED = `${SCHEMA_10_OBJECTS_DROPPED} DROP INDEX messages_id_ts; PRAGMA user_version = 8;`;

/** SQL that turns a current archive back into schema 7 (before the held days of imports). */
export const SCHEMA_8_OBJECTS_DROPPED = `${SCHEMA_9_OBJECTS_DROPPED} DROP TABLE held_days; DROP TABLE held_days_state; PRAGMA user_version = 7;`;

/** SQL that turns a current archive back into schema 6 (before the per-chat counts). */
export const SCHEMA_7_OBJECTS_DROPPED = `${SCHEMA_8_OBJECTS_DROPPED} DROP TABLE chat_counts; DROP TABLE chat_media; PRAGMA user_version = 6;`;

/** SQL that turns a current archive back into schema 5 (before verify runs were kept). */
export const SCHEMA_6_OBJECTS_DROPPED = `${SCHEMA_7_OBJECTS_DROPPED} DROP TABLE verify_runs; PRAGMA user_version = 5;`;

/** SQL that turns a current archive back into schema 4 (before author aliases). */
export const SCHEMA_5_OBJECTS_DROPPED = `${SCHEMA_6_OBJECTS_DROPPED} DROP TABLE author_aliases; PRAGMA user_version = 4;`;

/** SQL that turns a current archive back into schema 3 (before later exports' findings and author aliases): an archive today's releases write. */
export const SCHEMA_4_OBJECTS_DROPPED = `${SCHEMA_5_OBJECTS_DROPPED} DROP TABLE media_late; DROP TABLE deleted_later; PRAGMA user_version = 3;`;

/** SQL that turns a current archive back into schema 2, to test upgrades of archives made before content hashes. */
export const SCHEMA_3_OBJECTS_DROPPED = `${SCHEMA_4_OBJECTS_DROPPED}
  DROP TABLE archive_info; DROP TABLE retention_policies; DROP TABLE holds; DROP TABLE audit_log;
  ALTER TABLE messages DROP COLUMN hash; PRAGMA user_version = 2;`;

