/** SQL that turns a schema-3 archive back into schema 2, to test upgrades of archives made before it. */
export const SCHEMA_3_OBJECTS_DROPPED = `
  DROP TABLE media_late; DROP TABLE deleted_later;
  DROP TABLE archive_info; DROP TABLE retention_policies; DROP TABLE holds; DROP TABLE audit_log;
  ALTER TABLE messages DROP COLUMN hash; PRAGMA user_version = 2;`;

/** SQL that turns an archive back into schema 3 (before the tables of later exports' findings). */
export const SCHEMA_4_OBJECTS_DROPPED = `DROP TABLE media_late; DROP TABLE deleted_later; PRAGMA user_version = 3;`;
