import { InvalidArgumentError } from 'commander';

/** Parses an option value such as `--limit 20` or `-C 3`. */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

/** Messages of context (`-C N`) at most: more is a mistake, and would read the whole chat for every hit. */
export const MAX_CONTEXT = 1000;

/** Parses `-C N`: a whole number up to MAX_CONTEXT. */
export function contextSize(value: string): number {
  const n = wholeNumber(value);
  if (n > MAX_CONTEXT) throw new InvalidArgumentError(`expected at most ${MAX_CONTEXT.toLocaleString('en-US')} messages of context.`);
  return n;
}
