/** Numbers, counts and sizes, written one way in every human view. */

/**
 * 1234567 → '1,234,567'. Whole numbers without toLocaleString: its first call loads the locale data,
 * measured at 35 ms of a 1M-message `chats` or `stats`.
 */
export function count(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}

/** plural(1, 'chat') → '1 chat'; plural(2, 'entry', 'entries') → '2 entries'. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** A size in bytes for people: '512 B', '3.4 MB', '1.2 GB' (powers of 1000, as file managers show). */
export function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The width tables fit: the terminal's columns when stdout is one, else 80 (files, pipes, cron mail). */
export function outputWidth(stdout: { isTTY?: boolean; columns?: number }): number {
  return stdout.isTTY === true && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : 80;
}

export interface TableOptions {
  /** A bold (or dimmed) first line of column names; none: rows only. */
  header?: readonly string[];
  /** How the header line is styled (e.g. chalk's bold). */
  headerStyle?: (line: string) => string;
  /** Columns of numbers, aligned right and never cut. */
  numeric?: readonly number[];
  /** Characters the table may take in all (outputWidth); 80 when not given. */
  width?: number;
  /** Written before each line (counts toward the width). */
  indent?: string;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Characters a cell shows (colour codes take none). */
function visible(text: string): number {
  return text.replace(ANSI, '').length;
}

/** The text cut to `width` shown characters, its end replaced by `…`; colour codes kept (and closed). */
export function cut(text: string, width: number): string {
  if (visible(text) <= width) return text;
  let out = '';
  let shown = 0;
  let styled = false;
  for (let i = 0; i < text.length && shown < width - 1; ) {
    const code = text.startsWith('\u001b[', i) ? /\u001b\[[0-9;]*m/y.exec(text.slice(i)) : null;
    if (code !== null) {
      out += code[0];
      styled = true;
      i += code[0].length;
    } else {
      out += text[i++];
      shown++;
    }
  }
  return `${out}…${styled ? '\u001b[0m' : ''}`;
}

/**
 * Rows as aligned columns two spaces apart, each line without trailing spaces. When the lines would be
 * wider than `width`, the widest text column is cut to fit (its cells end in `…`), then the next widest,
 * never below 8 characters. Cells may hold colour codes. Every command that prints columns uses this.
 */
export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const { header, numeric = [], indent = '' } = options;
  const all = header === undefined ? rows : [header, ...rows];
  if (all.length === 0) return [];
  const columns = Math.max(...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...all.map((r) => visible(r[i] ?? ''))));
  const limit = (options.width ?? 80) - indent.length;
  const total = () => widths.reduce((n, w) => n + w, 0) + 2 * (columns - 1);
  for (let over = total() - limit; over > 0; over = total() - limit) {
    const texts = widths.map((w, i) => (numeric.includes(i) || w <= 8 ? -1 : w));
    const widest = texts.indexOf(Math.max(...texts));
    if (texts[widest]! < 0) break;
    widths[widest] = Math.max(8, widths[widest]! - over);
  }
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) => {
        const shown = cut(cell, widths[i]!);
        const pad = ' '.repeat(widths[i]! - visible(shown));
        return numeric.includes(i) ? pad + shown : shown + pad;
      })
      .join('  ')
      .trimEnd();
  const lines = rows.map(line);
  if (header === undefined) return lines;
  const head = line(header);
  return [options.headerStyle === undefined ? head : options.headerStyle(head), ...lines];
}
