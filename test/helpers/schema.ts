/** SQL that turns a schema-4 archive back into schema 3 (before author aliases): an archive today's releases write. */
export const SCHEMA_4_OBJECTS_DROPPED = 'DROP TABLE author_aliases; PRAGMA user_version = 3;';

/** SQL that turns a current archive back into schema 2, to test upgrades of archives made before content hashes. */
export const SCHEMA_3_OBJECTS_DROPPED = `${SCHEMA_4_OBJECTS_DROPPED}
  DROP TABLE archive_info; DROP TABLE retention_policies; DROP TABLE holds; DROP TABLE audit_log;
  ALTER TABLE messages DROP COLUMN hash; PRAGMA user_version = 2;`;
