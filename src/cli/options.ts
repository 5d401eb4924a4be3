import { InvalidArgumentError, Option } from 'commander';
import { count } from './format.js';

/** Parses an option value such as `--limit 20` or `-C 3`. */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}

/** A message id as search prints it (#17) or as --json gives it (17). */
export function messageId(value: string): number {
  const m = /^#?(\d+)$/.exec(value.trim());
  if (m === null) throw new InvalidArgumentError('expected a message id such as 17 or #17.');
  return Number(m[1]);
}

/** How every --chat takes a chat's name (ops/chats.ts requireChat). */
const CHAT_NAME = 'its name as "wa-archive chats" lists it, or a unique part of it';

/** --chat NAME for a command about one chat; `what` says what the chat is for. */
export function chatOption(what = 'only this chat'): Option {
  return new Option('--chat <name>', `${what}: ${CHAT_NAME}`);
}

/** --chat NAME, repeatable: the chats in the order given. */
export function chatsOption(): Option {
  return new Option('--chat <name>', `only this chat, repeat for several: ${CHAT_NAME}`).argParser(
    (name: string, names: string[] | undefined) => [...(names ?? []), name],
  );
}

/** --since DATE, one wording for every command that selects by date. */
export function sinceOption(): Option {
  return new Option('--since <date>', 'from this local date: YYYY-MM-DD, "YYYY-MM-DD HH:MM", or a time ago (7d, 2w, 3m, 1y)');
}

/** --until DATE, one wording for every command that selects by date. */
export function untilOption(): Option {
  return new Option('--until <date>', 'up to and including this local date (same forms as --since)');
}

/** Messages of context (`-C N`) at most: more is a mistake, and would read the whole chat for every hit. */
const MAX_CONTEXT = 1000;

/** Parses `-C N`: a whole number up to MAX_CONTEXT. */
export function contextSize(value: string): number {
  const n = wholeNumber(value);
  if (n > MAX_CONTEXT) throw new InvalidArgumentError(`expected at most ${count(MAX_CONTEXT)} messages of context.`);
  return n;
}

/** Parses `--year 2013`: a four-digit year. */
export function yearNumber(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a four-digit year, such as 2013.');
  return Number(value);
}
