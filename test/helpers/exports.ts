import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pad = (n: number) => String(n).padStart(2, '0');

export interface GeneratedMessage {
  author: string;
  text: string;
}

/**
 * An Android export (DD/MM/YYYY, HH:MM - Author: text) of `count` messages, one a minute from
 * 2024-01-13 09:00 (day > 12, so the order is decidable) (or from `startMinute` minutes after it), so that ranges of it overlap exactly.
 */
export function androidExport(count: number, startMinute = 0, message = (i: number): GeneratedMessage => ({ author: i % 3 === 0 ? 'Priya Shah' : 'Tom Becker', text: `message number ${i}` })): string {
  const lines: string[] = [];
  for (let i = startMinute; i < startMinute + count; i++) {
    const t = new Date(Date.UTC(2024, 0, 13, 9, i));
    const { author, text } = message(i);
    lines.push(`${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} - ${author}: ${text}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeExport(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
