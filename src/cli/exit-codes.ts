/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  checksFailed: 1,
  badInput: 2,
  internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A command-line mistake (bad flag value, missing file argument); exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
