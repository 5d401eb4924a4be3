import type { Archive } from './open.js';
import { isoTime } from './messages.js';

export interface ChatSummary {
  name: string;
  messages: number;
  first: string | null;
  last: string | null;
  authors: string[];
}

export function summarizeChats(archive: Archive): ChatSummary[] {
  const { db } = archive;
  const chats = db.prepare('SELECT id, name FROM chats ORDER BY name').all() as { id: number; name: string }[];
  const count = db.prepare('SELECT count(*) FROM messages WHERE chat_id = ?').pluck();
  const edge = (order: 'ASC' | 'DESC') =>
    db.prepare(`SELECT local, ts FROM messages WHERE chat_id = ? ORDER BY ts ${order}, id ${order} LIMIT 1`);
  const first = edge('ASC');
  const last = edge('DESC');
  const authors = db
    .prepare('SELECT author FROM messages WHERE chat_id = ? AND author IS NOT NULL GROUP BY author ORDER BY count(*) DESC, author')
    .pluck();
  const time = (row: unknown) => {
    const r = row as { local: string; ts: number } | undefined;
    return r === undefined ? null : isoTime(r.local, r.ts);
  };
  return chats.map((c) => ({
    name: c.name,
    messages: count.get(c.id) as number,
    first: time(first.get(c.id)),
    last: time(last.get(c.id)),
    authors: authors.all(c.id) as string[],
  }));
}
