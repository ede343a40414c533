import { type Diagnostic, sortDiagnostics } from '../config/diagnostics.js';
import { unknownName } from '../config/wording.js';
import type { YamlSource } from '../config/yaml-source.js';
import { seatDenialRules } from '../entitlements/seat-denials.js';
import { unsimulatedLeasing as leasingNotSimulated } from '../leasing/unsimulated.js';
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
 * Leasing is simulated for plain hardware servers leasing users (P3, P5, P6, P7, P14); a policy or
 * scenario relying on more would run on capacity the simulation does not model, a wrong answer that looks
 * right. Refused where the scenario names the policy, with every part not simulated.
 */
function unsimulatedLeasing(
  scenario: Scenario,
  policies: readonly Policy[],
  source: YamlSource,
): Diagnostic[] {
  return policies.flatMap((policy) => {
    const reasons = leasingNotSimulated(policy);
    if (reasons.length === 0) return [];
    const ref = scenario.policies.find((r) => r.file === policy.file);
    const { line, column } = source.locate(ref?.path ?? ['spec']);
    const message = `policy '${policy.name}' relies on license-server features licensim does not simulate yet: ${reasons.join('; ')}`;
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
    const known = (p: Policy) => [...admissionRules(p).map((r) => r.name), ...seatDenialRules(p)];
    const missing = applies.find((p) => !known(p).includes(rule));
    if (!missing) return [];
    const { line, column } = source.locate([...x.path, 'rule']);
    const names = known(missing);
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
