import { basename } from 'node:path';
import { parseExport } from '../parser/parse.js';
import { ParseError, type DateOrder, type ParsedRecord, type Platform, type WallTime } from '../parser/types.js';
import { discoverExports } from '../source/discover.js';
import { openExport } from '../source/open.js';
import { SourceError, type ExportSource } from '../source/types.js';
import { saveImport, type NewMessage } from '../store/imports.js';
import { saveMediaFile } from '../store/media.js';
import type { Archive } from '../store/open.js';
import { identifier } from './identity.js';
import { instantResolver, localMinute, localText, yearIn } from './time.js';

export interface ImportOptions {
  paths: readonly string[];
  chat?: string;
  tz: string;
  dateOrder?: DateOrder;
  now: Date;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  source: string;
  phase: 'read' | 'write';
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
  for (const path of sources) {
    try {
      result.imports.push(importOne(archive, openExport(path), options));
    } catch (error) {
      if (!(error instanceof SourceError || error instanceof ParseError)) throw error;
      result.failed.push({ source: path, error: error.message, hint: error.hint });
    }
  }
  return result;
}

function importOne(archive: Archive, source: ExportSource, options: ImportOptions): ImportedExport {
  const report = (phase: ImportProgress['phase'], done: number, total: number) =>
    options.onProgress?.({ source: source.source, phase, done, total });
  const parsed = parseExport(source.text, { dateOrder: options.dateOrder });
  const chat = options.chat ?? source.chatName;
  const warnings: string[] = [];
  const summary = { source: source.source, chat, platform: parsed.platform, messages: parsed.records.length };
  if (parsed.records.length === 0) {
    warnings.push('no recognisable WhatsApp messages in this file; nothing was imported');
    return { ...summary, added: 0, duplicates: 0, media: 0, warnings };
  }
  if (parsed.skippedLines > 0) {
    warnings.push(`${parsed.skippedLines} line(s) before the first message are not messages and were not imported`);
  }
  if (TRUNCATION_SIZES.includes(parsed.records.length)) {
    warnings.push(
      `this export has exactly ${parsed.records.length.toLocaleString('en')} messages, a WhatsApp export limit: ` +
        'its oldest messages were probably cut off. Export more often so the archive keeps everything.',
    );
  }

  const messages = toMessages(archive, source, parsed.records, options, (done) => report('read', done, parsed.records.length));
  const saved = saveImport(
    archive,
    {
      chat,
      source: basename(source.source),
      sha256: source.sha256,
      platform: parsed.platform,
      tz: options.tz,
      dateOrder: parsed.dateOrder,
      importedAt: options.now.getTime(),
    },
    messages.rows,
    (done) => report('write', done, messages.rows.length),
  );
  const oldest = messages.oldest;
  if (saved.previousNewest !== null && oldest > saved.previousNewest) {
    warnings.push(
      `gap: the archive's newest message of "${chat}" is from ${new Date(saved.previousNewest).toISOString()}, ` +
        `but this export starts at ${new Date(oldest).toISOString()}; messages in between may be missing.`,
    );
  }
  return { ...summary, added: saved.added, duplicates: saved.duplicates, media: messages.mediaStored, warnings };
}

function toMessages(
  archive: Archive,
  source: ExportSource,
  records: readonly ParsedRecord[],
  options: ImportOptions,
  onProgress: (done: number) => void,
): { rows: NewMessage[]; mediaStored: number; oldest: number } {
  const instant = instantResolver(options.tz);
  const identify = identifier();
  const fillYear = yearFiller(options.tz, options.now, instant);
  const stored = new Map<string, { sha256: string; size: number } | null>();
  let mediaStored = 0;
  let oldest = Infinity;
  const rows = records.map((r, i): NewMessage => {
    if (i % 10_000 === 0) onProgress(i);
    const time = fillYear(r.time);
    const ts = instant(time);
    if (ts < oldest) oldest = ts;
    const media = r.media.map((ref) => {
      if (ref.name === null) return { name: null, sha256: null, size: null };
      if (!stored.has(ref.name)) {
        const bytes = source.media.read(ref.name);
        stored.set(ref.name, bytes === undefined ? null : saveMediaFile(archive.dir, bytes));
        if (bytes !== undefined) mediaStored++;
      }
      const file = stored.get(ref.name) ?? null;
      return { name: ref.name, sha256: file?.sha256 ?? null, size: file?.size ?? null };
    });
    return {
      ident: identify(localMinute(time), r.author, r.kind, r.text),
      ts,
      local: localText(time),
      author: r.author,
      kind: r.kind,
      text: r.text,
      edited: r.edited,
      original: r.original,
      media,
    };
  });
  return { rows, mediaStored, oldest };
}

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
