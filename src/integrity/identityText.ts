// The text part of a message's identity (docs/architecture.md, "Identity and hash rules"): ops/identity.ts
// makes identities of it, ops/chatMatch.ts and the rename rule (store/renames.ts, ops/renames.ts) compare
// messages by it.

const MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const SPACES = /[\s\u00A0\u202F\u2009]+/g;
/** Printable ASCII. A single character class: a group repeated per character overflows the stack on a 10 MB line. */
const PRINTABLE_ASCII = /^[ -~]*$/;

/**
 * The text part of a message's identity. Media and deleted messages are identified by their kind alone,
 * because the placeholder depends on platform, language and whether media were exported.
 */
export function identityText(kind: string, text: string): string {
  if (kind === 'media' || kind === 'deleted') return `\u0001${kind}`;
  if (kind === 'system') return eventText(text);
  if (isPlain(text)) return text;
  return normalized(text);
}

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;
/** What Android appends to some English events (the encryption notice, security codes) and iOS leaves out. */
const LEARN_MORE = / (?:Tap to learn more|Learn more)\.$/;

/**
 * A system event is the same event in an Android and an iPhone export of the chat: iOS writes its quotes
 * curly (created group “Orders”) where Android writes them straight, and Android appends "Tap to learn
 * more." in English. Events have no author in either (the parser drops iOS's group or actor name), so
 * two events of one minute are told apart by their words alone.
 */
function eventText(text: string): string {
  return normalized(text).replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'").replace(LEARN_MORE, '');
}

function normalized(text: string): string {
  return text.replace(MARKS, '').replace(SPACES, ' ').trim().normalize('NFC');
}

/** Text that needs no normalising: printable ASCII without double spaces or edge spaces. */
function isPlain(text: string): boolean {
  return PRINTABLE_ASCII.test(text) && !text.startsWith(' ') && !text.endsWith(' ') && !text.includes('  ');
}
