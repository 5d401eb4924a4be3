import { escapeHtml } from './htmlEscape.js';
import type { ExportRecords } from './types.js';

/**
 * The records header: what the export holds and where it comes from, as a list a printed page keeps
 * (chats, selection, first and last message, time zone, count, archive fingerprint, export time, tool).
 */
export function recordsHtml(records: ExportRecords, version: string): string {
  const { archive } = records;
  const rows: Array<[string, string]> = [
    [records.chats.length === 1 ? 'Chat' : 'Chats', records.chats.length === 0 ? 'none' : records.chats.map(escapeHtml).join(', ')],
    ['Selection', escapeHtml(records.selection)],
    ['First message', instant(records.first)],
    ['Last message', instant(records.last)],
    [records.zones.length === 1 ? 'Time zone' : 'Time zones', `${escapeHtml(records.zones.join(', ') || 'none')} (times are the phone's own clock times)`],
    ['Messages', records.messages.toLocaleString('en-US')],
    ['Archive', `${escapeHtml(archive.archiveId)}, fingerprint <code>${escapeHtml(archive.fingerprint)}</code> (audit entry ${archive.entries})`],
    ['Exported', instant(records.exportedAt)],
    ['Tool', `wa-archive ${escapeHtml(version)}`],
  ];
  return `<dl class="records">${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

/** "2024-01-12 09:02:00 +01:00" in a <time>; "none" for no instant. */
function instant(iso: string | null): string {
  if (iso === null) return 'none';
  const shown = iso.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|[+-]\d\d:\d\d)$/, (zone) => ` ${zone === 'Z' ? 'UTC' : zone}`);
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}
