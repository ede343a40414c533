import { relative } from 'node:path';
import { type Diagnostic, InputError, sortDiagnostics } from '../config/diagnostics.js';
import type { Report, ScenarioRunReport } from '../config/schema/report.js';
import { unknownName } from '../config/wording.js';
import type { YamlSource } from '../config/yaml-source.js';
import { bindRun, type Run } from '../model/bind.js';
import { loadDocument, loadScenario } from '../model/load.js';
import type { Policy } from '../model/policy.js';
import type { Scenario } from '../model/scenario.js';
import { formatInstant } from '../model/time.js';
import { admissionRules } from '../rules/rule-sets.js';
import { Simulation } from '../sim/simulation.js';
import { TraceFanout, type TraceSink } from '../trace/records.js';
import { checkExpectation } from './expectations.js';
import { RunMetrics } from './run-metrics.js';

/** Names of a run's users, nodes, sites and pools by index, for trace writers. */
export type RunNames = Simulation['names'];

export interface SimulateOptions {
  /** Extra trace sinks for each run, e.g. a JSON Lines writer for `--trace`. */
  readonly traceSinks?: (run: Run, names: RunNames) => TraceSink[];
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Receives the warnings found in the scenario and its policies (the run goes on). */
  readonly onWarnings?: (warnings: readonly Diagnostic[]) => void;
}

/** A scenario with its policies loaded and its names resolved: ready to run, or to report as valid. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly source: YamlSource;
  readonly runs: readonly Run[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * Loads a scenario and every policy it names, and resolves the names it uses against each policy.
 * Throws InputError (exit 2) with every problem found in any of the files.
 */
export async function prepareScenario(
  file: string,
  options: { seed?: number } = {},
): Promise<PreparedScenario> {
  const { scenario: loaded, source, warnings } = await loadScenario(file);
  const scenario = options.seed === undefined ? loaded : { ...loaded, seed: options.seed };
  const diagnostics: Diagnostic[] = [...warnings];
  const policies: Policy[] = [];
  for (const ref of scenario.policies) {
    const { loaded: policy, diagnostics: found } = await loadDocument(ref.file);
    diagnostics.push(...found);
    const { line, column } = source.locate(ref.path);
    if (policy?.kind === 'Policy') {
      policies.push(policy.policy);
    } else if (policy) {
      diagnostics.push({
        file,
        line,
        column,
        severity: 'error',
        message: `${ref.file} is a ${policy.kind}, not a Policy`,
      });
    } else if (!found.some((d) => d.severity === 'error')) {
      diagnostics.push({ file, line, column, severity: 'error', message: `cannot load policy ${ref.file}` });
    }
  }
  const runs = policies.map((policy) => {
    const bound = bindRun(scenario, policy, source);
    diagnostics.push(...bound.diagnostics);
    return bound.run;
  });
  if (policies.length === scenario.policies.length)
    diagnostics.push(
      ...unknownPolicyNames(scenario, policies, source),
      ...unknownRuleNames(scenario, policies, source),
    );
  if (diagnostics.some((d) => d.severity === 'error') || runs.length === 0) {
    throw new InputError(sortDiagnostics(dedupe(diagnostics)));
  }
  return { scenario, source, runs, warnings: sortDiagnostics(dedupe(diagnostics)) };
}

/** An expectation or timeline event scoped to a policy the scenario does not run would silently never apply. */
function unknownPolicyNames(
  scenario: Scenario,
  policies: readonly Policy[],
  source: YamlSource,
): Diagnostic[] {
  const names = new Set(policies.map((p) => p.name));
  const scoped = [
    ...scenario.expectations.map((x) => ({ name: x.input.policy, path: x.path })),
    ...scenario.timeline.map((e) => ({ name: e.policy ?? undefined, path: e.path })),
  ];
  return scoped
    .filter((s) => s.name !== undefined && !names.has(s.name))
    .map((s) => {
      const { line, column } = source.locate([...s.path, 'policy']);
      const message = `no policy named '${s.name}' in this scenario (its policies: ${[...names].join(', ')})`;
      return { file: source.file, line, column, severity: 'error' as const, message };
    });
}

