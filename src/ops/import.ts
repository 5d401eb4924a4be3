import { basename } from 'node:path';
import { parseExport } from '../parser/parse.js';
import { ParseError, type DateOrder, type ParsedRecord, type Platform, type WallTime } from '../parser/types.js';
import { discoverExports } from '../source/discover.js';
import { openExport } from '../source/open.js';
import { SourceError, type ExportSource } from '../source/types.js';
import { findSameImport, importWriter, recordImportWithoutRows, saveImport, type ImportRecord, type NewMediaRef, type NewMessage } from '../store/imports.js';
import { saveMediaFile, type StoredFile } from '../store/media.js';
import type { Alias } from '../store/aliases.js';
import type { Archive } from '../store/open.js';
import type { ArchiveWriter } from '../store/writer.js';
import { searchDataIsFresh } from '../store/vocabulary.js';
import { messageHash } from '../integrity/digest.js';
import { identifier } from './identity.js';
import { decideRemainder } from './renames.js';
import { refreshSearchVocabulary } from './vocabulary.js';
import { compactMinute, instantResolver, localText, yearIn } from './time.js';

export interface ImportOptions {
  paths: readonly string[];
  chat?: string;
  tz: string;
  dateOrder?: DateOrder;
  now: Date;
  /** Recorded with each import: the same file is read again only by another version. */
  toolVersion: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  source: string;
  done: number;
  total: number;
}

export interface ImportedExport {
  source: string;
  chat: string;
  platform: Platform;
  messages: number;
  added: number;
  duplicates: number;
  media: number;
  /** Renamed authors this import found: `alias` is now known as `author` in the chat. */
  aliases: Alias[];
  warnings: string[];
}

export interface FailedExport {
  source: string;
  error: string;
  hint?: string;
}

export interface ImportResult {
  imports: ImportedExport[];
  failed: FailedExport[];
}

/** WhatsApp's silent cut-offs: an export of exactly this many records has probably lost its oldest part. */
const TRUNCATION_SIZES = [40_000, 10_000];

/** Imports each export whole or not at all; one bad export does not stop the others. */
export function importExports(archive: Archive, options: ImportOptions): ImportResult {
  const result: ImportResult = { imports: [], failed: [] };
  let sources: string[];
  try {
    sources = discoverExports(options.paths);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { imports: [], failed: [{ source: options.paths.join(', '), error: error.message, hint: error.hint }] };
  }
  const writer = importWriter(archive);
  try {
    for (const path of sources) {
      try {
        result.imports.push(importOne(archive, writer, openExport(path), options));
      } catch (error) {
        if (!(error instanceof SourceError || error instanceof ParseError)) throw error;
        result.failed.push({ source: path, error: error.message, hint: error.hint });
      }
    }
    // While the writer moves the last import's pages into the database file. Also when nothing was added
    // but the search data is stale: a run stopped between its commit and this refresh left it so, and
    // importing any export again repairs it.
    if (result.imports.some((i) => i.added > 0) || !searchDataIsFresh(archive)) refreshSearchVocabulary(archive);
  } finally {
    writer.close();
  }
  return result;
}

