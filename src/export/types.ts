import type { MessageView } from '../store/messages.js';

/** One chat's selected messages, in time order, streamed: iterate once. */
export interface ExportChat {
  name: string;
  messages: Iterable<MessageView>;
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
}

/** One output format. Writers hold one message (and at most one media file) at a time. */
export interface ExportWriter {
  write(chats: Iterable<ExportChat>, sink: Sink, env: WriterEnv): Promise<void>;
}
