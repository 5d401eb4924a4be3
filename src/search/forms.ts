// Singular and plural: the other English forms of a word (invoice ↔ invoices, party ↔ parties,
// box ↔ boxes), as candidates; search keeps only those the archive's vocabulary holds (search/plan.ts),
// so a rule that misfires on an irregular word adds nothing unless the odd form is really there.
// Only words of plain Latin letters (as the index folds them: café is cafe) of three letters or more.

const PLAIN = /^[a-z]{3,}$/;
/** Endings that take -es in the plural (bus → buses, box → boxes, dish → dishes). */
const SIBILANT = /(s|x|z|ch|sh)$/;
/**
 * Words of everyday chat whose final s makes no plural of the word before it: "news" is not more than
 * one "new", nor "yours" of "your". Neither finds the other.
 */
const NOT_PLURALS = new Set(['news', 'ours', 'yours', 'hers', 'theirs']);

/** The other number's forms of a folded word: its plural for a singular, its singular for a plural. */
export function otherForms(word: string): string[] {
  if (!PLAIN.test(word) || NOT_PLURALS.has(word) || NOT_PLURALS.has(`${word}s`)) return [];
  if (word.endsWith('ies') && word.length >= 5) return [`${word.slice(0, -3)}y`];
  if (word.endsWith('es') && SIBILANT.test(word.slice(0, -2)) && word.length >= 5) return [word.slice(0, -2), word.slice(0, -1)];
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.length >= 4 ? [word.slice(0, -1)] : [];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`];
  if (SIBILANT.test(word)) return [`${word}es`];
  return [`${word}s`];
}
