import { basename } from 'node:path';
import { jsonAttachments } from '../export/json.js';
import { WRITERS, type WriterFormat } from '../export/registry.js';
import type { ExportChat, Sink } from '../export/types.js';
import { recordAudit } from '../store/audit.js';
import { readMediaFile } from '../store/media.js';
import type { MessageView } from '../store/messages.js';
import type { Archive } from '../store/open.js';
import { OpError } from './errors.js';
import { absoluteSelection, recordedSelection, selectExport, type ExportSelection } from './exportSelection.js';
import { writeOutput } from './outputFile.js';

export type ExportFormat = WriterFormat | 'bundle';

export interface ExportOptions {
  format: ExportFormat;
  /** The output file (for html a FILE.html or a folder of pages); undefined or `-`: `stdout`. */
  out?: string;
  /** Replace an existing output file. */
  force: boolean;
  selection: ExportSelection;
  /** Where output without a file goes (the CLI's standard output). */
  stdout: Sink;
  toolVersion: string;
  /** The clock: a bundle's creation time and the audit entry's. */
  now: Date;
}

export interface ExportResult {
  format: ExportFormat;
  /** null: written to `stdout`. */
  path: string | null;
  chats: number;
  messages: number;
  /** Attachments the exported messages refer to (stored, missing or not exported alike). */
  media: number;
  bytes: number;
}

/**
 * Writes the selected chats in one format to a file (whole or not at all) or to stdout. A selection with
 * no message writes nothing at all (no file, no output, no audit entry): the result says 0 messages.
 */
export async function exportArchive(archive: Archive, asked: ExportOptions): Promise<ExportResult> {
  const options = { ...asked, selection: absoluteSelection(asked.selection) };
  const chats = await selectExport(archive, options.selection);
  if (chats.length === 0) return { format: options.format, path: null, chats: 0, messages: 0, media: 0, bytes: 0 };
  return writeExport(archive, chats, options);
}

/** Writes the selected chats in one format to a file (whole or not at all) or to stdout. */
async function writeExport(archive: Archive, chats: ExportChat[], options: ExportOptions): Promise<ExportResult> {
  const { format } = options;
  const env = { readMedia: (sha256: string) => readMediaFile(archive.dir, sha256), toolVersion: options.toolVersion };
  if (format === 'bundle') {
    const { exportBundle } = await import('./exportBundle.js');
    const { manifest, bytes } = await exportBundle(archive, { out: options.out, force: options.force, selection: options.selection, now: options.now, env });
    return { format, path: options.out!, ...manifest.counts, bytes };
  }
  const writer = WRITERS[format];
  if (format === 'txt' && chats.length > 1) {
    throw new OpError(
      'usage',
      `a txt export holds one chat (WhatsApp's format has no chat names), and this selection has ${chats.length}`,
      'Pick one with --chat NAME (one file per chat), or export json, csv or html, which hold several.',
    );
  }
  const counts = { messages: 0, media: 0 };
  const counted = chats.map((chat): ExportChat => ({ ...chat, messages: counting(chat.messages, counts), json: countingJson(chat.json, counts) }));
  const written =
    format === 'html'
      ? await (await import('./exportHtml.js')).writeHtml(archive, counted, options, env)
      : await writeOutput(options.out, options.force, (sink) => writer.write(counted, sink, env), options.stdout);
  const result = { format, path: written.path, chats: chats.length, ...counts, bytes: written.bytes };
  recordAudit(archive, options.now.getTime(), {
    operation: 'export',
    details: {
      format, selection: recordedSelection(options.selection), counts: { chats: result.chats, messages: result.messages, media: result.media },
      out: written.path === null ? 'stdout' : basename(written.path), bytes: written.bytes,
    },
  });
  return result;
}

/** The messages as they are, counted as the writer reads them (it reads either these or their JSON: countingJson). */
function counting(messages: Iterable<MessageView>, counts: { messages: number; media: number }): Iterable<MessageView> {
  return {
    *[Symbol.iterator]() {
      for (const m of messages) {
        counts.messages++;
        counts.media += m.media.length;
        yield m;
      }
    },
  };
}

/** The messages' JSON texts as they are, counted as the json writer reads them. */
function countingJson(messages: Iterable<string>, counts: { messages: number; media: number }): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      for (const json of messages) {
        counts.messages++;
        counts.media += jsonAttachments(json);
        yield json;
      }
    },
  };
}
