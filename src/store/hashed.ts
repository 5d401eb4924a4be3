import type Database from 'better-sqlite3';
import type { HashedMessage } from '../integrity/digest.js';

/** A stored message with what its content hash covers, and the hash stored for it. */
export interface HashedRow {
  id: number;
  importId: number;
  storedHash: string | null;
  chat: string;
  message: HashedMessage;
}

/** The row as read: the hashed fields but media, with SQLite's 0/1 for `edited`. */
interface Row extends Omit<HashedRow, 'message'>, Omit<HashedMessage, 'edited' | 'media'> {
  edited: number;
}

const PAGE = 5000;

/**
 * Every message with its hashed fields, in id order, read a page at a time (so callers may write between
 * pages, and memory stays flat). Media references are joined per page.
 */
export function* hashedRows(db: Database.Database): Generator<HashedRow[]> {
  const page = db.prepare(
    `SELECT m.id, m.import_id AS importId, m.hash AS storedHash, c.name AS chat, m.ident, m.ts, m.local, m.author,
            m.kind, m.text, m.edited, m.original
       FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.id > ? ORDER BY m.id LIMIT ${PAGE}`,
  );
  const media = db.prepare(
    `SELECT message_id AS id, name, sha256 FROM message_media WHERE message_id BETWEEN ? AND ? ORDER BY message_id, position`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after) as Row[];
    if (rows.length === 0) return;
    const refs = new Map<number, Array<{ name: string | null; sha256: string | null }>>();
    for (const r of media.all(rows[0]!.id, rows.at(-1)!.id) as Array<{ id: number; name: string | null; sha256: string | null }>) {
      let list = refs.get(r.id);
      if (list === undefined) refs.set(r.id, (list = []));
      list.push({ name: r.name, sha256: r.sha256 });
    }
    yield rows.map((r) => ({
      id: r.id,
      importId: r.importId,
      storedHash: r.storedHash,
      chat: r.chat,
      message: {
        ident: r.ident, ts: r.ts, local: r.local, author: r.author, kind: r.kind,
        text: r.text, edited: r.edited === 1, original: r.original, media: refs.get(r.id) ?? [],
      },
    }));
    after = rows.at(-1)!.id;
  }
}
