import { describe, expect, test } from 'vitest';
import { matchName, nameChoices } from '../../src/ops/names.js';

const CHATS = ['Mrs Okafor', 'Okafor Plumbing', 'Priya Shah', 'Priya Sharma', 'Café Léa', '~ Dana Lee', 'Studio 54'];

describe('matchName: names the way people type them', () => {
  test.each([
    ['Priya Shah', 'Priya Shah', 'exact'],
    ['priya shah', 'Priya Shah', 'ignoring case'],
    ['CAFE LEA', 'Café Léa', 'ignoring case and accents'],
    ['plumb', 'Okafor Plumbing', 'the only one with a word starting so'],
    ['dana', '~ Dana Lee', 'the "~ " of an unsaved contact is not part of the name'],
    ['io 5', 'Studio 54', 'the only one containing it'],
  ])('%s → %s (%s)', (typed, name) => {
    expect(matchName(CHATS, typed)).toEqual({ kind: 'match', name });
  });

  test('several matches at the first step that finds any are ambiguous, listed', () => {
    expect(matchName(CHATS, 'okafor')).toEqual({ kind: 'ambiguous', names: ['Mrs Okafor', 'Okafor Plumbing'] });
    expect(matchName(CHATS, 'priya sh')).toEqual({ kind: 'ambiguous', names: ['Priya Shah', 'Priya Sharma'] });
  });

  test('an exact word start wins over a part of a word', () => {
    expect(matchName(['Anna', 'Hanna Berg'], 'ann')).toEqual({ kind: 'match', name: 'Anna' });
  });

  test('unknown names list the closest few by edit distance, not the first alphabetically', () => {
    const many = ['Aaron', 'Abby', 'Adam', 'Alba', 'Alex', 'Amir', 'Zofia Nowak'];
    expect(matchName(many, 'Zofia Nowk')).toEqual({ kind: 'unknown', closest: ['Zofia Nowak', 'Aaron', 'Abby', 'Adam', 'Alba'] });
    const typo = matchName(CHATS, 'Pryia Shah');
    expect(typo.kind === 'unknown' && typo.closest.slice(0, 2)).toEqual(['Priya Shah', 'Priya Sharma']);
  });

  test('the hint quotes the choices', () => {
    expect(nameChoices({ kind: 'ambiguous', names: ['A', 'B'] }, 'wa-archive chats')).toBe('It could be: "A", "B". "wa-archive chats" lists them all.');
    expect(nameChoices({ kind: 'unknown', closest: [] }, 'wa-archive chats')).toBe('The archive has no chats yet.');
  });
});
