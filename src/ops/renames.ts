import type { Alias } from '../store/aliases.js';
import { sameWords, type Candidates, type MinuteRow, type RemainderDecision, type RemainderInput, type RemainderRule } from '../store/renames.js';

/**
 * Which of an import's added messages were in the archive already (store/renames.ts reads the added
 * messages inside the chat's earlier minutes and the earlier messages of those minutes). An added message
 * is a duplicate of an earlier one of the same minute, kind and identity text when
 * - both are system events (iOS and Android word an event slightly differently, see identity.ts), or
 * - their authors are one person by an alias already known, or
 * - their authors are a rename found now: the export's spelling N and the archive's spelling O pair up
 *   one-to-one (every candidate of N points at O only and every candidate of O comes from N only), the
 *   export has no message by O (a rename changes every message of the export), and the archive had no
 *   message by N (else N is somebody else).
 * Each earlier message stands for one added message at most, so repeats are matched count for count.
 */
export const remainderRule: RemainderRule = { candidates: remainderCandidates, decide: decideRemainder };

/**
 * Per added message, the earlier ones of its minute it could repeat: the same kind and words, and an event
 * or a message by another spelling. The added messages come a part at a time (store/renames.ts
 * remainderRows), each with the earlier messages of its minutes: a minute's are all in every part that
 * needs them.
 */
export function remainderCandidates(added: readonly MinuteRow[], earlierRows: readonly MinuteRow[]): Candidates {
  const earlier = new Map<string, MinuteRow[]>();
  for (const r of earlierRows) {
    const k = sameWords(r);
    const list = earlier.get(k);
    if (list === undefined) earlier.set(k, [r]);
    else list.push(r);
  }
  const candidates: Candidates = new Map();
  for (const n of added) {
    const olds = (earlier.get(sameWords(n)) ?? []).filter((o) => n.kind === 'system' || (n.author !== null && o.author !== null && n.author !== o.author));
    if (olds.length > 0) candidates.set(n, olds);
  }
  return candidates;
}

export function decideRemainder(input: RemainderInput): RemainderDecision {
  const { candidates } = input;
  const person = (author: string) => input.aliases.get(author) ?? author;
  // The spellings each new spelling pairs with, and back; a message that could be by either of two
  // earlier authors counts against both pairings.
  const forward = new Map<string, Set<string>>();
  const backward = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, from: string, to: string) => {
    const set = map.get(from);
    if (set === undefined) map.set(from, new Set([to]));
    else set.add(to);
  };
  for (const [n, olds] of candidates) {
    for (const o of olds) {
      if (n.kind === 'system' || person(n.author!) === person(o.author!)) continue;
      link(forward, n.author!, o.author!);
      link(backward, o.author!, n.author!);
    }
  }
  const renamed = new Map<string, string>();
  for (const [n, olds] of forward) {
    if (olds.size !== 1) continue;
    const o = [...olds][0]!;
    if (backward.get(o)!.size !== 1 || input.exportAuthors.has(o) || input.archivedAuthor(n)) continue;
    renamed.set(n, o);
  }

  const same = (n: MinuteRow, o: MinuteRow) =>
    n.kind === 'system' || person(n.author!) === person(o.author!) || renamed.get(n.author!) === o.author;
  const used = new Set<number>();
  const duplicates: RemainderDecision['duplicates'] = [];
  for (const [n, olds] of candidates) {
    const match = olds.find((o) => !used.has(o.id) && same(n, o));
    if (match === undefined) continue;
    used.add(match.id);
    duplicates.push({ id: n.id, hash: n.hash });
  }

  const aliases: Alias[] = [...renamed].map(([n, o]) =>
    input.newer ? { alias: person(o), author: n } : { alias: n, author: person(o) },
  );
  return { duplicates, aliases };
}
