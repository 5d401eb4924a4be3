/** Numbers, counts and sizes, written one way in every human view. */

/** 1234567 → '1,234,567'. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
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
