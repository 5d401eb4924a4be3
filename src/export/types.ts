import type { MessageView } from '../store/messages.js';

/** One chat's selected messages, in time order, streamed: iterate once. */
export interface ExportChat {
  name: string;
  messages: Iterable<MessageView>;
  /** The same messages as JSON outputs write them (the json writer reads these instead). */
  json: Iterable<string>;
  /** The spelling that names an author's person in this chat (its aliases: ops/authors.ts); else the author. */
  person?: (author: string) => string;
}

/** Where a writer's bytes go. Awaiting each write is how a slow disk or pipe slows the writer down. */
export interface Sink {
  write(chunk: string | Uint8Array): Promise<void> | void;
}

/** What a writer may need besides the messages; writers never touch the file system themselves. */
export interface WriterEnv {
  /** The bytes of a stored media file, or undefined when the archive does not have it. */
  readMedia(sha256: string): Uint8Array | undefined;
  toolVersion: string;
  /** What the records header of an html page says; only html uses it. */
  records?: ExportRecords;
  /** In a bundle: the path, relative to the page, of a stored media file's copy; html links to it. */
  mediaHref?: (media: { sha256: string; name: string | null }) => string;
}

/** The facts that open every html page, so that a printed page says what it is a part of. */
export interface ExportRecords {
  chats: string[];
  /** The selection in words, e.g. "since 2024-01-01, matching \"invoice\"". */
  selection: string;
  /** The first and last message, ISO-8601 with their offsets; null when there are none. */
  first: string | null;
  last: string | null;
  /** The time zones (IANA names) the chats were imported in. */
  zones: string[];
  messages: number;
  archive: { archiveId: string; fingerprint: string; entries: number };
  /** ISO-8601 UTC. */
  exportedAt: string;
}

/** One output format. Writers hold one message (and at most one media file) at a time. */
export interface ExportWriter {
  write(chats: Iterable<ExportChat>, sink: Sink, env: WriterEnv): Promise<void>;
}

/** How text and html outputs mark a message with `deletedLater` (a later export showed it deleted on the phone). */
export const DELETED_LATER_MARK = 'deleted on the phone after it was archived';
