// The word of a run's arguments that names its command: read before commander parses them, by the entry
// (src/cli/bin.ts: which code cache to use) and by the program (src/cli/run.ts: which command to register).

/**
 * The first argument that is neither an option nor the value of `--archive` (the one global option that
 * takes a separate value), or undefined. Commander reads the arguments for real: this only guesses which
 * command they are for.
 */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--archive') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
