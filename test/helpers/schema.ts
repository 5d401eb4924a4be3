/** SQL that turns a schema-3 archive back into schema 2, to test upgrades of archives made before it. */
export const SCHEMA_3_OBJECTS_DROPPED = `
  DROP TABLE archive_info; DROP TABLE retention_policies; DROP TABLE holds; DROP TABLE audit_log;
  ALTER TABLE messages DROP COLUMN hash; PRAGMA user_version = 2;`;
