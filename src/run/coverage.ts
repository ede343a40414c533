import type { RunCoverage } from '../analysis/coverage.js';
import type { Run } from '../model/bind.js';
import type { RunOutput } from './execute.js';
import { policyCatalogue } from './policy-catalogue.js';

/** One run's part of `licensim test --coverage`: its policy's rules and transitions, and what fired. */
export function runCoverage(run: Run, output: RunOutput): RunCoverage {
  const { policy, scenario } = run;
  const catalogue = policyCatalogue(policy);
  return {
    policy: policy.name,
    rules: catalogue.ruleSets.flatMap((set) =>
      set.rules.map((r) => ({ ruleSet: set.name, rule: r.name, ruleIds: r.event.params.ruleIds })),
    ),
    transitions: catalogue.machines.flatMap((m) =>
      m.transitions.map(({ from, event, to }) => ({ machine: m.machine, from, event, to })),
    ),
    named: [
      ...policy.covers.map((id) => ({ id, by: `policy ${policy.name}` })),
      ...scenario.exercises.map((id) => ({ id, by: `scenario ${scenario.name}` })),
    ],
    fired: output.results.fired,
  };
}
