// Whether an export is the chat its file names. An export's chat is named after its file ("WhatsApp Chat
// with Dana Smith.txt"), and the file after the contact or group as the phone shows it. Two ways that goes
// wrong, both refused (ChatMismatch) when the name came from the file (no --chat), before anything is kept:
//
// - A chat the archive has, exported again under another name: saving a number as a contact or renaming a
//   group renames the next export. Imported by its name, it would become a second chat holding copies of
//   the first one's messages, and its renamed authors (README "Renamed authors") would never be recognised.
//   Told by its oldest messages being another chat's: the same minutes, kinds and words (author spellings
//   aside), written by more than one author. Several chats can share one author's messages (a broadcast
//   list sends the same words to each customer in the same minute), but not both sides of a conversation.
// - Another chat with a name the archive has (two contacts both saved as "Maria"): imported by its name, it
//   would be mixed into the first one's chat, whose messages of the same time it lacks. Told by lacking
//   most archived messages of its time span while having few of them.
import type { Draft } from './heldDays.js';
import { identityText } from '../integrity/identityText.js';
import { chatsWithMessagesBetween, oldestMessageTime, type ChatRef } from '../store/chats.js';
import { minuteReader } from '../store/heldDays.js';
import type { Archive } from '../store/open.js';

/** How many of the export's messages are compared: its first, or the first the archive's messages reach. */
const SAMPLE = 50;
/** An export with fewer messages is not compared. */
const MIN_SAMPLE = 10;
/** The share of the sample that must be the other chat's. */
const SHARE = 0.9;

/** The export is not the chat its name says: nothing of it is imported. */
export class ChatMismatch extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ChatMismatch';
  }
}

/**
 * The drafts, unchanged, unless the first of them are another chat's (then ChatMismatch is thrown before any
 * is passed on). An export whose first messages are older than every message the archive has (an earlier
 * export of the chat was cut shorter, or its oldest part purged) is compared where it reaches the archive's
 * messages, the drafts before passed on meanwhile: the import's transaction keeps none of them when it is
 * refused there. `chat`: the name the export would be imported as, new to the archive.
 */
export function* refuseRenamedChat(archive: Archive, chat: string, drafts: Iterable<Draft>): Generator<Draft> {
  const iterator = drafts[Symbol.iterator]();
  const first = take(iterator, SAMPLE);
  refuseIfEarlier(archive, chat, first, `its first ${first.length} messages`);
  yield* first;
  const reach = first.length < SAMPLE ? null : oldestMessageTime(archive);
  if (reach !== null && Math.max(...first.map((d) => d.ts)) < reach) {
    let next = iterator.next();
    for (; !next.done && next.value.ts < reach; next = iterator.next()) yield next.value;
    if (!next.done) {
      const later = [next.value, ...take(iterator, SAMPLE - 1)];
      refuseIfEarlier(archive, chat, later, `its ${later.length} messages from ${next.value.local.slice(0, 10)} on`);
      yield* later;
    }
  }
  for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
}

/** Up to `n` more items. */
function take<T>(iterator: Iterator<T>, n: number): T[] {
  const items: T[] = [];
  while (items.length < n) {
    const next = iterator.next();
    if (next.done === true) break;
    items.push(next.value);
  }
  return items;
}

/** Throws ChatMismatch when the sample (`which` of the export's messages) is another chat's. */
function refuseIfEarlier(archive: Archive, chat: string, sample: readonly Draft[], which: string): void {
  const earlier = sample.length < MIN_SAMPLE ? null : earlierChat(archive, sample);
  if (earlier === null) return;
  throw new ChatMismatch(
    `${earlier.matched} of ${which} are already in chat "${earlier.name}" (the same minutes and words): ` +
      'it looks like that chat, exported under a new name',
    `To add it to that chat (where renamed authors are recognised), import it with --chat "${earlier.name}"; ` +
      `to keep it as a chat of its own, import it with --chat "${chat}".`,
  );
}

/** Archived messages of an export's time span that it lacks, from which on it may be another chat of the same name. */
const MIN_MISSING = 20;
/** At most this share of them may be in the export, for it to be taken for another chat. */
const MAX_MATCHED = 0.1;

/**
 * After an export of a chat the archive has is written (inside its transaction): throws ChatMismatch when it
 * lacks `missing` archived messages of its time span (none of them deleted on the phone) and has only
 * `matched` messages the chat already held.
 */
export function refuseOtherChatOfName(chat: string, matched: number, missing: number): void {
  if (missing < MIN_MISSING || matched > missing * MAX_MATCHED) return;
  throw new ChatMismatch(
    `${missing} archived messages of chat "${chat}" from this export's time span are not in it, and it has only ${matched} of the chat's messages: ` +
      'it looks like another chat with the same name',
    `To keep it as a chat of its own, import it with --chat "${chat} (2)" (or another name); ` +
      `to add it to "${chat}" all the same, import it with --chat "${chat}".`,
  );
}

/** What a message is compared by: its kind and words, as its identity has them (author aside). */
const words = (m: { kind: string; text: string }): string => `${m.kind}\u0000${identityText(m.kind, m.text)}`;

/** The chat whose messages the sample is, if one is. */
function earlierChat(archive: Archive, sample: readonly Draft[]): (ChatRef & { matched: number }) | null {
  const times = sample.map((d) => d.ts);
  const keys = sample.map(words);
  const allowedMisses = Math.floor(sample.length * (1 - SHARE));
  const messagesOfMinute = minuteReader(archive);
  for (const candidate of chatsWithMessagesBetween(archive, Math.min(...times), Math.max(...times))) {
    const minutes = new Map<string, Set<string>>();
    const authors = new Set<string>();
    let misses = 0;
    for (const [i, d] of sample.entries()) {
      let held = minutes.get(d.minute);
      if (held === undefined) minutes.set(d.minute, (held = new Set(messagesOfMinute(candidate.id, d.minute).map(words))));
      if (!held.has(keys[i]!)) {
        if (++misses > allowedMisses) break;
      } else if (d.author !== null) authors.add(d.author);
    }
    if (misses <= allowedMisses && authors.size >= 2) return { ...candidate, matched: sample.length - misses };
  }
  return null;
}
