export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  verifyProblem: 3,
  busy: 75,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
