import type Database from 'better-sqlite3';
import { nodeCrypto } from '../integrity/crypto.js';
import { adoptMessages } from './adopt.js';

/** 'WAAR' — marks a SQLite file as a wa-archive archive. */
export const APPLICATION_ID = 0x57414152;

/**
 * Migrations, in order: migration i brings the schema from version i to i + 1 (PRAGMA user_version).
 * Never edit a released migration; append a new one. A migration that hashes (messages, audit entries)
 * calls the copies of the hash functions it was released with (store/schemaHashes.ts), never the live ones.
 */
export const MIGRATIONS: ReadonlyArray<(db: Database.Database, now: Date) => void> = [
  (db) =>
    db.exec(`
      CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id),
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        platform TEXT NOT NULL,
        tz TEXT NOT NULL,
        date_order TEXT NOT NULL,
        imported_at INTEGER NOT NULL,
        tool_version TEXT NOT NULL,
        records INTEGER NOT NULL,
        added INTEGER NOT NULL
      );
      -- local: the export's wall-clock text, 'YYYY-MM-DD HH:MM[:SS]'; ts: UTC milliseconds via the import's zone.
      -- ident: the deduplication identity (docs/architecture.md, "Identity and hash rules"); original: the record's lines as exported.
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        ident TEXT NOT NULL,
        ts INTEGER NOT NULL,
        local TEXT NOT NULL,
        author TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        edited INTEGER NOT NULL,
        original TEXT NOT NULL
      );
      CREATE UNIQUE INDEX messages_identity ON messages(chat_id, ident);
      CREATE INDEX messages_chat_time ON messages(chat_id, ts);
      CREATE TABLE media_files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- name NULL: exported without media ("omitted"); sha256 NULL with a name: missing from the export.
      CREATE TABLE message_media (
        message_id INTEGER NOT NULL REFERENCES messages(id),
        position INTEGER NOT NULL,
        name TEXT,
        sha256 TEXT REFERENCES media_files(sha256),
        PRIMARY KEY (message_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX message_media_file ON message_media(sha256);
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
      );
    `),
  // Search's derived data (store/vocabulary.ts): rebuilt from the messages and their index after every
  // change of the messages, never edited otherwise. An archive from before this migration gets it at its
  // next import; until then searches notice it is missing and work without it (more slowly).
  (db) =>
    db.exec(`
      -- The index's terms (FTS5's fts5vocab) by length in characters, most frequent first, one per line;
      -- docs: how many messages hold each term; masks: which letters each has (search/expand.ts);
      -- both little-endian uint32s in the same order as the terms.
      CREATE TABLE search_vocabulary (
        length INTEGER PRIMARY KEY,
        terms TEXT NOT NULL,
        docs BLOB NOT NULL,
        masks BLOB NOT NULL
      );
      -- Per block of 1024 message ids (block = id >> 10) and chat: the first and last id and the earliest
      -- and latest time of that chat's messages there. Tells how far back (or forward) in time the rest
      -- of the index can go, so newest-first stops early; and which id range holds only one chat.
      CREATE TABLE search_time_blocks (
        block INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        min_ts INTEGER NOT NULL,
        max_ts INTEGER NOT NULL,
        PRIMARY KEY (block, chat_id)
      ) WITHOUT ROWID;
      -- What the derived data was built from: the index's version (its FTS5 averages and structure
      -- records, which change with every write), the newest message id and the message count.
      CREATE TABLE search_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        index_version BLOB NOT NULL,
        max_id INTEGER NOT NULL,
        messages INTEGER NOT NULL
      );
    `),
  // Retention, holds and the tamper-evident record (integrity/). Messages imported before this version get
  // their content hashes now, and one 'upgrade' audit entry accounts for them per import (store/adopt.ts,
  // with the hash functions of version 1: store/schemaHashes.ts). Each operation's details: one kind of
  // integrity/auditEntry.ts AuditRecord.
  (db, now) => {
    db.exec(`
      -- Which archive this is: bundles name it, so a bundle can be checked against the archive it came from.
      CREATE TABLE archive_info (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        archive_id TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      -- hash: hex SHA-256 over the message's canonical fields (integrity/digest.ts messageHash).
      ALTER TABLE messages ADD COLUMN hash TEXT;
      -- chat_id NULL: the default for every chat without its own period. period: '90d', '18m', '5y' or 'forever';
      -- presets: JSON array of the preset names it came from, or NULL when set by hand.
      CREATE TABLE retention_policies (
        chat_id INTEGER UNIQUE REFERENCES chats(id),
        period TEXT NOT NULL,
        presets TEXT,
        set_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX retention_one_default ON retention_policies((chat_id IS NULL)) WHERE chat_id IS NULL;
      CREATE TABLE holds (
        chat_id INTEGER PRIMARY KEY REFERENCES chats(id),
        reason TEXT NOT NULL,
        placed_at INTEGER NOT NULL
      );
      -- Append-only: each entry's hash covers the previous entry's hash (integrity/chain.ts); the last hash is
      -- the archive's fingerprint. details: JSON of parameters and counts, never message content.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        operation TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
    `);
    db.prepare('INSERT INTO archive_info (id, archive_id, created_at) VALUES (1, ?, ?)').run(nodeCrypto().randomUUID(), now.getTime());
    adoptMessages(db, now);
  },
  // What later exports of a chat tell about messages already archived (ops/lateMedia.ts, ops/deletedLater.ts).
  // Neither changes a message's row or hash: each row is accounted for by an audit entry.
  (db) =>
    db.exec(`
      -- A file a later export has for an attachment the archived message lacks (exported without media, or
      -- missing from its zip): its message_media row keeps sha256 NULL; a 'media-attached' audit entry records it.
      CREATE TABLE media_late (
        message_id INTEGER NOT NULL REFERENCES messages(id),
        position INTEGER NOT NULL,
        name TEXT,
        sha256 TEXT NOT NULL REFERENCES media_files(sha256),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        PRIMARY KEY (message_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX media_late_file ON media_late(sha256);
      -- A message that a later export shows as deleted on the phone; the import's audit entry lists it.
      CREATE TABLE deleted_later (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id),
        import_id INTEGER NOT NULL REFERENCES imports(id)
      );
    `),
  // Other spellings of an author (store/aliases.ts).
  (db) =>
    db.exec(`
      -- In a chat, alias is another spelling of author (a number or "~ Name" before the contact was
      -- saved): one person. author is never itself an alias. Stored messages keep their export's spelling.
      -- import_id: the import that detected it; NULL when set by hand (wa-archive authors alias).
      CREATE TABLE author_aliases (
        chat_id INTEGER NOT NULL REFERENCES chats(id),
        alias TEXT NOT NULL,
        author TEXT NOT NULL,
        import_id INTEGER REFERENCES imports(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, alias)
      ) WITHOUT ROWID;
    `),
  // When verify last ran and what it found (store/verifyRuns.ts), for `status`. Not in the audit log: a
  // check changes no record, so it must not move the fingerprint.
  (db) =>
    db.exec(`
      CREATE TABLE verify_runs (
        at INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        problems INTEGER NOT NULL,
        fingerprint TEXT NOT NULL
      );
    `),
  // Per-chat counts, derived like search's data (store/chatCounts.ts) so that chats, stats and status need
  // not read every message. Filled here from the messages (the same counts as rebuildChatCounts; a released
  // migration keeps its own SQL): then the derived data stays fresh as it was.
  (db) =>
    db.exec(`
      -- Messages per chat, local month ('YYYY-MM') and author spelling (NULL: system events).
      CREATE TABLE chat_counts (
        chat_id INTEGER NOT NULL,
        month TEXT NOT NULL,
        author TEXT,
        messages INTEGER NOT NULL
      );
      -- Attachment references per chat, file name from its last dot ('.jpg'; '' without one; NULL: exported
      -- without media) and whether the file is stored (message_media.sha256 set).
      CREATE TABLE chat_media (
        chat_id INTEGER NOT NULL,
        suffix TEXT,
        stored INTEGER NOT NULL,
        attachments INTEGER NOT NULL
      );
      INSERT INTO chat_counts (chat_id, month, author, messages)
        SELECT chat_id, substr(local, 1, 7) AS month, author, count(*) FROM messages GROUP BY chat_id, month, author;
      INSERT INTO chat_media (chat_id, suffix, stored, attachments)
        SELECT m.chat_id, CASE WHEN mm.name IS NULL THEN NULL WHEN instr(mm.name, '.') = 0 THEN ''
            ELSE substr(mm.name, length(rtrim(mm.name, replace(mm.name, '.', '')))) END AS suffix,
          mm.sha256 IS NOT NULL AS stored, count(*)
        FROM message_media mm JOIN messages m ON m.id = mm.message_id GROUP BY m.chat_id, suffix, stored;
    `),
  // What the last import of a chat found held exactly, per local day (store/heldDays.ts), so that the next
  // export's same days are known without identifying each message. Derived: an archive starts without it.
  (db) =>
    db.exec(`
      -- day: 'YYYYMMDD'; records: SHA-256 of the parsed records of the export's run of that day, whose
      -- identities the chat holds, no more and no fewer.
      CREATE TABLE held_days (
        chat_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        records TEXT NOT NULL,
        PRIMARY KEY (chat_id, day)
      ) WITHOUT ROWID;
      -- Valid while the chat is as that import left it: still its latest import, as many messages, same version.
      CREATE TABLE held_days_state (
        chat_id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        tool_version TEXT NOT NULL
      );
    `),
  // Messages' times by id, for search (store/search.ts TIMES_BY_ID): derived, and SQLite keeps it.
  (db) => db.exec('CREATE INDEX messages_id_ts ON messages(id, ts)'),
  // The start of a chat's last export that the next one may share byte for byte (ops/knownStart.ts),
  // so that it is not read again. Derived: an archive starts without it.
  (db) =>
    db.exec(`
      -- bytes: how many bytes of the chat text; sha256 (hex) of them; state: JSON (ops/knownStart.ts).
      -- Valid while the chat is as import_id left it (as held_days_state), and for imports in zone tz.
      CREATE TABLE known_starts (
        chat_id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        tool_version TEXT NOT NULL,
        tz TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        state TEXT NOT NULL
      );
    `),
  // Search's time blocks cut into runs of ids (store/searchRuns.ts), so that a search reads a row per run
  // instead of every block. Derived: empty until the next refresh of search's data (an import, even of an
  // export already imported, or a purge) cuts them; until then time-ordered reads go without bounds.
  (db) =>
    db.exec(`
      -- first_id..last_id: consecutive ids of one chat (or of chats whose ids overlap); min_ts, max_ts: the
      -- earliest and latest time of its messages; bounds: float64s, little-endian (store/searchRuns.ts packRun).
      CREATE TABLE search_time_runs (
        first_id INTEGER PRIMARY KEY,
        last_id INTEGER NOT NULL,
        min_ts INTEGER NOT NULL,
        max_ts INTEGER NOT NULL,
        bounds BLOB NOT NULL
      );
    `),
  // Search's vocabulary keeps the terms of digits only apart, under their length negated (store/vocabulary.ts
  // byLength; the pattern is search/expand.ts NUMBER as released). Derived data, moved as it is: each
  // bucket's terms keep their order (most frequent first).
  (db) => {
    const rows = db.prepare('SELECT length, terms, docs, masks FROM search_vocabulary WHERE length > 0').raw().all() as [number, string, Buffer, Buffer][];
    const store = db.prepare('INSERT INTO search_vocabulary (length, terms, docs, masks) VALUES (?, ?, ?, ?)');
    for (const [length, text, docs, masks] of rows) {
      const terms = text.split('\n');
      const number = terms.map((term) => /^[0-9]+$/.test(term));
      if (!number.includes(true)) continue;
      const pick = (numbers: boolean): [string, Buffer, Buffer] => {
        const at = terms.flatMap((_, i) => (number[i] === numbers ? [i] : []));
        const slices = (b: Buffer) => Buffer.concat(at.map((i) => b.subarray(4 * i, 4 * i + 4)));
        return [at.map((i) => terms[i]).join('\n'), slices(docs), slices(masks)];
      };
      db.prepare('DELETE FROM search_vocabulary WHERE length = ?').run(length);
      if (number.includes(false)) store.run(length, ...pick(false));
      store.run(-length, ...pick(true));
    }
  },
  // Attachments' file names by their trigrams (store/mediaNames.ts). Derived, filled here as a refresh of
  // search's data fills it, so that it is as fresh as the rest.
  (db) => {
    db.exec("CREATE VIRTUAL TABLE media_names USING fts5(names, content='', tokenize='trigram')");
    db.exec(`INSERT INTO media_names (rowid, names)
      SELECT message_id, group_concat(name, char(10)) FROM message_media WHERE name IS NOT NULL GROUP BY message_id`);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
