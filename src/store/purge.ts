// The mechanics of purging expired messages so that their text is really gone from every file of the
// archive: deleted rows are overwritten (secure_delete), the full-text index forgets them (FTS5's
// secure-delete, or a rebuild), search's vocabulary is rebuilt in the same commit, attachment files
// nothing refers to are removed only after that commit, and VACUUM plus a WAL checkpoint leave no
// stale copy in free pages, page slack or the write-ahead log.
import type Database from 'better-sqlite3';
import { rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportDigest, PurgeDetails } from '../integrity/auditEntry.js';
import { SetDigest } from '../integrity/digest.js';
import { appendAudit } from './audit.js';
import { mapBusy } from './errors.js';
import type { Archive } from './open.js';
import { dirEntries } from './private.js';
import { countExpired } from './retention.js';
import { refreshSearchData } from './vocabulary.js';

/** One chat's messages older than `cutoffMs` (UTC milliseconds) are to go. */
export interface PurgeTarget {
  chatId: number;
  cutoffMs: number;
}

/** What else a purge would take from one chat (countExpired counts its messages). Times: UTC ms, null when none. */
export interface ExpiredSpan {
  /** Attachments of the expired messages with a stored file. */
  media: number;
  oldest: number | null;
  newest: number | null;
}

export interface PurgeDeletion {
  chats: Array<{ chatId: number; messages: number; media: number }>;
  /** Per import: the messages removed and the set digest of their stored hashes. */
  removed: ImportDigest[];
}

export interface PurgeAudit {
  at: number;
  /** The audit entry's details, from what was actually deleted (never message text). */
  details(deletion: PurgeDeletion): PurgeDetails;
}

interface ExpiredRow {
  id: number;
  text: string;
  hash: string | null;
  importId: number;
  /** Its attachments with a stored file. */
  media: number;
}

/** Messages read and deleted at a time: memory stays flat however many expire. */
const BATCH = 5000;

/**
 * Measured on 1,000,000 messages: FTS5's secure 'delete' costs about 100 µs a message, a 'rebuild' about
 * 4 µs a remaining message. Past one expired message in this many remaining ones, rebuilding is faster.
 */
const REBUILD_RATIO = 25;

export function expiredSpan(archive: Archive, target: PurgeTarget): ExpiredSpan {
  return archive.db
    .prepare(
      `SELECT min(ts) AS oldest, max(ts) AS newest,
              (SELECT count(*) FROM message_media mm JOIN messages m ON m.id = mm.message_id
                WHERE m.chat_id = @chatId AND m.ts < @cutoffMs AND mm.sha256 IS NOT NULL) AS media
         FROM messages WHERE chat_id = @chatId AND ts < @cutoffMs`,
    )
    .get(target) as ExpiredSpan;
}

/**
 * Deletes the expired messages of the chats `plan` names (called inside the transaction, so policies
 * and holds cannot change under it), their attachment references, their full-text entries and the
 * media_files rows no message refers to any more; rebuilds search's derived data and appends the audit
 * entry. One IMMEDIATE transaction: all or nothing. Files on disk are left to sweepMediaFiles.
 */