function importOne(archive: Archive, writer: ArchiveWriter, source: ExportSource, options: ImportOptions): ImportedExport {
  const chat = options.chat ?? source.chatName;
  const same = options.dateOrder === undefined ? findSameImport(archive, chat, source.sha256, options.toolVersion) : undefined;
  const record = (platform: string, dateOrder: string, records: number): ImportRecord => ({
    chat,
    source: basename(source.source),
    sha256: source.sha256,
    platform,
    tz: options.tz,
    dateOrder,
    importedAt: options.now.getTime(),
    toolVersion: options.toolVersion,
    records,
  });
  if (same !== undefined) {
    recordImportWithoutRows(archive, record(same.platform, same.dateOrder, same.records), true);
    const summary = { source: source.source, chat, platform: same.platform as Platform, messages: same.records };
    return { ...summary, added: 0, duplicates: same.records, media: 0, aliases: [], warnings: [] };
  }
  const parsed = parseExport(source.text, { dateOrder: options.dateOrder });
  const total = parsed.count;
  const warnings: string[] = [];
  const summary = { source: source.source, chat, platform: parsed.platform, messages: total };
  if (total === 0) {
    warnings.push('no recognisable WhatsApp messages in this file; nothing was imported');
    recordImportWithoutRows(archive, record(parsed.platform, parsed.dateOrder, 0), false);
    return { ...summary, added: 0, duplicates: 0, media: 0, aliases: [], warnings };
  }
  if (options.dateOrder !== undefined && options.dateOrder !== parsed.dateOrder) {
    warnings.push(`the dates in this file can only be read as ${parsed.dateOrder}, so --date-order ${options.dateOrder} was not used`);
  }
  if (parsed.skippedLines > 0) {
    warnings.push(`${parsed.skippedLines} line(s) before the first message are not messages and were not imported`);
  }
  if (TRUNCATION_SIZES.includes(total)) {
    warnings.push(
      `this export has exactly ${total.toLocaleString('en')} messages, a WhatsApp export limit: ` +
        'its oldest messages were probably cut off. Export more often so the archive keeps everything.',
    );
  }

  const converter = new MessageConverter(archive, source, chat, options, total);
  const saved = saveImport(
    writer,
    record(parsed.platform, parsed.dateOrder, total),
    converter.convert(parsed.records),
    decideRemainder,
    (done) => options.onProgress?.({ source: source.source, done, total }),
  );
  if (saved.previousNewest !== null && converter.oldest > saved.previousNewest) {
    warnings.push(
      `gap: the archive's newest message of "${chat}" is from ${new Date(saved.previousNewest).toISOString()}, ` +
        `but this export starts at ${new Date(converter.oldest).toISOString()}; messages in between may be missing.`,
    );
  }
  return { ...summary, added: saved.added, duplicates: saved.duplicates, media: converter.mediaStored, aliases: saved.aliases, warnings };
}

/** Turns parsed records into rows, one at a time, storing each attachment once. */
class MessageConverter {
  mediaStored = 0;
  oldest = Infinity;
  private readonly instant: (t: WallTime & { year: number }) => number;
  private readonly identify: ReturnType<typeof identifier>;
  private readonly fillYear: (t: WallTime) => WallTime & { year: number };
  private readonly stored = new Map<string, StoredFile | null>();

  constructor(
    private readonly archive: Archive,
    private readonly source: ExportSource,
    private readonly chat: string,
    options: ImportOptions,
    expected: number,
  ) {
    this.identify = identifier(expected);
    this.instant = instantResolver(options.tz);
    this.fillYear = yearFiller(options.tz, options.now, this.instant);
  }

  *convert(records: Iterable<ParsedRecord>): Generator<NewMessage> {
    // Consecutive records often share one header time (the parser then hands out the same object):
    // convert each time once.
    let previous: WallTime | null = null;
    let ts = 0;
    let local = '';
    let minute = '';
    for (const r of records) {
      if (r.time !== previous) {
        const time = this.fillYear(r.time);
        ts = this.instant(time);
        local = localText(time);
        minute = compactMinute(time);
        previous = r.time;
        if (ts < this.oldest) this.oldest = ts;
      }
      const message: NewMessage = {
        ident: this.identify(minute, r.author, r.kind, r.text),
        ts,
        local,
        author: r.author,
        kind: r.kind,
        text: r.text,
        edited: r.edited,
        original: r.original,
        media: r.media.length === 0 ? NO_MEDIA : r.media.map((ref) => this.mediaRef(ref.name)),
        hash: '',
      };
      message.hash = messageHash(this.chat, message);
      yield message;
    }
  }

  private mediaRef(name: string | null): NewMediaRef {
    if (name === null) return { name: null, sha256: null, size: null };
    let file = this.stored.get(name);
    if (file === undefined) {
      const bytes = this.source.media.read(name);
      file = bytes === undefined ? null : saveMediaFile(this.archive.dir, bytes);
      this.stored.set(name, file);
      if (file !== null) this.mediaStored++;
    }
    return { name, sha256: file?.sha256 ?? null, size: file?.size ?? null };
  }
}

const NO_MEDIA: NewMediaRef[] = [];

/**
 * Pre-2014 exports omit the year for the current year: take the importer's current year in the
 * export's zone, or the year before when that would put the message in the future.
 */
function yearFiller(zone: string, now: Date, instant: (t: WallTime & { year: number }) => number) {
  const thisYear = yearIn(zone, now);
  return (t: WallTime): WallTime & { year: number } => {
    if (t.year !== null) return t as WallTime & { year: number };
    const guess = { ...t, year: thisYear };
    return instant(guess) > now.getTime() ? { ...t, year: thisYear - 1 } : guess;
  };
}
