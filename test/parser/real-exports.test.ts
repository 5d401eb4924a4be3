/** Shapes of real exports that must read right (issue 11), each on Android and iPhone where both apply. */
import { describe, expect, it } from 'vitest';
import { parseAll } from './helpers.js';

const LRM = '\u200E';
const RLM = '\u200F';
const LRE = '\u202A';
const PDF = '\u202C';
const NNBSP = '\u202F';

const ANDROID = '14/03/2024, 09:05 - ';
const IOS = '[14/03/2024, 09:05:41] ';
const first = (...lines: string[]) => parseAll(lines.join('\n')).records[0]!;

describe('1. authors with any characters stay authors', () => {
  it.each([
    ['Sam "Boss" Lee', 'Sam "Boss" Lee'],
    ['Sam \u201CBoss\u201D Lee', 'Sam \u201CBoss\u201D Lee'],
    ['Jo\u00E3o \u00ABJ\u00F4\u00BB Silva', 'Jo\u00E3o \u00ABJ\u00F4\u00BB Silva'],
    ["Conor O'Brien", "Conor O'Brien"],
    ['Dr. A. Smith Jr.', 'Dr. A. Smith Jr.'],
    ['Ana (work) [old]', 'Ana (work) [old]'],
    ['\u{1F60E} "Mac" \u{1F60E}', '\u{1F60E} "Mac" \u{1F60E}'],
    [`~${NNBSP}"Lee"`, '"Lee"'],
    [`${LRE}+1 555 010 2030${PDF}`, '+1 555 010 2030'],
    [`${LRM}+44 7700 900123${LRM}`, '+44 7700 900123'],
  ])('%s', (raw, author) => {
    for (const header of [ANDROID, IOS]) {
      const r = first(`${header}${raw}: hello there`);
      expect(r).toMatchObject({ author, kind: 'message', text: 'hello there' });
    }
  });

  it('a system text cut at a ": " inside its quotes still has no author', () => {
    const r = first(`${ANDROID}You changed the subject from "Boss: A" to "B"`);
    expect(r).toMatchObject({ author: null, kind: 'system' });
  });
});