export function deleteExpired(
  archive: Archive,
  plan: () => readonly PurgeTarget[],
  audit: PurgeAudit,
  onProgress: (deleted: number) => void = () => {},
): PurgeDeletion {
  const { db } = archive;
  // Per connection, before the first write: freed cells and pages are overwritten with zeros.
  db.pragma('secure_delete = ON');
  const s = {
    expired: db.prepare(
      `SELECT id, text, hash, import_id AS importId,
              (SELECT count(*) FROM message_media WHERE message_id = m.id AND sha256 IS NOT NULL) AS media
         FROM messages m WHERE chat_id = ? AND ts < ? LIMIT ${BATCH}`,
    ),
    unindex: db.prepare("INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?, ?)"),
    dropRefs: db.prepare('DELETE FROM message_media WHERE message_id IN (SELECT value FROM json_each(?))'),
    // What later exports added about these messages (store/laterExports.ts) goes with them.
    dropLate: db.prepare('DELETE FROM media_late WHERE message_id IN (SELECT value FROM json_each(?))'),
    dropMarks: db.prepare('DELETE FROM deleted_later WHERE message_id IN (SELECT value FROM json_each(?))'),
    dropMessages: db.prepare('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))'),
  };
  const purge = db.transaction((): PurgeDeletion => {
    const targets = plan();
    const expiring = targets.reduce((n, t) => n + countExpired(archive, t.chatId, t.cutoffMs), 0);
    const deletion: PurgeDeletion = { chats: [], removed: [] };
    if (expiring > 0) {
      const remaining = (db.prepare('SELECT count(*) FROM messages').pluck().get() as number) - expiring;
      const rebuild = expiring * REBUILD_RATIO > remaining;
      // A persistent FTS5 option: a 'delete' rewrites the index's pages instead of adding delete markers.
      // (Setting it changes the index's version, so search's derived data is refreshed below in any case.)
      db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1)").run();
      const digests = new Map<number, SetDigest>();
      let deleted = 0;
      for (const target of targets) {
        const chat = { chatId: target.chatId, messages: 0, media: 0 };
        for (;;) {
          const rows = s.expired.all(target.chatId, target.cutoffMs) as ExpiredRow[];
          if (rows.length === 0) break;
          for (const row of rows) {
            if (!rebuild) s.unindex.run(row.id, row.text);
            // A row without a hash was added outside wa-archive: verify reports it; it accounts for nothing.
            if (row.hash !== null) {
              let digest = digests.get(row.importId);
              if (digest === undefined) digests.set(row.importId, (digest = new SetDigest()));
              digest.add(row.hash);
            }
            chat.media += row.media;
          }
          const ids = JSON.stringify(rows.map((r) => r.id));
          s.dropRefs.run(ids);
          s.dropLate.run(ids);
          s.dropMarks.run(ids);
          s.dropMessages.run(ids);
          chat.messages += rows.length;
          onProgress((deleted += rows.length));
        }
        if (chat.messages > 0) deletion.chats.push(chat);
      }
      if (rebuild) db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')").run();
      db.prepare(
        `DELETE FROM media_files WHERE NOT EXISTS (SELECT 1 FROM message_media mm WHERE mm.sha256 = media_files.sha256)
           AND NOT EXISTS (SELECT 1 FROM media_late ml WHERE ml.sha256 = media_files.sha256)`,
      ).run();
      // Same commit: a vocabulary naming a purged word must never outlive the messages it came from.
      refreshSearchData(db);
      deletion.removed = [...digests].map(([importId, d]) => ({ importId, messages: d.count, digest: d.toHex() }));
    }
    appendAudit(db, audit.at, { operation: 'purge', details: audit.details(deletion) });
    return deletion;
  });
  return mapBusy(() => purge.immediate());
}

/**
 * Removes the files under media/ that no media_files row names (a purge's, or a killed import's), and
 * leftover temporary files. Holds the write lock throughout: an import writes its files inside its
 * write transaction, so no file of a running import can be taken for an orphan. Returns how many went.
 */
export function sweepMediaFiles(archive: Archive): number {
  const root = join(archive.dir, 'media');
  const known = archive.db.prepare('SELECT 1 FROM media_files WHERE sha256 = ?').pluck();
  const sweep = archive.db.transaction((): number => {
    let removed = 0;
    for (const folder of dirEntries(root).filter((e) => e.isDirectory())) {
      const dir = join(root, folder.name);
      for (const { name } of dirEntries(dir)) {
        if (known.get(name) !== undefined) continue;
        rmSync(join(dir, name), { force: true, recursive: true });
        removed++;
      }
      if (dirEntries(dir).length === 0) rmdirSync(dir);
    }
    return removed;
  });
  return mapBusy(() => sweep.immediate());
}

/**
 * Rewrites the database without free pages or page slack (VACUUM: copies of deleted text that writes
 * before secure_delete left behind), then empties the write-ahead log. Returns false when another
 * process was reading and the log could not be emptied yet; a later purge finishes it.
 */
export function scrubDatabase(archive: Archive): boolean {
  const { db } = archive;
  db.pragma('secure_delete = ON');
  return mapBusy(() => {
    db.exec('VACUUM');
    return emptyWriteAheadLog(db);
  });
}

/** Between two tries of a checkpoint that another connection's checkpoint kept from starting. */
const CHECKPOINT_RETRY_MS = 50;

/**
 * Empties the write-ahead log (a TRUNCATE checkpoint), waiting up to the connection's busy timeout in
 * all. SQLite's busy handler waits for writers and readers, but not for another connection's checkpoint
 * (its own purge's, or the automatic one after another wa-archive's commit): that returns "busy" at once
 * (sqlite3_wal_checkpoint_v2), which made the second of two purges started together exit 75 after a
 * second or two instead of waiting. So that case is retried until the timeout. False when it ran out.
 */
export function emptyWriteAheadLog(db: Database.Database): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  const deadline = Date.now() + timeout;
  try {
    for (;;) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(CHECKPOINT_RETRY_MS, left));
      db.pragma(`busy_timeout = ${Math.max(0, deadline - Date.now())}`); // the waits of all tries together
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

