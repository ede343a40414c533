import { diffRuns, type ScenarioDiff } from '../analysis/policy-diff.js';
import { type Diagnostic, InputError } from '../config/diagnostics.js';
import { displayPath } from '../config/display-path.js';
import { loadPolicy } from '../model/load.js';
import { sameFile } from '../report/output-file.js';
import { prepareRuns, tidy } from './prepare.js';
import { prepareScenario, runPrepared } from './simulate.js';

/** `licensim diff OLD NEW --scenarios DIR`: what replacing a policy changes in the scenarios that use it. */
export interface PolicyDiffReport {
  readonly old: { readonly policy: string; readonly file: string };
  readonly new: { readonly policy: string; readonly file: string };
  /** Every scenario that runs OLD, in file order. */
  readonly scenarios: ScenarioDiff[];
  /** Scenario files that do not run OLD, left as they are. */
  readonly unaffected: string[];
  /** Expectations that passed under OLD and fail under NEW, and the other way round. */
  readonly broken: number;
  readonly fixed: number;
}

/**
 * Replays every scenario that runs the policy in `oldFile` twice: as it is, and with the policy in
 * `newFile` in its place (under the old name, so that expectations naming the policy still apply), and
 * compares the two reports. Scenarios are loaded with every policy they name, so a file in error stops
 * the diff with its located problems (InputError, exit 2).
 */
export async function diffPolicies(
  oldFile: string,
  newFile: string,
  scenarioFiles: readonly string[],
  options: {
    readonly strict?: boolean;
    readonly onWarnings?: (warnings: readonly Diagnostic[]) => void;
  } = {},
): Promise<PolicyDiffReport> {
  const { policy: oldPolicy } = await loadPolicy(oldFile);
  const { policy: newPolicy, warnings } = await loadPolicy(newFile);
  if (warnings.length > 0) options.onWarnings?.(warnings);
  const scenarios: ScenarioDiff[] = [];
  const unaffected: string[] = [];
  for (const file of scenarioFiles) {
    const prepared = await prepareScenario(file, { strict: options.strict });
    const index = prepared.runs.findIndex((run) => sameFile(run.policy.file, oldFile));
    if (index < 0) {
      unaffected.push(displayPath(file));
      continue;
    }
    // Only the scenarios replayed: the warnings of the others are not this comparison's business.
    if (prepared.warnings.length > 0) options.onWarnings?.(prepared.warnings);
    const oldRun = prepared.runs[index]!;
    const substitute = { ...newPolicy, name: oldRun.policy.name };
    const bound = prepareRuns(prepared.scenario, prepared.source, [substitute]);
    const errors = bound.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new InputError(tidy(errors));
    const [before] = await runPrepared({ ...prepared, runs: [oldRun] });
    const [after] = await runPrepared({ ...prepared, runs: bound.runs });
    scenarios.push(diffRuns(before!, after!));
  }
  const flips = scenarios.flatMap((s) => s.expectations.flipped);
  return {
    old: { policy: oldPolicy.name, file: displayPath(oldFile) },
    new: { policy: newPolicy.name, file: displayPath(newFile) },
    scenarios,
    unaffected,
    broken: flips.filter((f) => f.old.passed).length,
    fixed: flips.filter((f) => f.new.passed).length,
  };
}
