import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { ZipFile, type Options as ZipEntryOptions } from 'yazl';
import { htmlWriter } from '../export/html.js';
import { jsonWriter } from '../export/json.js';
import { txtWriter } from '../export/txt.js';
import { PAGE_SIZE, writeHtmlPages, type PageNames } from '../export/htmlPages.js';
import type { ExportWriter, Sink, WriterEnv } from '../export/types.js';
import {
  BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, canonicalJson, isMediaPath, MANIFEST_PATH,
  type BundleManifest, type ManifestChat, type ManifestFile,
} from '../integrity/manifest.js';
import { archiveIdentity, recordAudit } from '../store/audit.js';
import { mediaPath } from '../store/media.js';
import type { Archive } from '../store/open.js';
import { OpError } from './errors.js';
import { htmlRecords, surveyHtml } from './exportHtml.js';
import { selectExport, type ExportSelection } from './exportSelection.js';
import { writeOutput } from './outputFile.js';

export interface BundleOptions {
  /** The .zip to write. */
  out: string | undefined;
  force: boolean;
  selection: ExportSelection;
  now: Date;
  /** What the writers need: stored media for the html, the tool version. */
  env: WriterEnv;
}

export interface BundleWritten {
  manifest: BundleManifest;
  /** The size of the zip. */
  bytes: number;
}

/** The per-chat files, each byte for byte what `export --format X --chat NAME` with the same selection writes. */
const CHAT_FILES: ReadonlyArray<[file: string, writer: ExportWriter]> = [
  ['chat.html', htmlWriter],
  ['chat.json', jsonWriter],
  ['chat.txt', txtWriter],
];

// Fixed entry metadata, so the same content always zips to the same bytes. DOS times have no zone: a
// local 1980-01-01 00:00 is stored as that in any zone; no extended-timestamp field (it would vary).
const ENTRY = { mtime: new Date(1980, 0, 1), mode: 0o100644, forceDosTimestamp: true } as const;
const TEXT_ENTRY: Partial<ZipEntryOptions> = { ...ENTRY, compress: true, compressionLevel: 9 };
/** Media (photos, videos, PDFs) are compressed already: stored as they are. */
const MEDIA_ENTRY: Partial<ZipEntryOptions> = { ...ENTRY, compress: false };

/**
 * Writes a bundle: per chat a folder with chat.html, chat.json, chat.txt and media/ (each file its
 * messages refer to, named by SHA-256), then manifest.json listing every file with its SHA-256. The
 * same archive state and selection give the same bytes except `createdAt` and the export time in the
 * html's records header: chat folders in sorted order, each folder's files in a fixed order, the manifest
 * last. The html embeds its images as the standalone html export does, and links every stored file to
 * its original in media/.
 */
export async function exportBundle(archive: Archive, options: BundleOptions): Promise<BundleWritten> {
  const out = options.out;
  if (out === undefined || !/\.zip$/i.test(out)) {
    throw new OpError('usage', '--format bundle writes a .zip file, not to the terminal', 'Name the file with --out, ending in .zip, e.g. --out records.zip.');
  }
  const identity = archiveIdentity(archive, true); // the records' state: the same for every export of it
  const folders = new FolderNames();
  const selected = (await selectExport(archive, options.selection)).map(({ name }) => ({ name, folder: folders.take(name) }));
  selected.sort((a, b) => compare(a.folder, b.folder));
  let manifest: BundleManifest | undefined;
  let manifestSha256 = '';
  const written = await writeOutput(out, options.force, (sink) =>
    writeZip(sink, async (add) => {
      const files: ManifestFile[] = [];
      const chats: ManifestChat[] = [];
      const span = new Span();
      for (const { name, folder } of selected) chats.push(await addChat(add, archive, options, { name, folder }, files, span));
      manifest = {
        format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION,
        tool: { name: 'wa-archive', version: options.env.toolVersion },
        createdAt: options.now.toISOString(),
        archive: identity,
        selection: {
          chats: options.selection.chats !== undefined && options.selection.chats.length > 0 ? options.selection.chats : null,
          since: options.selection.since ?? null, until: options.selection.until ?? null, query: options.selection.query ?? null,
        },
        counts: { chats: chats.length, messages: chats.reduce((n, c) => n + c.messages, 0), media: files.filter((f) => isMediaPath(f.path)).length },
        first: span.first?.time ?? null, last: span.last?.time ?? null,
        chats, files,
      };
      manifestSha256 = (await add(MANIFEST_PATH, TEXT_ENTRY, (s) => s.write(canonicalJson(manifest)))).sha256;
    }));
  // The manifest's hash in the log binds the bundle's content to this archive (verify --bundle checks it).
  recordAudit(archive, options.now.getTime(), {
    operation: 'export',
    details: { format: 'bundle', selection: manifest!.selection, counts: manifest!.counts, out: basename(out), manifest: manifestSha256 },
  });
  return { manifest: manifest!, bytes: written.bytes };
}

/**
 * One chat's folder: its three files, then its media. The messages are surveyed first (counting messages,
 * times and media, and planning the html's pages): chat.html is one page, or above PAGE_SIZE messages the
 * index of pages chat-page-001.html, … beside it. The html links each stored attachment to its copy in media/.
 */
