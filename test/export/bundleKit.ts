import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { cli, ROOT, type CliRun } from '../helpers/cli.js';

/** The clock of every bundle test, so createdAt and audit times are fixed. */
export const NOW = '2026-01-31T12:00:00Z';
export const ENV = { WA_ARCHIVE_NOW: NOW };
export const PHOTO = join(ROOT, 'fixtures/source/ios-export/00000003-PHOTO-2024-03-14-09-05-44.jpg');

/** An archive in `dir` with two chats: "Priya Shah" (the sample, 18 messages) and "Orders" (4 messages, one photo). */
export async function makeArchive(dir: string): Promise<string> {
  const archive = join(dir, 'archive');
  await cli(['--archive', archive, '-q', 'import', join(ROOT, 'fixtures/sample/WhatsApp Chat with Priya Shah.txt'), '--tz', 'Europe/London'], { env: ENV });
  await cli(['--archive', archive, '-q', 'import', join(ROOT, 'fixtures/source/ios-export'), '--chat', 'Orders', '--tz', 'Europe/London'], { env: ENV });
  return archive;
}

export function exportBundle(archive: string, out: string, ...selection: string[]): Promise<CliRun> {
  return cli(['--archive', archive, '-q', 'export', '--format', 'bundle', '--out', out, ...selection], { env: ENV });
}

/** Every file entry of a zip by name. */
export function zipFiles(file: string): Map<string, Buffer> {
  const zip = new AdmZip(readFileSync(file));
  return new Map(zip.getEntries().filter((e) => !e.isDirectory).map((e) => [e.entryName, e.getData()]));
}

/** Rewrites a zip after `change` (adm-zip keeps the other entries as they are). */
export function rezip(file: string, change: (zip: AdmZip) => void): void {
  const zip = new AdmZip(readFileSync(file));
  change(zip);
  writeFileSync(file, zip.toBuffer());
}
