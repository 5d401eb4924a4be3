import { basename } from 'node:path';
import { parseExport, parseExportFrom, startsLikeExport, type ParseOptions } from '../parser/parse.js';
import { ParseError, type DateOrder, type Platform } from '../parser/types.js';
import { isWhatsAppExportName } from '../source/chatName.js';
import { discoverExports } from '../source/discover.js';
import { IOS_CHAT_TEXT } from '../source/txt.js';
import { openExport } from '../source/open.js';
import { SourceError, type ExportSource } from '../source/types.js';
import { chatZone, findSameImport, importWriter, recordImportWithoutRows, saveImport, type ImportRecord } from '../store/imports.js';
import type { Alias } from '../store/aliases.js';
import type { Archive } from '../store/open.js';
import type { ArchiveWriter } from '../store/writer.js';
import { runsMissing } from '../store/searchRuns.js';
import { searchDataIsFresh } from '../store/vocabulary.js';
import { findChat } from '../store/chats.js';
import { chatNow, type ChatNow } from '../store/heldDays.js';
import { DAY_MS, latestPlausible, MessageConverter } from './convert.js';
import { LaterExport, retentionCutoff } from './laterExport.js';
import type { OverlapFindings } from './deletedLater.js';
import { resume, StartTracker, type Resumed } from './knownStart.js';
import { ImportMedia } from './importMedia.js';
import { ChatMismatch, refuseOtherChatOfName, refuseRenamedChat } from './chatMatch.js';
import { remainderRule } from './renames.js';
import { refreshSearchVocabulary, type SearchDataRefresh } from './vocabulary.js';
import { NO_MESSAGES, readingWarnings, writtenWarnings } from './importWarnings.js';

export interface ImportOptions {
  paths: readonly string[];
  chat?: string;
  /** The phone's time zone (IANA), or this machine's when `machineTz`. */
  tz: string;
  /**
   * `tz` is only this machine's (no --tz given): a chat the archive has keeps the zone its latest import
   * read its times in (a cron job's machine may be in another zone than the one the chat began on).
   */
  machineTz?: boolean;
  dateOrder?: DateOrder;
  /** The year of the first message, for an export none of whose dates has a year. */
  year?: number;
  now: Date;
  /** Recorded with each import: the same file is read again only by another version. */
  toolVersion: string;
  onProgress?: (p: ImportProgress) => void;
  /** Every export committed, before search's vocabulary is refreshed. */
  onCommitted?: () => void;
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
  /** Messages past the chat's retention at import time (and no hold): not stored. */
  expired: number;
  /** Archived messages this export shows as deleted on the phone: marked, kept. */
  deletedLater: number;
  /** Ids of archived messages in this export's time span that it lacks (deleted for me): unchanged. */
  missingFromExport: number[];
  /** Files this export has for attachments of archived messages that lacked them. */
  mediaAttached: number;
  /** Renamed authors this import found: `alias` is now known as `author` in the chat. */
  aliases: Alias[];
  /**
   * Messages at the start of the export that the chat's last import read from the same bytes: held
   * without being read again (ops/knownStart.ts); 0 when the whole export was read.
   */
  unchangedStart: number;
  warnings: string[];
}

/** The counts of an import that writes no messages. */
const NOTHING_LATER = { expired: 0, deletedLater: 0, missingFromExport: [], mediaAttached: 0 };

export interface FailedExport {
  source: string;
  error: string;
  hint?: string;
}

/** A file found in a folder that is plainly no export (notes beside the exports): not read further. */
export interface SkippedFile {
  source: string;
  reason: string;
}

export interface ImportResult {
  imports: ImportedExport[];
  failed: FailedExport[];
  skipped: SkippedFile[];
  /** The refresh of search's derived data after the imports; null when nothing was added and it was fresh. */
  searchData: SearchDataRefresh | null;
}

/**
 * Imports each export whole or not at all; one bad export does not stop the others. A failed export
 * leaves no file of its own in media/.
 */
