import type { Kind, MediaRef, Platform } from './types.js';
import {
  ANDROID_ATTACHED, ANDROID_OMITTED, CALL, DELETED, EDITED, EVENT, IOS_ATTACHED, IOS_OMITTED, LOCATION, NOTICE,
  OLD_IOS_ATTACHED, POLL,
} from './phrases.js';

const ALL_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LEADING_MARKS = /^[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/;
const MENTION_ISOLATES = /[\u2066-\u2069]/g;
const LRM = '\u200E';

export interface Body {
  author: string | null;
  kind: Kind;
  text: string;
  edited: boolean;
  media: MediaRef[];
}

export function stripMarks(s: string): string {
  return s.replace(ALL_MARKS, '');
}

/** `~ Name` (non-contacts), `‹LRE›+49 151…‹PDF›` (phone numbers): the name as a person would write it. */
export function cleanAuthor(raw: string): string {
  return stripMarks(raw).replace(/^~[ \u202F\u00A0]?/, '').trim();
}

/** Splits `Author: body` and classifies the body. `rest` is the header line after the header. */
export function parseBody(rest: string, more: readonly string[], platform: Platform): Body {
  const colon = rest.indexOf(': ');
  const candidate = colon > 0 ? rest.slice(0, colon) : null;
  if (candidate === null || isBogusAuthor(candidate)) return system(joinLines(rest, more));
  const first = rest.slice(colon + 2);
  const body = joinLines(first, more);
  if (NOTICE.test(body) || (platform === 'ios' && isIosEvent(first, body))) return system(body);
  return { author: cleanAuthor(candidate), ...classify(first, more, body) };
}

function joinLines(first: string, more: readonly string[]): string {
  return more.length === 0 ? first : `${first}\n${more.join('\n')}`;
}

function system(body: string): Body {
  return { author: null, kind: 'system', text: body.replace(LEADING_MARKS, ''), edited: false, media: [] };
}

/** Android system texts can contain ": " ("… added you to a group in the community: Sales"). */
function isBogusAuthor(candidate: string): boolean {
  return /["“”«»„]/.test(candidate) || EVENT.test(stripMarks(candidate)) || NOTICE.test(candidate);
}

/** iOS 2023+ events carry an author; their body starts with LRM and reads as an event. */
function isIosEvent(first: string, body: string): boolean {
  return first.startsWith(LRM) && !EDITED.test(body) && EVENT.test(stripMarks(first));
}

function classify(first: string, more: readonly string[], body: string): Omit<Body, 'author'> {
  const editedMatch = EDITED.exec(body);
  const edited = editedMatch !== null;
  const content = edited ? body.slice(0, editedMatch.index) : body;
  const plain = stripMarks(content).trim();
  const firstPlain = stripMarks(first).trim();
  const text = content.replace(LEADING_MARKS, '').replace(MENTION_ISOLATES, '');
  const of = (kind: Kind, t = text, media: MediaRef[] = []) => ({ kind, text: t, edited, media });

  const androidFile = ANDROID_ATTACHED.exec(first.replace(LEADING_MARKS, ''));
  if (androidFile !== null) {
    const name = androidFile[1]!;
    // Documents repeat their name on the next line; it is not a caption.
    const caption = more[0] === name ? more.slice(1) : more;
    return of('media', caption.join('\n'), [{ name }]);
  }
  const iosFile = IOS_ATTACHED.exec(stripMarks(content));
  if (iosFile !== null) {
    const rest = stripMarks(content).replace(IOS_ATTACHED, '').trim();
    return of('media', rest, [{ name: iosFile[1]!.trim() }]);
  }
  const oldIosFile = OLD_IOS_ATTACHED.exec(plain);
  if (oldIosFile !== null) return of('media', '', [{ name: oldIosFile[1]! }]);
  if (ANDROID_OMITTED.test(plain) || IOS_OMITTED.test(plain)) return of('media', '', [{ name: null }]);
  if (DELETED.test(plain)) return of('deleted', plain);
  if (more.length === 0 && CALL.test(plain)) return of('call', plain);
  if (POLL.test(firstPlain) && more.length > 0) return of('poll');
  if (LOCATION.test(firstPlain)) return of('location');
  return of('message');
}
