import { type Diagnostic, sortDiagnostics } from '../config/diagnostics.js';
import { unknownName } from '../config/wording.js';
import type { YamlSource } from '../config/yaml-source.js';
import { bindRun, type Run } from '../model/bind.js';
import type { Policy } from '../model/policy.js';
import type { Scenario } from '../model/scenario.js';
import { admissionRules } from '../rules/rule-sets.js';

/** A scenario with its policies loaded and its names resolved: ready to run, or to report as valid. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly source: YamlSource;
  readonly runs: readonly Run[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * Binds a parsed scenario to the policies it names, in memory: one run per policy. Returns every problem
 * found; the runs are usable only when none is an error.
 */
export function prepareRuns(
  scenario: Scenario,
  source: YamlSource,
  policies: readonly Policy[],
): { runs: Run[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const runs = policies.map((policy) => {
    const bound = bindRun(scenario, policy, source);
    diagnostics.push(...bound.diagnostics);
    return bound.run;
  });
  diagnostics.push(...unsimulatedLeasing(scenario, policies, source));
  if (policies.length === scenario.policies.length) {
    diagnostics.push(
      ...unknownPolicyNames(scenario, policies, source),
      ...unknownRuleNames(scenario, policies, source),
    );
  }
  return { runs, diagnostics };
}

/**
 * License servers are validated but their leasing is not simulated yet: a run would hand the gateways no
 * capacity and deny every session with exit 0, a wrong answer that looks right. Refused where the
 * scenario names the policy.
 */
function unsimulatedLeasing(
  scenario: Scenario,
  policies: readonly Policy[],
  source: YamlSource,
): Diagnostic[] {
  return policies.flatMap((policy) => {
    if (policy.fleet === null) return [];
    const ref = scenario.policies.find((r) => r.file === policy.file);
    const { line, column } = source.locate(ref?.path ?? ['spec']);
    const message = `policy '${policy.name}' declares license servers: licensim validates them but does not simulate leasing yet, so it cannot run this scenario`;
    return [{ file: source.file, line, column, severity: 'error' as const, message }];
  });
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

/** Diagnostics in file order, each reported once. */
export function tidy(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(
    list.filter((d) => {
      const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
}