/** A count limited to a rule that the policy does not have would silently count nothing. */
function unknownRuleNames(scenario: Scenario, policies: readonly Policy[], source: YamlSource): Diagnostic[] {
  return scenario.expectations.flatMap((x) => {
    const rule = 'rule' in x.input ? x.input.rule : undefined;
    if (rule === undefined) return [];
    const applies = policies.filter((p) => x.input.policy === undefined || p.name === x.input.policy);
    const missing = applies.find((p) => !admissionRules(p).some((r) => r.name === rule));
    if (!missing) return [];
    const { line, column } = source.locate([...x.path, 'rule']);
    const names = admissionRules(missing).map((r) => r.name);
    const message = unknownName('admission rule', rule, names, `in policy '${missing.name}'`);
    return [{ file: source.file, line, column, severity: 'error' as const, message }];
  });
}

/**
 * Replays a scenario against each of its policies and reports the figures and expectation results.
 * Throws InputError (exit 2) with every problem found in any of the files.
 */
export async function simulateScenario(
  file: string,
  options: SimulateOptions = {},
): Promise<ScenarioRunReport[]> {
  const { scenario, source, runs, warnings } = await prepareScenario(file, options);
  if (warnings.length > 0) options.onWarnings?.(warnings);
  const reports: ScenarioRunReport[] = [];
  for (const run of runs) {
    const metrics = new RunMetrics(run.policy, scenario.startMs);
    const simulation = new Simulation(run);
    const extra = options.traceSinks?.(run, simulation.names) ?? [];
    const stats = await simulation.execute(
      extra.length === 0 ? metrics : new TraceFanout([metrics, ...extra]),
    );
    const expectations = scenario.expectations.flatMap((x) => {
      const { line, column } = source.locate(x.path);
      const r = checkExpectation(x, metrics, run.policy, `${displayPath(file)}:${line}:${column}`);
      return r ? [r] : [];
    });
    reports.push(buildReport(run, metrics, expectations, stats));
  }
  return reports;
}

function buildReport(
  run: Run,
  metrics: RunMetrics,
  expectations: ScenarioRunReport['expectations'],
  stats: ScenarioRunReport['stats'],
): ScenarioRunReport {
  const { scenario, policy } = run;
  const at = formatInstant;
  return {
    scenario: scenario.name,
    file: displayPath(scenario.file),
    policy: policy.name,
    policyFile: displayPath(policy.file),
    seed: scenario.seed,
    start: at(scenario.startMs),
    end: at(scenario.endMs),
    exercises: [...scenario.exercises],
    pools: metrics.pools.map((p) => {
      const { mean, p95 } = p.distribution();
      const offered = p.admitted + p.denied;
      return {
        id: p.id,
        capacity: p.capacityOverTime.items[0]?.capacity ?? p.capacity,
        capacityAtEnd: p.capacity,
        capacityMin: Number.isFinite(p.capacityMin) ? p.capacityMin : p.capacity,
        capacityOverTime: p.capacityOverTime.items.map((c) => ({ at: at(c.at), capacity: c.capacity })),
        peak: p.peak,
        mean: round(mean),
        p95,
        admitted: p.admitted,
        denied: p.denied,
        unavailable: p.unavailable,
        denialRate: round(offered > 0 ? p.denied / offered : 0),
        endedEarly: Object.fromEntries([...p.endedBy.entries()].sort()),
        secondsAboveWarning: p.timeAbove['usage-warning'] / 1000,
        secondsAboveCritical: p.timeAbove['usage-critical'] / 1000,
        secondsOverLimit: p.timeAbove['over-limit'] / 1000,
      };
    }),
    lifecycle: metrics.transitions.items.map((t) => ({ ...t, at: at(t.at) })),
    alerts: metrics.alerts.items.map((a) => ({ ...a, at: at(a.at), facts: { ...a.facts } })),
    alertCounts: metrics.alertCounts.flatMap((counts, i) =>
      Object.entries(counts).map(([kind, count]) => ({ pool: policy.pools[i]!.id, kind, count })),
    ),
    denials: [...metrics.denials.values()].map((d) => ({
      ...d,
      first: { at: at(d.first.at), session: d.first.session, facts: { ...d.first.facts } },
    })),
    failovers: metrics.failovers.items.map((f) => ({ ...f, at: at(f.at) })),
    truncated: {
      lifecycle: metrics.transitions.dropped,
      alerts: metrics.alerts.dropped,
      failovers: metrics.failovers.dropped,
      capacityOverTime: metrics.pools.reduce((n, p) => n + p.capacityOverTime.dropped, 0),
    },
    expectations,
    passed: expectations.every((e) => e.passed),
    stats,
  };
}

/** The report of several scenario runs. */
export function combine(runs: readonly ScenarioRunReport[]): Report {
  return { licensim: 'v1', scenarios: [...runs], passed: runs.every((r) => r.passed) };
}

/** Paths in reports are relative to the working directory, so reports do not depend on where a clone lives. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
