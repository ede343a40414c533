import type { RunCoverage } from '../../../analysis/coverage.js';
import { type Diagnostic, InputError } from '../../../config/diagnostics.js';
import type { ScenarioRunReport } from '../../../config/schema/report.js';
import { runCoverage } from '../../../run/coverage.js';
import { simulateScenario } from '../../../run/simulate.js';

/**
 * What running one scenario file gave, as plain data so that a worker thread can post it back: the
 * reports, or the problems that made the file unusable, or the unexpected error that stopped it. Warnings
 * travel with it, to be printed in file order.
 */
export type FileOutcome =
  | {
      readonly kind: 'ran';
      readonly warnings: Diagnostic[];
      readonly runs: ScenarioRunReport[];
      /** Wall time of each run, in seconds: for JUnit, never in the JSON report. */
      readonly seconds: number[];
      /** What each run covered, with `--coverage`; empty without. */
      readonly coverage: RunCoverage[];
    }
  | {
      readonly kind: 'invalid';
      readonly file: string;
      readonly warnings: Diagnostic[];
      readonly problems: readonly Diagnostic[];
    }
  | { readonly kind: 'crashed'; readonly warnings: Diagnostic[]; readonly error: CrashReport };

/** An unexpected error, reduced to what the CLI prints of it (an Error's class does not cross threads). */
export interface CrashReport {
  readonly message: string;
  readonly stack: string | undefined;
}

/** How a file is run, the same on every thread. */
export interface FileJob {
  readonly file: string;
  /** `--strict`: warnings count as errors. */
  readonly strict: boolean;
  /** `--coverage`: each run's coverage comes back with its report. */
  readonly coverage: boolean;
}

/** Runs one scenario file; never throws, so that every file, on any thread, ends in an outcome. */
export async function runScenarioFile({ file, strict, coverage }: FileJob): Promise<FileOutcome> {
  const warnings: Diagnostic[] = [];
  const seconds: number[] = [];
  const covered: RunCoverage[] = [];
  let since = performance.now();
  const onRunDone: NonNullable<Parameters<typeof simulateScenario>[1]>['onRunDone'] = (_, run, output) => {
    const now = performance.now();
    seconds.push((now - since) / 1000);
    if (coverage) covered.push(runCoverage(run, output));
    since = now;
  };
  try {
    const runs = await simulateScenario(file, {
      onWarnings: (found) => warnings.push(...found),
      onRunDone,
      strict,
    });
    return { kind: 'ran', warnings, runs, seconds, coverage: covered };
  } catch (error) {
    if (error instanceof InputError) return { kind: 'invalid', file, warnings, problems: error.diagnostics };
    return { kind: 'crashed', warnings, error: crashReport(error) };
  }
}

export function crashReport(error: unknown): CrashReport {
  return error instanceof Error
    ? { message: error.message, stack: error.stack }
    : { message: String(error), stack: undefined };
}

/** The error to throw for a crashed file: the CLI reports it as an internal error, as if thrown here. */
export function crashError(report: CrashReport): Error {
  const error = new Error(report.message);
  if (report.stack !== undefined) error.stack = report.stack;
  return error;
}
