import { InvalidArgumentError } from 'commander';

/** Parses an option value such as `--limit 20` or `-C 3`. */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}
