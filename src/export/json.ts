import type { MessageView } from '../store/messages.js';
import { ChunkedSink } from './chunked.js';
import type { ExportWriter } from './types.js';

/**
 * A message's JSON text as every JSON output shows it (`export --format json`, `show --json`):
 * {id, time, author, text, kind, edited, media, deletedLater?}, the bytes JSON.stringify gives for that
 * object, written field by field (a million messages stream without an object per message).
 */
export function jsonMessage(m: MessageView): string {
  const media = m.media.length === 0 ? '[]' : JSON.stringify(jsonMedia(m.media));
  return `{"id":${m.id},"time":${JSON.stringify(m.time)},"author":${JSON.stringify(m.author)},"text":${JSON.stringify(m.text)},"kind":${JSON.stringify(m.kind)},"edited":${m.edited},"media":${media}${m.deletedLater ? ',"deletedLater":true' : ''}}`;
}

/** The one JSON shape of a message's attachments (show, search, export). */
export function jsonMedia(media: MessageView['media']): Array<Record<string, unknown>> {
  return media.map(({ name, sha256, size }) => ({ name, sha256, size, status: mediaStatus(name, sha256) }));
}

/** What became of an attachment: its file is in the archive, the export named it but lacked it, or the export had no media. */
export function mediaStatus(name: string | null, sha256: string | null): 'stored' | 'missing' | 'not-exported' {
  return name === null ? 'not-exported' : sha256 === null ? 'missing' : 'stored';
}

/** `{"chats":[{"name","messages":[…]}]}`: a line per chat header and a line per message, streamed. */
export const jsonWriter: ExportWriter = {
  async write(chats, sink) {
    const out = new ChunkedSink(sink);
    await out.add('{"chats":[');
    let chatCount = 0;
    for (const chat of chats) {
      await out.add(`${chatCount++ === 0 ? '\n' : ',\n'}{"name":${JSON.stringify(chat.name)},"messages":[`);
      let count = 0;
      for (const m of chat.messages) await out.add(`${count++ === 0 ? '\n' : ',\n'}${jsonMessage(m)}`);
      await out.add(count === 0 ? ']}' : '\n]}');
    }
    await out.add(chatCount === 0 ? ']}\n' : '\n]}\n');
    await out.flush();
  },
};
