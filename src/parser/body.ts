import type { Kind, MediaRef, Platform } from './types.js';
import {
  ANDROID_ATTACHED, ANDROID_ATTACHED_BY_NAME, ANDROID_OMITTED, CALL, DELETED, EDITED, EVENT, IOS_ATTACHED,
  IOS_NAMED_OMITTED, IOS_OMITTED, LIVE_LOCATION, LOCATION, NOTICE, OLD_IOS_ATTACHED, POLL,
} from './phrases.js';

const ALL_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const HAS_MARK = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const LEADING_MARKS = /^[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/;
const MENTION_ISOLATES = /[\u2066-\u2069]/g;
const HAS_ISOLATE = /[\u2066-\u2069]/;
/** iOS starts every line of a poll with LRM. */
const LINE_LEADING_MARKS = /^[\u200E\u200F]+/gm;
/** Phone-number authors carry NBSP/NNBSP between digit groups and U+2011 (non-breaking hyphen). */
const AUTHOR_SPACES = /[\u00A0\u202F\u2007]/g;
const NB_HYPHEN = /\u2011/g;
const NON_CONTACT = /^~[ \u202F\u00A0]?/;
/** A phone number as an author, after marks are removed: an LRM before it is a direction mark, not an event's. */
const PHONE = /^\+?[\d \u00A0\u202F\u2011()-]+$/;
const STRAIGHT_QUOTES = /"/g;
const CURLY_QUOTES = /[“”«»„]/g;
/** A poll in a language not listed: `WORD:` line … `WORD: option (N votes)` line. */
const POLL_HEAD_SHAPE = /^\p{Lu}[\p{Lu}\p{M} ]{1,30}:$/u;
const POLL_OPTION_SHAPE = /^\p{Lu}[\p{Lu}\p{M} ]{1,30}: .*\(\d+[^()]*\)$/u;
const LRM = 0x200e;
/** A shared place on Android: its name, address lines, then the map link on a line of its own. */
const PLACE_LINES = 3;
const PLACE_URL = /^https?:\/\/(?:maps\.google\.com\/\?q=|foursquare\.com\/v\/|maps\.app\.goo\.gl\/|goo\.gl\/maps\/)\S*$/i;
/**
 * Records without media share one frozen empty list: a million of them would otherwise be a million
 * objects for the garbage collector to copy. Frozen, so a caller that tries to add to it fails loudly.
 */
const NO_MEDIA = Object.freeze([]) as unknown as MediaRef[];
/** Placeholders, deleted markers and call records are short; longer bodies skip those patterns. */
const SHORT = 60;
const PLACEHOLDER_MAX = 200;
/** Longest tail searched for the edited marker (longest marker plus the spaces and LRM before it). */
const EDITED_TAIL = 120;
/** Distinct raw author strings remembered per file (a chat has few; the bound only caps pathological files). */
const AUTHOR_CACHE_MAX = 50_000;

export interface Body {
  author: string | null;
  kind: Kind;
  text: string;
  edited: boolean;
  media: MediaRef[];
}

/** What stays the same for every record of one file. */
export interface BodyContext {
  platform: Platform;
  /** Author names known to contain ": " (learned from the file's first records). */
  colonAuthors: readonly string[];
  /** Raw author text → cleaned name, or null when the text before ": " is not an author. */
  authors: Map<string, string | null>;
  /** The chat's own name (iOS authors group events with it), when known. */
  chatName: string | null;
  /** The first line of every record after its header, for `participants` (read only if needed). */
  firstLines: () => Iterable<string>;
  /** Authors of records whose body does not start with LRM; computed on first use. */
  participants: Set<string> | null;
  /** The participants of the export's records before this text (a parse taken up again: parse.ts parseExportFrom). */
  participantsBefore: readonly string[];
}

export function bodyContext(
  platform: Platform, colonAuthors: readonly string[] = [], chatName: string | null = null, firstLines: () => Iterable<string> = () => [],
  participantsBefore: readonly string[] = [],
): BodyContext {
  return { platform, colonAuthors, authors: new Map(), chatName, firstLines, participants: null, participantsBefore };
}

export function emptyBody(): Body {
  return { author: null, kind: 'message', text: '', edited: false, media: NO_MEDIA };
}

function stripMarks(s: string): string {
  return HAS_MARK.test(s) ? s.replace(ALL_MARKS, '') : s;
}

function isMark(c: number): boolean {
  return c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff;
}

function stripLeadingMarks(s: string): string {
  return isMark(s.charCodeAt(0)) ? s.replace(LEADING_MARKS, '') : s;
}

/** Body text as a person wrote it: WhatsApp's leading mark and the isolates around @mentions removed. */
function cleanText(s: string): string {
  const t = stripLeadingMarks(s);
  return HAS_ISOLATE.test(t) ? t.replace(MENTION_ISOLATES, '') : t;
}

/**
 * The name as a person would type it: direction marks and the `~ ` of non-contacts removed, and the
 * no-break spaces and hyphens of phone numbers made plain, so `‹LRE›+49 151‹U+2011›1234‹PDF›` from one export
 * and `+49 151-1234` from another are the same author.
 */
function cleanAuthor(raw: string): string {
  return stripMarks(raw).replace(NON_CONTACT, '').replace(AUTHOR_SPACES, ' ').replace(NB_HYPHEN, '-').trim();
}

/**
 * A word joiner (U+2060) at the start of a line of text is the escape of wa-archive's own txt export
 * (src/export/txt.ts): it keeps a line that would otherwise read as a header, a placeholder or a marker
 * part of the text. One is removed from the start of each line, after the body is classified.
 */
export const LINE_ESCAPE = '\u2060';
/** Not /^…/m: that also matches after U+2028 and U+2029, which are no line breaks in an export. */
const ESCAPED_LINE_START = /(^|\n)\u2060/g;

/**
 * Splits `Author: body` and classifies the body into `out`. `rest` is the header line after the header,
 * `more` the record's further lines.
 */
export function parseBody(rest: string, more: readonly string[], ctx: BodyContext, out: Body): void {
  readBody(rest, more, ctx, out);
  if (out.text.includes(LINE_ESCAPE)) out.text = out.text.replace(ESCAPED_LINE_START, '$1');
}

function readBody(rest: string, more: readonly string[], ctx: BodyContext, out: Body): void {
  const split = authorEnd(rest, ctx.colonAuthors);
  const author = split < 0 ? null : authorOf(rest.slice(0, split), ctx.authors);
  if (author === null) return system(joinLines(rest, more), out);
  const first = rest.slice(split + 2);
  const body = joinLines(first, more);
  if (ctx.platform === 'ios') {
    // iOS 2023+ gives every event an author (the group or the actor) and starts its body with LRM.
    // Placeholders, calls and edited text start with LRM too, so LRM means "event" only when the body
    // is nothing else and isLrmEvent agrees.
    if (first.charCodeAt(0) === LRM) {
      classify(first, more, body, ctx.platform, out);
      if (out.kind === 'message' && !out.edited && isLrmEvent(body, author, ctx)) return system(body, out);
      out.author = author;
      return;
    }
    // A group renamed to "Orders: 2024" authors its later events as `Orders: 2024: ‹LRM›…`.
    const lrmBody = rest.indexOf(': \u200E', split + 2);
    if (lrmBody > 0 && rest.lastIndexOf('\u200E', lrmBody) < 0) {
      const later = rest.slice(lrmBody + 2);
      const laterBody = joinLines(later, more);
      classify(later, more, laterBody, ctx.platform, out);
      if (out.kind === 'message' && !out.edited) return system(laterBody, out);
    }
    if (isUnmarkedIosNotice(first, more)) return system(body, out);
  }
  if (more.length === 0 && isActorEvent(first, author)) return system(body, out);
  classify(first, more, body, ctx.platform, out);
  out.author = author;
}

/**
 * An LRM-led iOS body that is no placeholder, call or edited text: an event when its phrase is a known
 * one, when the chat's own name authors it, or when its author never writes an ordinary message;
 * otherwise it stays its author's text (an unknown placeholder, say).
 */
function isLrmEvent(body: string, author: string, ctx: BodyContext): boolean {
  if (author === ctx.chatName) return true;
  const plain = stripMarks(body);
  // Event words are case-sensitive against names ("Left Bank Cafe"); after an LRM no name stands
  // first, so a capitalised sentence start ("Disappearing messages were turned on") is matched too.
  if (EVENT.test(plain) || NOTICE.test(plain) || EVENT.test(plain.charAt(0).toLowerCase() + plain.slice(1))) return true;
  return !participantsOf(ctx).has(author);
}

function participantsOf(ctx: BodyContext): Set<string> {
  ctx.participants ??= participantsIn(ctx.firstLines(), ctx.colonAuthors, ctx.participantsBefore, ctx.authors);
  return ctx.participants;
}

/** The authors of records (by their first lines after the header) whose body does not start with LRM, and `before`. */
export function participantsIn(
  firstLines: Iterable<string>, colonAuthors: readonly string[], before: readonly string[], authors = new Map<string, string | null>(),
): Set<string> {
  const participants = new Set(before);
  for (const rest of firstLines) {
    const split = authorEnd(rest, colonAuthors);
    if (split < 0 || rest.charCodeAt(split + 2) === LRM) continue;
    const author = authorOf(rest.slice(0, split), authors);
    if (author !== null) participants.add(author);
  }
  return participants;
}

/**
 * Where the author ends: a learned author containing ": ", else the first ": ". A header line that
 * ends in ":" (trailing space lost in transit) is an author with an empty first line.
 */
function authorEnd(rest: string, colonAuthors: readonly string[]): number {
  for (const a of colonAuthors) if (rest.startsWith(a) && rest.startsWith(': ', a.length)) return a.length;
  const colon = rest.indexOf(': ');
  if (colon > 0) return colon;
  return rest.length > 1 && rest.indexOf(':') === rest.length - 1 ? rest.length - 1 : -1;
}

function authorOf(candidate: string, cache: Map<string, string | null>): string | null {
  let author = cache.get(candidate);
  if (author === undefined) {
    author = isBogusAuthor(candidate) ? null : cleanAuthor(candidate) || null;
    if (cache.size < AUTHOR_CACHE_MAX) cache.set(candidate, author);
  }
  return author;
}

/**
 * The author of a record whose body is a notice (the first records of an iOS export), when that
 * author contains ": " and so cannot be found by splitting at the first one. Android notices have no author.
 */
export function colonAuthorOf(rest: string): string | null {
  const lrmBody = rest.indexOf(': \u200E');
  const at = lrmBody > 0 && isEventBody(rest.slice(lrmBody + 2)) ? lrmBody : noticeAuthorEnd(rest);
  if (at <= 0) return null;
  const author = rest.slice(0, at);
  return author.includes(': ') && !isBogusAuthor(author) ? author : null;
}

/**
 * Whether a one-line iOS body that starts with LRM is an event: not a placeholder, call or edited text
 * (so "Ana: Look: ‹LRM›<This message was edited>" teaches no author "Ana: Look").
 */
function isEventBody(first: string): boolean {
  const out = emptyBody();
  classify(first, [], first, 'ios', out);
  return out.kind === 'message' && !out.edited;
}

function noticeAuthorEnd(rest: string): number {
  const m = NOTICE.exec(rest);
  return m === null ? -1 : rest.lastIndexOf(': ', m.index);
}

function joinLines(first: string, more: readonly string[]): string {
  return more.length === 0 ? first : `${first}\n${more.join('\n')}`;
}

function system(body: string, out: Body): void {
  out.author = null;
  out.kind = 'system';
  out.text = stripLeadingMarks(body);
  out.edited = false;
  out.media = NO_MEDIA;
}

/**
 * Android (and old iOS) system texts have no author but can contain ": " ("… added you to a group in
 * the community: Sales", `You changed the subject from "Group: A" to …`): cut at that ": ", they leave
 * a quote open. A name may hold quotes (`Sam "Boss" Lee`), but closes each. iOS authorless events can
 * start with LRM, which no author does, other than a phone number wrapped in marks.
 */
function isBogusAuthor(candidate: string): boolean {
  return (
    (candidate.charCodeAt(0) === LRM && !PHONE.test(stripMarks(candidate))) ||
    leavesQuoteOpen(candidate) ||
    EVENT.test(stripMarks(candidate)) ||
    NOTICE.test(candidate)
  );
}

function leavesQuoteOpen(candidate: string): boolean {
  const straight = candidate.match(STRAIGHT_QUOTES)?.length ?? 0;
  const curly = candidate.match(CURLY_QUOTES)?.length ?? 0;
  return straight % 2 !== 0 || curly % 2 !== 0;
}

/**
 * An event written with its actor as author, the body starting with the actor's own name: iOS events
 * whose LRM was lost (`Priya Shah: Priya Shah created group …`), Android events of a number
 * (`+1 555…: +1 555… updated the message timer…`). A bare "You …" is not enough: "You removed the
 * file?" is what people write too.
 */
function isActorEvent(first: string, author: string): boolean {
  const c = first.charCodeAt(0);
  const plain = isMark(c) || c === 0x7e /* ~ */ || c === 0x2b /* + */ ? cleanAuthor(first) : first;
  return plain.startsWith(author) && plain.charCodeAt(author.length) === 0x20 && EVENT.test(plain.slice(author.length));
}

/** A one-line encryption notice whose LRM was lost (copied through an editor). */
function isUnmarkedIosNotice(first: string, more: readonly string[]): boolean {
  if (more.length > 0 || first.length < 40) return false;
  const m = NOTICE.exec(first);
  return m !== null && m.index < 80 && /[.。]$/.test(first);
}

/** Sets kind, text, edited and media of `out` (not the author). */
function classify(first: string, more: readonly string[], body: string, platform: Platform, out: Body): void {
  // Cheap character checks gate each pattern: most bodies are plain text and skip them all.
  const editedAt = body.charCodeAt(body.length - 1) === 0x3e /* > */ ? editedMarkerAt(body) : -1;
  const edited = editedAt >= 0;
  const content = edited ? body.slice(0, editedAt) : body;
  // One scan for any direction mark or isolate; most bodies have none and skip every strip below.
  const marked = HAS_MARK.test(content);
  out.edited = edited;
  out.media = NO_MEDIA;

  const firstClean = marked ? stripLeadingMarks(first) : first;
  if (firstClean.charCodeAt(firstClean.length - 1) === 0x29 /* ) */) {
    const androidFile = ANDROID_ATTACHED.exec(firstClean) ?? ANDROID_ATTACHED_BY_NAME.exec(firstClean);
    if (androidFile !== null) {
      const name = androidFile[1]!;
      // The caption is the lines below, without an edited marker; documents repeat their name on the
      // next line, which is not a caption.
      const lines = edited ? content.split('\n').slice(1) : more;
      const caption = lines[0] === name ? lines.slice(1) : lines;
      return media(out, cleanText(caption.join('\n')), name);
    }
  }
  if (content.includes('<')) {
    const stripped = marked ? stripMarks(content) : content;
    const iosFile = IOS_ATTACHED.exec(stripped);
    if (iosFile !== null) {
      const name = (iosFile[1] ?? iosFile[2]!).trim();
      return media(out, iosCaption(stripped.replace(iosFile[0], '').trim(), name), name);
    }
  }
  if (more.length === 0 && content.length <= PLACEHOLDER_MAX) {
    const plain = (marked ? stripMarks(content) : content).trim();
    if (plain.charCodeAt(plain.length - 1) === 0x3e /* > */) {
      const oldIosFile = OLD_IOS_ATTACHED.exec(plain);
      if (oldIosFile !== null) return media(out, '', oldIosFile[1]!);
      if (ANDROID_OMITTED.test(plain)) return media(out, '', null);
    }
    if (platform === 'ios' && marked) {
      const named = IOS_NAMED_OMITTED.exec(content);
      if (named !== null) return media(out, '', named[1]!);
    }
    if (platform === 'ios' && (plain.length <= SHORT || plain.includes(' • ')) && IOS_OMITTED.test(plain)) {
      return media(out, '', null);
    }
    // Android writes a view-once photo or video as the bare word "null".
    if (platform === 'android' && plain === 'null' && !edited) return media(out, '', null);
    if (plain.length <= SHORT) {
      if (DELETED.test(plain)) return as(out, 'deleted', plain);
      if (CALL.test(plain)) return as(out, 'call', plain);
      if (LIVE_LOCATION.test(plain)) return as(out, 'location', plain);
    }
  }
  const text = marked ? cleanText(content) : content;
  if (more.length > 0) {
    const firstPlain = stripMarks(first).trim();
    if (firstPlain.endsWith(':') && isPoll(firstPlain, more)) return as(out, 'poll', text.replace(LINE_LEADING_MARKS, ''));
  }
  if (first.includes('://') && LOCATION.test(marked ? stripMarks(first) : first)) return as(out, 'location', text);
  if (more.length > 0 && more.length <= PLACE_LINES && PLACE_URL.test(stripMarks(more[more.length - 1]!).trim())) {
    return as(out, 'location', text);
  }
  as(out, 'message', text);
}

/**
 * Where a trailing "<This message was edited>" starts, or -1. Only the tail is searched: the marker is
 * short, and an unanchored search over a long run of spaces before a final ">" would be quadratic.
 */
function editedMarkerAt(body: string): number {
  const from = Math.max(0, body.length - EDITED_TAIL);
  const m = EDITED.exec(from === 0 ? body : body.slice(from));
  return m === null ? -1 : from + m.index;
}

function as(out: Body, kind: Kind, text: string): void {
  out.kind = kind;
  out.text = text;
}

function media(out: Body, text: string, name: string | null): void {
  out.kind = 'media';
  out.text = text;
  out.media = [{ name }];
}

function isPoll(firstPlain: string, more: readonly string[]): boolean {
  if (POLL.test(firstPlain)) return true;
  return POLL_HEAD_SHAPE.test(firstPlain) && POLL_OPTION_SHAPE.test(stripMarks(more[more.length - 1]!).trim());
}

/**
 * iOS drops captions; what stands beside `<attached: …>` is a document's description
 * (`NAME.pdf • 2 pages`) or its bare name, which says nothing the file name does not.
 */
function iosCaption(rest: string, name: string): string {
  if (rest === '' || rest.includes(' • ') || name.endsWith(rest)) return '';
  return rest;
}
