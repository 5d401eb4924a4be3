// A witness file: the archive's fingerprint after each successful verify, kept somewhere else (another
// disk, a mailbox). A consistent rewrite of the whole audit chain, or cutting its newest entries, passes
// every local check; it cannot keep an earlier fingerprint a state of the chain. One line per verify:
//   2026-12-05T04:00:00Z <fingerprint> messages=N entries=M
// Blank lines and lines starting with # are left alone (for notes).
import { appendFileSync, readFileSync } from 'node:fs';
import { OpError } from './errors.js';
import type { Problem } from './verify.js';

export interface WitnessLine {
  line: number;
  at: string;
  fingerprint: string;
  entries: number;
}

export interface WitnessCheck {
  file: string;
  /** Fingerprints found in the file, each checked. */
  checked: number;
  /** The line appended after a successful verify; null when verify found a problem (nothing appended). */
  appended: string | null;
}

const LINE = /^(\S+) ([0-9a-f]{64}) messages=\d+ entries=(\d+)$/;

/** The fingerprints in the file; none when it does not exist yet. */
export function readWitness(file: string): { file: string; lines: WitnessLine[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, lines: [] };
    throw new OpError('io', `cannot read the witness file ${file}: ${(error as Error).message}`, 'Check the path, and that you may read it.');
  }
  const lines: WitnessLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = LINE.exec(trimmed);
    if (match === null) {
      throw new OpError('io', `line ${i + 1} of the witness file ${file} is not a fingerprint line`, 'Each line is "TIME FINGERPRINT messages=N entries=M", as verify --witness writes them; fix or remove that line.');
    }
    lines.push({ line: i + 1, at: match[1]!, fingerprint: match[2]!, entries: Number(match[3]) });
  });
  return { file, lines };
}

/** Each fingerprint of the file must be a state of the chain (`states`: hash → seq; `entries`: its length). */
export function checkWitness(witness: { file: string; lines: WitnessLine[] }, states: Map<string, number>, entries: number, problems: Problem[]): WitnessCheck {
  for (const w of witness.lines) {
    if (states.has(w.fingerprint)) continue;
    const what =
      w.entries > entries
        ? `the audit log was cut since then: it ends at entry ${entries}, but held ${w.entries} entries at that time`
        : `the audit log was rewritten since then: entry ${w.entries} is not the one witnessed`;
    problems.push({
      kind: 'witness',
      file: witness.file,
      detail: `fingerprint ${w.fingerprint} (line ${w.line}, ${w.at}) is not a state of the archive's audit chain; ${what}`,
    });
  }
  return { file: witness.file, checked: witness.lines.length, appended: null };
}

/** Appends the fingerprint of a verified state; a new file is readable by its owner only. */
export function appendWitness(file: string, now: Date, fingerprint: string, checked: { messages: number; auditEntries: number }): string {
  const line = `${now.toISOString().replace(/\.\d{3}Z$/, 'Z')} ${fingerprint} messages=${checked.messages} entries=${checked.auditEntries}`;
  try {
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
  } catch (error) {
    throw new OpError('io', `cannot write to the witness file ${file}: ${(error as Error).message}`, 'Check the folder exists and you may write to it.');
  }
  return line;
}