async function addChat(
  add: AddEntry, archive: Archive, options: BundleOptions, chat: { name: string; folder: string }, files: ManifestFile[], span: Span,
): Promise<ManifestChat> {
  const { name, folder } = chat;
  // The selection of `export --format X --chat NAME`: read afresh for each file (messages stream once).
  const selection = { ...options.selection, chats: [name] };
  const media = new Map<string, string>(); // sha256 → the first name a message gives it
  const survey = await surveyHtml(archive, selection, (m) => {
    span.add(m.time);
    for (const f of m.media) if (f.sha256 !== null && f.size !== null && !media.has(f.sha256)) media.set(f.sha256, f.name ?? '');
  });
  const mediaFile = (sha256: string) => `media/${sha256}${extension(media.get(sha256) ?? '')}`;
  const env: WriterEnv = { ...options.env, records: htmlRecords(archive, selection, survey, options.now), mediaHref: (f) => mediaFile(f.sha256) };
  const addText = (file: string, fill: (sink: Sink) => Promise<void>) => add(`${folder}/${file}`, TEXT_ENTRY, fill).then((f) => void files.push(f));
  for (const [file, writer] of CHAT_FILES) {
    const [selected = { name, messages: [], json: [] }] = await selectExport(archive, selection);
    if (file === 'chat.html' && survey.messages > PAGE_SIZE) {
      await writeHtmlPages([{ ...selected, pages: survey.chats[0]?.pages ?? [] }], addText, env, BUNDLE_PAGES);
    } else {
      await addText(file, (s) => writer.write([selected], s, env));
    }
  }
  for (const sha256 of [...media.keys()].sort(compare)) {
    files.push(await addMedia(add, archive, `${folder}/${mediaFile(sha256)}`, sha256, media.get(sha256)!));
  }
  return { name, folder, messages: survey.messages };
}

/** A paged chat.html: the index keeps its name, its pages sit beside it. */
const BUNDLE_PAGES: PageNames = { index: 'chat.html', page: (n) => `chat-page-${String(n).padStart(3, '0')}.html` };

/** The earliest and latest message, by instant (chats may have been imported with different zones). */
class Span {
  first: { ms: number; time: string } | undefined;
  last: { ms: number; time: string } | undefined;

  add(time: string): void {
    const ms = Date.parse(time);
    if (this.first === undefined || ms < this.first.ms) this.first = { ms, time };
    if (this.last === undefined || ms > this.last.ms) this.last = { ms, time };
  }
}

type AddEntry = (path: string, options: Partial<ZipEntryOptions>, fill: (sink: Sink) => Promise<void> | void) => Promise<ManifestFile>;

/**
 * Streams a zip to `sink` while `build` adds entries one at a time; each entry's bytes are hashed as they
 * pass, so nothing is held whole in memory. A failure anywhere stops both sides and is rethrown.
 */
async function writeZip(sink: Sink, build: (add: AddEntry) => Promise<void>): Promise<void> {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  let entry: PassThrough | undefined;
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    entry?.destroy(error as Error);
    output.destroy(error as Error);
  };
  zip.on('error', fail);
  output.on('error', () => undefined); // reported through `failure`; late errors after a stop are moot
  const pump = (async () => {
    for await (const chunk of output) await sink.write(chunk as Buffer);
  })().catch(fail);
  const add: AddEntry = async (path, options, fill) => {
    const stream = (entry = new PassThrough());
    stream.on('error', () => undefined); // as with `output`: the error is rethrown from `failure`
    zip.addReadStream(stream, path, options);
    const digest = createHash('sha256');
    let size = 0;
    await fill({
      write: async (chunk) => {
        if (failure !== undefined) throw failure.error; // the zip stopped: writing on would wait forever
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        digest.update(bytes);
        size += bytes.length;
        if (!stream.write(bytes)) await once(stream, 'drain');
      },
    });
    stream.end();
    return { path, sha256: digest.digest('hex'), size };
  };
  try {
    await build(add);
    zip.end();
  } catch (error) {
    fail(error);
  }
  await pump;
  if (failure !== undefined) throw failure.error;
}

/** A stored media file, streamed; refused if the archive's copy no longer has the content it is filed under. */
async function addMedia(add: AddEntry, archive: Archive, path: string, sha256: string, name: string): Promise<ManifestFile> {
  const damaged = () =>
    new OpError('io', `the archive's copy of "${name}" (${sha256}) is missing or damaged`, 'Run "wa-archive verify" to check the archive, and restore its media/ folder from a backup.');
  let file: ManifestFile;
  try {
    file = await add(path, MEDIA_ENTRY, async (sink) => {
      for await (const chunk of createReadStream(mediaPath(archive.dir, sha256))) await sink.write(chunk as Buffer);
    });
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? damaged() : error;
  }
  if (file.sha256 !== sha256) throw damaged();
  return file;
}

/** ".jpg" from "IMG-0001.jpg", so a media file opens with the right program; nothing when unusable. */
function extension(name: string): string {
  return /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Control and invisible format characters (direction overrides…), but not the joiner inside emoji. */
const UNSAFE = /(?!\u200D)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|]/gu;
const MAX_FOLDER = 80;

/**
 * A folder name for each chat that is safe on every system (no separators, `..`, control characters,
 * characters or names Windows refuses) and unique ignoring case; a repeat gets " (2)", " (3)", …
 */
export class FolderNames {
  private readonly taken = new Set([MANIFEST_PATH]);

  take(chat: string): string {
    const cleaned = [...chat.normalize('NFC').replace(UNSAFE, '_')].slice(0, MAX_FOLDER).join('');
    // Leading dots would hide the folder; trailing dots and spaces are dropped by Windows.
    let base = cleaned.replace(/^[\s.]+|[\s.]+$/g, '') || 'chat';
    if (RESERVED.test(base)) base = `_${base}`;
    let name = base;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}
