/**
 * Chat names from export file names (docs/export-format.md, "Chat names"). Pure: a base name in, a name out.
 */

/** Localized prefixes WhatsApp puts before the chat name, as it writes them (after mangling is undone). */
const EXPORT_NAME_PREFIXES: readonly string[] = [
  'WhatsApp Chat with ',
  'WhatsApp Chat - ',
  'WhatsApp Chat mit ',
  'Chat de WhatsApp con ',
  'Discussion WhatsApp avec ',
  'Chat WhatsApp con ',
  'Conversa do WhatsApp com ',
  '\u0427\u0430\u0442 WhatsApp \u0441 ', // Russian "Чат WhatsApp с "
  'WhatsApp-chat met ',
  'Chat WhatsApp s u\u017Eivatelem ', // Czech "Chat WhatsApp s uživatelem "
];

/** Localized suffixes: Turkish puts the name first. */
const EXPORT_NAME_SUFFIXES: readonly string[] = [' ile WhatsApp Sohbeti'];

/** What a mangled name with nothing after the prefix still starts with ("WhatsApp Chat_1665257554.txt"). */
const BARE_EXPORT_NAME = 'WhatsApp Chat';

/**
 * The chat name a WhatsApp export file (or unzipped folder) name stands for.
 * Expects a base name, not a path. Never returns an empty string.
 */
export function chatNameFromFileName(fileName: string): string {
  const base = cleanBaseName(fileName);
  const name = stripExportAffixes(base);
  if (name !== '') return name;
  if (base !== '') return base;
  return fileName.trim() !== '' ? fileName.trim() : BARE_EXPORT_NAME;
}

/** Whether a file name looks like one WhatsApp gave an export (used to find the chat text in a zip). */
export function isWhatsAppExportName(fileName: string): boolean {
  const base = cleanBaseName(fileName);
  return (
    base.startsWith(BARE_EXPORT_NAME) ||
    EXPORT_NAME_PREFIXES.some((prefix) => base.startsWith(prefix)) ||
    EXPORT_NAME_SUFFIXES.some((suffix) => base.endsWith(suffix))
  );
}

/**
 * Undoes what happens to names in transit (extension, %-escapes, NBSP, underscores, copy and
 * timestamp suffixes) so the prefixes can be matched as WhatsApp wrote them.
 */
function cleanBaseName(fileName: string): string {
  let name = fileName.replace(/\.(txt|zip)$/i, '');
  // NFC: macOS stores file names decomposed (NFD), which would hide "u\u017Eivatelem" from the prefix.
  name = decodePercentEscapes(name).normalize('NFC').replace(/\u00A0/g, ' ');
  name = stripCopySuffixes(name);
  return name.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Decodes runs of %XX escapes; a lone "%" or an invalid sequence (e.g. "100%") stays as written. */
function decodePercentEscapes(name: string): string {
  return name.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Drops " (1)" copy suffixes and "_1665257554" timestamp suffixes, in any order and repeated.
 * A timestamp is "_" then Unix seconds or milliseconds (10 or 13 digits from 1…), so "Team_2024"
 * stays, and so does the last group of a phone number ("+49_1512345678"): digits before the "_"
 * mean the number is part of the name.
 */
function stripCopySuffixes(name: string): string {
  const suffix = /(?:[\s_]*\(\d{1,3}\)|(?<![\d+][\d\s_-]*)_1(?:\d{9}|\d{12}))$/;
  let previous;
  do {
    previous = name;
    name = name.replace(suffix, '');
  } while (name !== previous);
  return name;
}

function stripExportAffixes(base: string): string {
  for (const prefix of EXPORT_NAME_PREFIXES) {
    if (base.startsWith(prefix)) return base.slice(prefix.length).trim();
  }
  for (const suffix of EXPORT_NAME_SUFFIXES) {
    if (base.endsWith(suffix)) return base.slice(0, -suffix.length).trim();
  }
  return base;
}