export async function importExports(archive: Archive, options: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { imports: [], failed: [], skipped: [], searchData: null };
  const found = findExports(options.paths);
  if ('failed' in found) return found;
  const sources = found.sources;
  const writer = importWriter(archive);
  try {
    const named = new Set(options.paths);
    for (const [i, path] of sources.entries()) {
      // The last export's pages move into the database file while this one is read.
      if (i > 0) writer.checkpoint();
      try {
        const source = await openExport(path);
        try {
          if (!named.has(path) && isNote(path, source.chatText.text)) {
            result.skipped.push({ source: path, reason: NOTE_REASON });
            continue;
          }
          result.imports.push(await importOrRetry(archive, writer, source, options));
        } finally {
          source.close();
        }
      } catch (error) {
        if (!(error instanceof SourceError || error instanceof ParseError || error instanceof ChatMismatch)) throw error;
        result.failed.push({ source: path, error: error.message, hint: error.hint });
      }
    }
    options.onCommitted?.();
    // Also when nothing was added but the search data is stale (a run stopped between its commit and this
    // refresh left it so), or its time blocks are not cut into runs yet (an upgraded archive): importing any
    // export again repairs it. What the writer added is asked for before the last export's checkpoint, which
    // then runs beside the refresh: a call waits for everything sent before it (measured on the 1M benchmark
    // import: the refresh waited 0.5 s for that checkpoint).
    const refresh = result.imports.some((i) => i.added > 0) || !searchDataIsFresh(archive) || runsMissing(archive.db);
    const added = refresh ? writer.call('addedRows') : null;
    writer.checkpoint();
    if (added !== null) result.searchData = refreshSearchVocabulary(archive, added);
  } finally {
    writer.close();
  }
  return result;
}

const NOTE_REASON = 'not named like a WhatsApp export, and no message header in its first lines';

/** A .txt found in a folder search that is neither named like an export nor starts like one. */
function isNote(path: string, text: string): boolean {
  const name = basename(path);
  return /\.txt$/i.test(name) && name !== IOS_CHAT_TEXT && !isWhatsAppExportName(name) && !startsLikeExport(text);
}

/** An import read from its known start, done again whole when the chat changed before its transaction began. */
async function importOrRetry(archive: Archive, writer: ArchiveWriter, source: ExportSource, options: ImportOptions): Promise<ImportedExport> {
  try {
    return await importOne(archive, writer, source, options, true);
  } catch (error) {
    if (!(error instanceof StaleStart)) throw error;
    return importOne(archive, writer, source, options, false);
  }
}

/** The chat changed (another process imported or purged it) between an import's look at it and its transaction. */
class StaleStart extends Error {}

