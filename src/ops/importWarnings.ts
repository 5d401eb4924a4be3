// What an import tells its user besides its counts (ops/import.ts): things in the export, or in how it
// meets the archive, that may need a look. Each is a line of the import's report, never a failure.
import type { DateOrder } from '../parser/types.js';
import type { SavedImport } from '../store/imports.js';
import type { MessageConverter } from './convert.js';
import type { OverlapFindings } from './deletedLater.js';

/** The one line of an import that found no message (nothing else is reported of it). */
export const NO_MESSAGES = 'no recognisable WhatsApp messages in this file; nothing was imported';

/** WhatsApp's silent cut-offs: an export of exactly this many records has probably lost its oldest part. */
const TRUNCATION_SIZES = [40_000, 10_000];

/** What is known before any message is written: how the file was read. */
export interface ReadingFacts {
  /** The zone the chat's earlier imports read its times in (null: none), and this one's. */
  earlierZone: string | null;
  tz: string;
  /** --date-order as given, and the order the file's dates were read in. */
  dateOrderOption: DateOrder | undefined;
  dateOrder: DateOrder;
  controlLines: number;
  skippedLines: number;
}

export function readingWarnings(f: ReadingFacts): string[] {
  const warnings: string[] = [];
  if (f.earlierZone !== null && f.earlierZone !== f.tz) {
    warnings.push(
      `this chat's earlier imports read its times as ${f.earlierZone}, this one as ${f.tz} (--tz), so its new messages' ` +
        `instants follow ${f.tz}: right if the phone changed zone. Without --tz an import keeps the chat's zone.`,
    );
  }
  if (f.dateOrderOption !== undefined && f.dateOrderOption !== f.dateOrder) {
    warnings.push(`the dates in this file can only be read as ${f.dateOrder}, so --date-order ${f.dateOrderOption} was not used`);
  }
  if (f.controlLines > 0) {
    warnings.push(`${f.controlLines} line(s) held stray control characters (NUL was removed, others kept as written)`);
  }
  if (f.skippedLines > 0) {
    warnings.push(`${f.skippedLines} line(s) before the first message are not messages and were not imported`);
  }
  return warnings;
}

/** What is known once the export is written: its dates, and how it meets what the archive held. */
export interface WrittenFacts {
  chat: string;
  /** Records in the export (a known start's included). */
  total: number;
  /** The export's oldest message time (a known start's included). */
  oldest: number;
  converter: Pick<MessageConverter, 'implausible' | 'latest' | 'firstImplausible'>;
  saved: Pick<SavedImport, 'previousOldest' | 'previousNewest'>;
  findings: Pick<OverlapFindings, 'ambiguous'>;
}

export function writtenWarnings(f: WrittenFacts): string[] {
  const { chat, total, oldest, converter, saved, findings } = f;
  const warnings: string[] = [];
  if (converter.implausible > 0) {
    warnings.push(
      `${converter.implausible} message(s) are dated before WhatsApp existed (2009) or after this file was made ` +
        `(${new Date(converter.latest).toISOString().slice(0, 10)}); they were imported as written. ` +
        `The first: ${JSON.stringify(converter.firstImplausible)}`,
    );
  }
  // What the cut dropped is older than the export's oldest message: lost only where the archive did not
  // already reach back that far (a later export of the chat overlaps what earlier ones brought).
  if (TRUNCATION_SIZES.includes(total) && (saved.previousOldest === null || oldest < saved.previousOldest)) {
    warnings.push(
      `this export has exactly ${total.toLocaleString('en')} messages, a WhatsApp export limit: ` +
        'its oldest messages were probably cut off, and the archive holds nothing of the chat from before it. ' +
        'Export more often so the archive keeps everything.',
    );
  }
  if (saved.previousNewest !== null && oldest > saved.previousNewest) {
    warnings.push(
      `gap: the archive's newest message of "${chat}" is from ${new Date(saved.previousNewest).toISOString()}, ` +
        `but this export starts at ${new Date(oldest).toISOString()}; messages in between may be missing.`,
    );
  }
  if (findings.ambiguous > 0) {
    warnings.push(
      `${findings.ambiguous} "message deleted" placeholder(s) sit where several archived messages could have been deleted; ` +
        'none of those was marked and the placeholders were not stored',
    );
  }
  return warnings;
}
