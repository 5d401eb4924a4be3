// From resolved query clauses to what the store runs: one FTS5 MATCH expression for everything the
// index can answer, and row conditions (substrings, attachment names, exclusions without a positive
// word) for the rest.
//
// Every word goes into the expression as an FTS5 string ("…", inner quotes doubled), which FTS5
// tokenizes itself; the only syntax in the expression is what this file writes (AND, OR, NOT,
// parentheses, *). So no query can produce an FTS5 syntax error.

/**
 * One way a clause can be satisfied: an indexed word or phrase (`tokens` as the index folds it), a
 * substring of the message text, or a part of an attachment's file name.
 */
export type Alternative = { fts: string; prefix: boolean; tokens: readonly string[] } | { contains: string } | { attachment: string };

export interface ResolvedClause {
  negated: boolean;
  alternatives: Alternative[];
}

/** A condition on each message that the MATCH expression cannot express. */
export interface RowCondition {
  /** true: the message must satisfy it; false: it must not. */
  required: boolean;
  /** Satisfied when the text contains any of these… */
  contains: string[];
  /** …or an attachment's file name contains one of these (case-insensitive)… */
  attachments: string[];
  /** …or the message matches this FTS5 expression. */
  match: string | null;
}

export interface MatchPlan {
  /** The FTS5 expression every result matches, or null when no indexed word is required. */
  match: string | null;
  conditions: RowCondition[];
}

/** An FTS5 string of `text`: inner quotes doubled, and NUL (which would end the expression early) as a space. */
export function quoteFts(text: string): string {
  return `"${text.replace(/"/g, '""').replace(/\0/g, ' ')}"`;
}

/**
 * Whether an expression written here may hold a prefix term ("kitch"*): FTS5 merges the lists of all its
 * terms whole for each read, even of a range of ids. Only `"*` marks one ("a""*b" is a word: true, needlessly).
 */
export function mayHavePrefix(match: string): boolean {
  return match.includes('"*');
}

function ftsAlternatives(alternatives: Alternative[]): string | null {
  const parts = alternatives.flatMap((a) => ('fts' in a ? [quoteFts(a.fts) + (a.prefix ? '*' : '')] : []));
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

export function planMatch(clauses: readonly ResolvedClause[]): MatchPlan {
  const positive: string[] = [];
  const negative: string[] = [];
  const conditions: RowCondition[] = [];
  for (const clause of clauses) {
    const fts = ftsAlternatives(clause.alternatives);
    const contains = clause.alternatives.flatMap((a) => ('contains' in a ? [a.contains] : []));
    const attachments = clause.alternatives.flatMap((a) => ('attachment' in a ? [a.attachment] : []));
    if (contains.length === 0 && attachments.length === 0 && fts !== null) (clause.negated ? negative : positive).push(fts);
    else conditions.push({ required: !clause.negated, contains, attachments, match: fts });
  }
  if (positive.length === 0) {
    // FTS5 cannot run a query of only NOTs: exclusions become row conditions.
    for (const fts of negative) conditions.push({ required: false, contains: [], attachments: [], match: fts });
    return { match: null, conditions };
  }
  let match = positive.join(' AND ');
  if (negative.length > 0) match = `(${match})${negative.map((n) => ` NOT ${n}`).join('')}`;
  return { match, conditions };
}
