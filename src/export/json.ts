import type { MessageView } from '../store/messages.js';
import { ChunkedSink } from './chunked.js';
import type { ExportWriter } from './types.js';

/** A message's attachments as search's JSON shows them: the shape show and export write (store/messages.ts MEDIA_JSON). */
export function jsonMedia(media: MessageView['media']): Array<Record<string, unknown>> {
  return media.map(({ name, sha256, size }) => ({ name, sha256, size, status: mediaStatus(name, sha256) }));
}

/** What became of an attachment: its file is in the archive, the export named it but lacked it, or the export had no media. */
export function mediaStatus(name: string | null, sha256: string | null): 'stored' | 'missing' | 'not-exported' {
  return name === null ? 'not-exported' : sha256 === null ? 'missing' : 'stored';
}

/**
 * How many attachments a message's JSON text (store/messages.ts chatMessagesJson) lists: one "status" key
 * each. A key's quotes never occur unescaped inside a JSON string, so text cannot pass for one.
 */
export function jsonAttachments(json: string): number {
  let count = 0;
  for (let at = json.indexOf(STATUS_KEY); at !== -1; at = json.indexOf(STATUS_KEY, at + STATUS_KEY.length)) count++;
  return count;
}

const STATUS_KEY = '"status":';

/** `{"chats":[{"name","messages":[…]}]}`: a line per chat header and a line per message, streamed. */
export const jsonWriter: ExportWriter = {
  async write(chats, sink) {
    const out = new ChunkedSink(sink);
    await out.add('{"chats":[');
    let chatCount = 0;
    for (const chat of chats) {
      await out.add(`${chatCount++ === 0 ? '\n' : ',\n'}{"name":${JSON.stringify(chat.name)},"messages":[`);
      let count = 0;
      for (const json of chat.json) await out.add(`${count++ === 0 ? '\n' : ',\n'}${json}`);
      await out.add(count === 0 ? ']}' : '\n]}');
    }
    await out.add(chatCount === 0 ? ']}\n' : '\n]}\n');
    await out.flush();
  },
};
