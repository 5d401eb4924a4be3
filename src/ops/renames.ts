import type { Alias } from '../store/aliases.js';
import type { RemainderDecision, RemainderInput, RemainderPair } from '../store/renames.js';
import { identityText } from './identity.js';

/**
 * Which of an import's added messages were in the archive already (store/renames.ts finds the candidates:
 * added messages beside earlier ones of the same minute and kind). An added message is a duplicate of an
 * earlier one with the same identity text when
 * - both are system events (iOS and Android word an event slightly differently, see identity.ts), or
 * - their authors are one person by an alias already known, or
 * - their authors are a rename found now: the export's spelling N and the archive's spelling O pair up
 *   one-to-one (every candidate of N points at O only and every candidate of O comes from N only), the
 *   export has no message by O (a rename changes every message of the export), and the archive had no
 *   message by N (else N is somebody else).
 * Each earlier message stands for one added message at most, so repeats are matched count for count.
 */
export function decideRemainder(input: RemainderInput): RemainderDecision {
  const person = (author: string) => input.aliases.get(author) ?? author;
  const byNew = new Map<number, RemainderPair[]>();
  for (const p of input.pairs) {
    if (identityText(p.kind, p.text) !== identityText(p.kind, p.oldText)) continue;
    const list = byNew.get(p.id);
    if (list === undefined) byNew.set(p.id, [p]);
    else list.push(p);
  }

  // The spellings each new spelling pairs with, and back; a message that could be by either of two
  // earlier authors counts against both pairings.
  const forward = new Map<string, Set<string>>();
  const backward = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, from: string, to: string) => {
    const set = map.get(from);
    if (set === undefined) map.set(from, new Set([to]));
    else set.add(to);
  };
  for (const candidates of byNew.values()) {
    for (const p of candidates) {
      if (p.author === null || p.oldAuthor === null || p.kind === 'system' || person(p.author) === person(p.oldAuthor)) continue;
      link(forward, p.author, p.oldAuthor);
      link(backward, p.oldAuthor, p.author);
    }
  }
  const renamed = new Map<string, string>();
  for (const [n, olds] of forward) {
    if (olds.size !== 1) continue;
    const o = [...olds][0]!;
    if (backward.get(o)!.size !== 1 || input.exportAuthors.has(o) || input.archivedAuthor(n)) continue;
    renamed.set(n, o);
  }

  const same = (p: RemainderPair) =>
    p.kind === 'system' ||
    (p.author !== null && p.oldAuthor !== null && (person(p.author) === person(p.oldAuthor) || renamed.get(p.author) === p.oldAuthor));
  const used = new Set<number>();
  const duplicates: RemainderDecision['duplicates'] = [];
  for (const candidates of byNew.values()) {
    const match = candidates.find((p) => same(p) && !used.has(p.oldId));
    if (match === undefined) continue;
    used.add(match.oldId);
    duplicates.push({ id: match.id, hash: match.hash });
  }

  const aliases: Alias[] = [...renamed].map(([n, o]) =>
    input.newer ? { alias: person(o), author: n } : { alias: n, author: person(o) },
  );
  return { duplicates, aliases };
}
