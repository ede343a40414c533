import { InputError } from '../config/diagnostics.js';
import type { StateName } from '../model/policy.js';

/**
 * A lifecycle that keeps changing state while virtual time stands still: the run would never end. The
 * policy is at fault (timed states in a cycle of no length), so this is bad input, exit code 2, reported
 * against the policy's file; `validate` refuses such cycles before any run.
 */
export class LifecycleLoopError extends InputError {
  constructor(
    readonly policy: string,
    readonly file: string,
    readonly subject: string,
    readonly states: readonly StateName[],
    readonly transitions: number,
    readonly at: number,
  ) {
    super([
      {
        file,
        line: 1,
        column: 1,
        severity: 'error',
        message:
          `policy '${policy}': ${subject} changed state ${transitions} times at ${new Date(at).toISOString()} ` +
          `without virtual time passing, through ${states.join(', ')}; its lifecycle loops without end: ` +
          'give the timed states of the loop durations of at least 1 hour (PT1H) in all',
      },
    ]);
    this.name = 'LifecycleLoopError';
  }
}
