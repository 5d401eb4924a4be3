import { describe, expect, test } from 'vitest';
import { decideRemainder, remainderCandidates } from '../../src/ops/renames.js';
import type { MinuteRow, RemainderInput } from '../../src/store/renames.js';

let nextId = 1;
const row = (author: string | null, text: string, minute = '202401130900', kind = author === null ? 'system' : 'message'): MinuteRow => ({
  id: nextId++, hash: `h${nextId}`, author, kind, text, minute,
});

function decide(earlier: MinuteRow[], added: MinuteRow[], more: Partial<RemainderInput> = {}) {
  return decideRemainder({
    candidates: remainderCandidates(added, earlier),
    aliases: new Map(),
    exportAuthors: new Set(added.map((r) => r.author)),
    archivedAuthor: (a) => earlier.some((r) => r.author === a),
    newer: true,
    ...more,
  });
}

describe('which added messages were archived already', () => {
  test('a rename: one-to-one, the older spelling absent from the export', () => {
    const earlier = [row('+44 7700 900123', 'hi'), row('Shop', 'hello', '202401130901'), row('+44 7700 900123', 'order 7', '202401130902')];
    const added = [row('Dana Lee', 'hi'), row('Dana Lee', 'order 7', '202401130902'), row('Dana Lee', 'new', '202401130902')];
    const result = decide(earlier, added);
    expect(result.duplicates.map((d) => d.id)).toEqual([added[0]!.id, added[1]!.id]);
    expect(result.aliases).toEqual([{ alias: '+44 7700 900123', author: 'Dana Lee' }]);
    // An older export imported after the newer one: the archive's spelling names the person.
    expect(decide(earlier, added, { newer: false }).aliases).toEqual([{ alias: 'Dana Lee', author: '+44 7700 900123' }]);
  });

  test('repeats are matched count for count', () => {
    const earlier = [row('Ann', 'ok'), row('Ann', 'ok')];
    const added = [row('Anna B', 'ok'), row('Anna B', 'ok'), row('Anna B', 'ok')];
    expect(decide(earlier, added).duplicates).toHaveLength(2);
  });

  test('a known alias needs no new evidence, and is not recorded again', () => {
    const earlier = [row('+1 555 0100', 'hi'), row('Sam', 'later', '202401130905')];
    const added = [row('Sam', 'hi')];
    // Sam wrote in the archive already (after the rename), so only the alias makes this a duplicate.
    expect(decide(earlier, added).duplicates).toEqual([]);
    const known = decide(earlier, added, { aliases: new Map([['+1 555 0100', 'Sam']]) });
    expect(known).toEqual({ duplicates: [{ id: added[0]!.id, hash: added[0]!.hash }], aliases: [] });
  });

  test('not a rename: two archived spellings for one new one, or the old spelling still in the export', () => {
    const earlier = [row('A', 'ok'), row('B', 'ok', '202401130901')];
    const added = [row('C', 'ok'), row('C', 'ok', '202401130901')];
    expect(decide(earlier, added)).toEqual({ duplicates: [], aliases: [] });
    const still = decide([row('A', 'yes')], [row('C', 'yes')], { exportAuthors: new Set(['A', 'C']) });
    expect(still).toEqual({ duplicates: [], aliases: [] });
  });

  test('system events match by their words whatever identity an older version stored, and different events stay apart', () => {
    const earlier = [row(null, '\u200EPriya Shah created group \u201COrders\u201D'), row(null, 'Priya Shah added Ravi')];
    const added = [row(null, 'Priya Shah created group "Orders"'), row(null, 'Priya Shah added Tom')];
    expect(decide(earlier, added).duplicates.map((d) => d.id)).toEqual([added[0]!.id]);
  });
});