async function importOne(archive: Archive, writer: ArchiveWriter, source: ExportSource, options: ImportOptions, resumable: boolean): Promise<ImportedExport> {
  const chat = options.chat ?? source.chatName;
  const found = findChat(archive, chat);
  const chatId = found?.name === chat ? found.id : undefined;
  const earlierZone = chatId === undefined ? null : chatZone(archive, chatId);
  const tz = options.machineTz === true ? (earlierZone ?? options.tz) : options.tz;
  const same = options.dateOrder === undefined && options.year === undefined ? findSameImport(archive, chat, source.sha256, options.toolVersion) : undefined;
  const record = (platform: string, dateOrder: string, records: number): ImportRecord => ({
    chat,
    source: basename(source.source),
    sha256: source.sha256,
    platform,
    tz,
    dateOrder,
    importedAt: options.now.getTime(),
    toolVersion: options.toolVersion,
    records,
  });
  if (same !== undefined) {
    recordImportWithoutRows(archive, record(same.platform, same.dateOrder, same.records), true);
    const summary = { source: source.source, chat, platform: same.platform as Platform, messages: same.records };
    return { ...summary, added: 0, duplicates: same.records, media: 0, ...NOTHING_LATER, aliases: [], unchangedStart: 0, warnings: [] };
  }
  const parseOptions = { dateOrder: options.dateOrder, year: options.year, chatName: chat };
  const keepFrom = retentionCutoff(archive, chat, options.now);
  let before: ChatNow | undefined;
  const chatState = () => (before ??= chatNow(archive, chatId!));
  const resumed = !resumable || chatId === undefined || options.dateOrder !== undefined || options.year !== undefined
    ? null
    : resume(archive, source, { chatId, chat, toolVersion: options.toolVersion, tz, keepFrom, latest: latestPlausible(source.madeAt, options.now) + DAY_MS, now: chatState });
  const parsed = resumed?.parsed ?? parseExport(source.chatText.text, parseOptions);
  const unchangedStart = resumed?.start.records ?? 0;
  const total = parsed.count + unchangedStart;
  const summary = { source: source.source, chat, platform: parsed.platform, messages: total };
  if (total === 0) {
    recordImportWithoutRows(archive, record(parsed.platform, parsed.dateOrder, 0), false);
    return { ...summary, added: 0, duplicates: 0, media: 0, ...NOTHING_LATER, aliases: [], unchangedStart, warnings: [NO_MESSAGES] };
  }
  // The rest of a known start was decoded only if it has no control characters (source/decode.ts ChatText.from).
  const controlLines = resumed === null ? source.chatText.controlLines : 0;
  const warnings = readingWarnings({
    earlierZone, tz, dateOrderOption: options.dateOrder, dateOrder: parsed.dateOrder, controlLines, skippedLines: parsed.skippedLines,
  });

  const media = new ImportMedia(archive, source.media);
  const converter = new MessageConverter(media, chat, source.madeAt, { tz, now: options.now }, total, keepFrom);
  const later = new LaterExport(archive, chat, chatId, parsed.count, options.toolVersion, chatState);
  const text = resumed?.text ?? source.chatText.text;
  const tracker = new StartTracker(resumed, parsed, text, source.chatText);
  if (resumed !== null) later.holdStart(resumed.start);
  // The known start this import leaves for the chat's next one, when all of it is in the archive as it is in the export.
  const startToSave = (findings: OverlapFindings) =>
    options.dateOrder === undefined && options.year === undefined && parsed.skippedLines === 0 && controlLines === 0 &&
    converter.expired === 0 && converter.implausible === 0 && findings.missingFromExport.length === 0 && findings.matched === 0 && findings.ambiguous === 0
      ? tracker.toSave()
      : null;
  let saved: ReturnType<typeof saveImport>;
  try {
    // Records can be iterated once: an export whose text names its files is parsed again to learn which ones to stage.
    await media.stage(text, () => reparse(resumed, text, parseOptions).records);
    // What was read of the chat before the transaction holds only if the chat is still so inside it.
    const inTransaction = () => {
      if (chatId === undefined) return;
      const now = chatNow(archive, chatId);
      if (resumed !== null && (now.importId !== before?.importId || now.messages !== before.messages)) throw new StaleStart();
      before = now;
    };
    const drafts = converter.convert(checked(parsed.records, inTransaction));
    // A name new to the archive, taken from the file: maybe a chat it has, renamed on the phone (ops/chatMatch.ts).
    const named = options.chat === undefined && chatId === undefined ? refuseRenamedChat(archive, chat, drafts) : drafts;
    const messages = converter.hashed(later.unheld(tracker.follow(named), converter), (m) => later.holdBack(m));
    saved = saveImport(writer, record(parsed.platform, parsed.dateOrder, total), messages, remainderRule, {
      onProgress: (done) => options.onProgress?.({ source: source.source, done, total }),
      queued: (m) => later.queued(m),
      skipped: (hash) => later.lateMedia.skipped(hash),
      // The known start is made while the writer's thread writes the last messages (its SHA-256: ~0.1 s at 1M).
      handedOver: () => void tracker.toSave(),
      held: later.held,
      finish: (tx, matched) => {
        const finish = later.finish(tx, converter.expired);
        // A name the archive has, taken from the file: maybe another chat of that name (ops/chatMatch.ts).
        if (options.chat === undefined) refuseOtherChatOfName(chat, matched, later.findings.missingFromExport.length);
        return finish;
      },
      added: (tx, added) => {
        const state = { toolVersion: options.toolVersion, tz, messages: (before?.messages ?? 0) + added };
        tx.writer.call('saveChatState', tx.chatId, tx.importId, { ...state, heldDays: later.held?.heldDays() ?? null, start: startToSave(later.findings) });
      },
    });
  } catch (error) {
    media.finish(true);
    throw error;
  }
  media.finish(false);
  const { findings } = later;
  const oldest = Math.min(converter.oldest, resumed?.start.oldest ?? Infinity);
  warnings.push(...writtenWarnings({ chat, total, oldest, converter, saved, findings }));
  return {
    ...summary,
    added: saved.added,
    duplicates: saved.duplicates,
    media: media.stored,
    expired: converter.expired,
    deletedLater: findings.deletedLater.length,
    missingFromExport: findings.missingFromExport,
    mediaAttached: later.mediaAttached,
    aliases: saved.aliases,
    unchangedStart,
    warnings,
  };
}

/** The items, once `check` has passed (on the first read: inside the import's transaction). */
function* checked<T>(items: Iterable<T>, check: () => void): Generator<T> {
  check();
  yield* items;
}

/** The export's records again (iterable once), for the files they name. */
function reparse(resumed: Resumed | null, text: string, options: ParseOptions) {
  return resumed === null ? parseExport(text, options) : parseExportFrom(text, resumed.start.parse, options)!;
}

/**
 * The export files the paths name (folders searched), or the import's result when one cannot be read:
 * the CLI asks before it creates an archive, so a mistyped path makes none.
 */
export function findExports(paths: readonly string[]): { sources: string[] } | ImportResult {
  try {
    return { sources: discoverExports(paths) };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { imports: [], failed: [{ source: paths.join(', '), error: error.message, hint: error.hint }], skipped: [], searchData: null };
  }
}
