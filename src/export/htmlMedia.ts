import { formatBytes } from '../source/bytes.js';
import type { MediaView } from '../store/messages.js';
import { escapeHtml } from './htmlEscape.js';
import type { WriterEnv } from './types.js';

/** Stored images up to this size are embedded in the page; larger ones are listed like other files. */
export const EMBED_LIMIT = 5 * 1024 * 1024;

/**
 * One attachment as HTML: a JPEG, PNG, GIF or WebP image (known by its bytes, not its name) up to
 * EMBED_LIMIT inline as a `data:` URI; any other file as its name, type and size; a file the export
 * left out, or one the archive does not have, marked as such. In a bundle a stored file also links to
 * its copy in the bundle's media/ folder.
 */
export function mediaHtml(media: MediaView, env: WriterEnv): string {
  if (media.name === null) return '<div class="file omitted">Media not exported: WhatsApp left this file out of the export</div>';
  const name = escapeHtml(media.name);
  if (media.sha256 === null) return missing(name, 'the export names this file but did not include it');
  if (media.size === null) return missing(name, 'not in the archive');
  const size = formatBytes(media.size);
  const link = env.mediaHref === undefined ? '' : ` · ${fileLink(env.mediaHref({ sha256: media.sha256, name: media.name }))}`;
  if (media.size > EMBED_LIMIT) return file(name, `${fileType(media.name)} · ${size} · too large to show here (over ${formatBytes(EMBED_LIMIT)})`, link);
  const bytes = env.readMedia(media.sha256);
  if (bytes === undefined) return missing(name, 'not in the archive');
  const type = imageType(bytes);
  if (type === undefined) return file(name, `${fileType(media.name)} · ${size}`, link);
  const uri = `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
  return `<figure><img src="${uri}" alt="${name}"><figcaption>${name} · ${size}${link}</figcaption></figure>`;
}

/** A link to a file of the bundle, showing its path (so that a printed page still names it). */
function fileLink(href: string): string {
  return `<a class="open" href="${escapeHtml(encodeURI(href))}">${escapeHtml(href)}</a>`;
}

function file(name: string, details: string, link: string): string {
  return `<div class="file"><span class="name">${name}</span><br>${escapeHtml(details)}${link}</div>`;
}

function missing(name: string, why: string): string {
  return `<div class="file missing">Missing: <span class="name">${name}</span><br>${why}</div>`;
}

/** "PDF file" from report.pdf; "file" when the name has no usable extension. */
function fileType(name: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return ext === null ? 'file' : `${ext[1]!.toUpperCase()} file`;
}

/** The image type that the bytes themselves declare, for the formats every browser shows. */
function imageType(bytes: Uint8Array): string | undefined {
  const at = (offset: number, signature: readonly number[] | string) =>
    [...signature].every((s, i) => bytes[offset + i] === (typeof s === 'string' ? s.charCodeAt(0) : s));
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'image/gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  return undefined;
}
