import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseExport, type ParseOptions } from '../../src/parser/parse.js';
import { ParseError, type ParseErrorCode, type ParsedRecord, type WallTime } from '../../src/parser/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));

/** A fixture's text exactly as on disk (BOM, CRLF and invisible marks included). */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}.txt`, 'utf8');
}

/** [year, month, day, hour, minute, second]: one line per expectation in a table. */
export type Wall = [number | null, number, number, number, number, number | null];

export function wall(t: WallTime): Wall {
  return [t.year, t.month, t.day, t.hour, t.minute, t.second];
}

/** The fields of a record a table row asserts, with the time as a tuple. */
export function summary(r: ParsedRecord) {
  return { time: wall(r.time), author: r.author, kind: r.kind, text: r.text, edited: r.edited, media: r.media.map((m) => m.name) };
}

/** Runs `fn` and returns the ParseError it throws, failing the test if it throws nothing else. */
export function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

export function expectParseError(fn: () => unknown, code: ParseErrorCode): ParseError {
  const error = parseErrorOf(fn);
  expect(error.code).toBe(code);
  return error;
}

/** parseExport with every record read at once, for assertions on the whole list. */
export function parseAll(text: string, options?: ParseOptions) {
  const result = parseExport(text, options);
  return { ...result, records: [...result.records] };
}
