// Android exports of one message a minute from 2024-01-13 09:00, for tests of later exports of a chat
// (test/ops/heldDays.test.ts, test/ops/knownStart.test.ts).

export interface Line {
  minute: number;
  author: string;
  text: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Message i is at minute i: local days 13 (i < 900), 14 (< 2340), 15 (< 3780), 16 (< 5220), 17 (< 6660), 18. */
export const message = (i: number): Line => ({ minute: i, author: i % 3 === 0 ? 'Priya Shah' : 'Tom Becker', text: `message number ${i}` });

export const range = (from: number, to: number): Line[] => Array.from({ length: to - from }, (_, k) => message(from + k));

/** The export's text: each line at its minute. */
export function exportText(lines: readonly Line[]): string {
  const text = lines.map(({ minute, author, text }) => {
    const t = new Date(Date.UTC(2024, 0, 13, 9, minute));
    return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} - ${author}: ${text}`;
  });
  return `${text.join('\n')}\n`;
}
