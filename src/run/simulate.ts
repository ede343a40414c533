import { readdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type Diagnostic, InputError, strictly } from '../config/diagnostics.js';
import { displayPath } from '../config/display-path.js';
import type { ScenarioRunReport } from '../config/schema/report.js';
import { closest } from '../config/wording.js';
import { readYamlFile, type YamlSource } from '../config/yaml-source.js';
import { checkExpectation } from '../expectations/check.js';
import type { Run } from '../model/bind.js';
import { documentFrom, loadDocument, wrongKind } from '../model/load.js';
import type { Policy } from '../model/policy.js';
import type { Scenario } from '../model/scenario.js';
import type { TraceSink } from '../trace/records.js';
import { type ExecuteOptions, executeRun, type RunNames, type RunOutput } from './execute.js';
import { type PreparedScenario, prepareRuns, tidy } from './prepare.js';
import { runReport } from './report.js';

export interface SimulateOptions extends Omit<ExecuteOptions, 'sinks'> {
  /** Extra trace sinks for each run, e.g. a JSON Lines writer for `--trace`. */
  readonly traceSinks?: (run: Run, names: RunNames) => TraceSink[];
  /** Receives the warnings found in the scenario and its policies (the run goes on). */
  readonly onWarnings?: (warnings: readonly Diagnostic[]) => void;
  /**
   * Called as each run against a policy is done, e.g. to time it (the reports carry no wall time), with
   * the run and its analyses' results for what the report does not carry (coverage).
   */
  readonly onRunDone?: (report: ScenarioRunReport, run: Run, output: RunOutput) => void;
  /** Warnings count as errors: the scenario does not run when any of its files has one (`--strict`). */
  readonly strict?: boolean;
}

/**
 * Loads a scenario file and every policy it names, and resolves the names it uses against each policy.
 * Throws InputError (exit 2) with every problem found in any of the files: a scenario with errors still
 * has the policies it names checked, since their own problems do not depend on it. The file adapter over
 * `prepareRuns`.
 */
export async function prepareScenario(
  file: string,
  options: { seed?: number; strict?: boolean } = {},
): Promise<PreparedScenario> {
  const checked = (list: readonly Diagnostic[]) => (options.strict ? strictly(list) : [...list]);
  const source = await readYamlFile(file);
  const { loaded, diagnostics: found, namedPolicies } = documentFrom(source);
  if (loaded?.kind !== 'Scenario') {
    if (loaded) throw new InputError([wrongKind(file, 'Scenario', loaded.kind)]);
    const named = namedPolicies ? await loadNamedPolicies(source, namedPolicies) : undefined;
    throw new InputError(tidy(checked([...found, ...(named?.diagnostics ?? [])])));
  }
  const scenario = options.seed === undefined ? loaded.scenario : { ...loaded.scenario, seed: options.seed };
  const named = await loadNamedPolicies(source, scenario.policies);
  const { runs, diagnostics: binding } = prepareRuns(scenario, source, named.policies);
  const diagnostics = checked([...found, ...named.diagnostics, ...binding]);
  if (diagnostics.some((d) => d.severity === 'error') || runs.length === 0) {
    throw new InputError(tidy(diagnostics));
  }
  return { scenario, source, runs, warnings: tidy(diagnostics) };
}

/** Loads the policy files a scenario names, with every problem found in them or in naming them. */
async function loadNamedPolicies(
  source: YamlSource,
  named: Scenario['policies'],
): Promise<{ policies: Policy[]; diagnostics: Diagnostic[] }> {
  const file = source.file;
  const diagnostics: Diagnostic[] = [];
  const policies: Policy[] = [];
  for (const ref of named) {
    const { line, column } = source.locate(ref.path);
    const absent = await absentFile(ref.file);
    if (absent !== null) {
      // Pointing into a file that is not there helps nobody: point at the line that names it.
      diagnostics.push({ file, line, column, severity: 'error', message: absent });
      continue;
    }
    const { loaded: policy, diagnostics: found } = await loadDocument(ref.file);
    diagnostics.push(...found);
    if (policy?.kind === 'Policy') {
      policies.push(policy.policy);
    } else if (policy) {
      const message = `${ref.file} is a ${policy.kind}, not a Policy`;
      diagnostics.push({ file, line, column, severity: 'error', message });
    } else if (!found.some((d) => d.severity === 'error')) {
      const message = `cannot load policy ${ref.file}`;
      diagnostics.push({ file, line, column, severity: 'error', message });
    }
  }
  return { policies, diagnostics };
}

/**
 * Why a policy file a scenario names cannot be opened (missing, a folder), with the closest YAML file of
 * its folder as a suggestion; null when it is a file, whose own problems loading it reports.
 */
async function absentFile(path: string): Promise<string | null> {
  const shown = displayPath(path);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (!(info instanceof Error)) {
    return info.isDirectory() ? `policy ${shown} is a folder, not a policy file` : null;
  }
  if (info.code !== 'ENOENT' && info.code !== 'ENOTDIR') return null;
  const siblings = await readdir(dirname(path)).catch(() => [] as string[]);
  const yaml = siblings.filter((f) => /\.ya?ml$/.test(f));
  const guess = closest(basename(path), yaml);
  const hint = guess ? `; did you mean '${guess}'?` : '';
  return `policy file ${shown} does not exist${hint}`;
}

/** Runs a prepared scenario against each of its policies, in memory, and reports each run. */
export async function runPrepared(
  prepared: PreparedScenario,
  options: SimulateOptions = {},
): Promise<ScenarioRunReport[]> {
  const { scenario, source, runs } = prepared;
  const reports: ScenarioRunReport[] = [];
  for (const run of runs) {
    const output = await executeRun(run, {
      ...options,
      sinks: options.traceSinks && ((names) => options.traceSinks!(run, names)),
    });
    const expectations = scenario.expectations.flatMap((x) => {
      const { line, column } = source.locate(x.path);
      const where = `${displayPath(scenario.file)}:${line}:${column}`;
      const r = checkExpectation(x, run, output.results, where);
      return r ? [r] : [];
    });
    const report = runReport(run, output, expectations);
    options.onRunDone?.(report, run, output);
    reports.push(report);
  }
  return reports;
}

/**
 * Replays a scenario file against each of its policies and reports the figures and expectation results.
 * Throws InputError (exit 2) with every problem found in any of the files.
 */
export async function simulateScenario(
  file: string,
  options: SimulateOptions = {},
): Promise<ScenarioRunReport[]> {
  const prepared = await prepareScenario(file, options);
  if (prepared.warnings.length > 0) options.onWarnings?.(prepared.warnings);
  return runPrepared(prepared, options);
}
