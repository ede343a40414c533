import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/diagnostics.js';
import type { PolicyDocument } from '../../src/config/schema/policy.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { LifecycleLoopError } from '../../src/lifecycle/lifecycle-loop-error.js';
import { bindRun } from '../../src/model/bind.js';
import { MIN_TIMED_CYCLE_MS } from '../../src/model/lifecycle-cycles.js';
import { documentFrom } from '../../src/model/load.js';
import { buildPolicy } from '../../src/model/policy.js';
import { executeRun } from '../../src/run/execute.js';
import { MAX_TRANSITIONS_PER_INSTANT } from '../../src/sim/pool-lifecycles.js';
import { policyYaml, scenarioFrom, timedState } from '../support/build.js';
import { scenario } from '../support/fixtures.js';

/** A trial and a grace period that lead to each other, each lasting `trial` and `grace`. */
function cyclingPolicy(trial: string, grace: string): string {
  return policyYaml(
    {
      timeZone: 'UTC',
      licenses: [],
      pools: [{ id: 'pool', licenses: [] }],
      lifecycle: {
        initial: 'trial',
        states: {
          trial: timedState(trial, 'grace', { sessionLimit: 10 }),
          grace: timedState(grace, 'trial'),
        },
      },
    },
    'cycling',
  );
}

const problemsOf = (text: string) =>
  documentFrom(parseYamlSource('c.yaml', text)).diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);

describe('issue 7, finding 6: timed states in a cycle of no length', () => {
  it('finding 6: validate refuses trial P0D → grace P0D → trial, at the trial’s duration', () => {
    expect(problemsOf(cyclingPolicy('P0D', 'P0D'))).toEqual([
      expect.stringMatching(
        /^\d+:\d+: timed states trial → grace → trial form a cycle lasting 0 ms, so a pool would change state without end/,
      ),
    ]);
  });

  it('finding 6: validate refuses millisecond cycles, and any cycle under an hour in all', () => {
    expect(problemsOf(cyclingPolicy('PT0.001S', 'PT0.001S'))).toEqual([
      expect.stringContaining('form a cycle lasting 2 ms'),
    ]);
    expect(MIN_TIMED_CYCLE_MS).toBe(3_600_000);
    expect(problemsOf(cyclingPolicy('PT30M', 'PT29M'))).toHaveLength(1);
    expect(problemsOf(cyclingPolicy('PT30M', 'PT30M'))).toEqual([]);
  });

  it('finding 6: a zero-length timed state that leads out of the cycle is fine', () => {
    const text = cyclingPolicy('P0D', 'P0D').replace('then: trial', 'then: expired');
    expect(problemsOf(text)).toEqual([]);
  });

  it('finding 6: a run of such a policy stops with LifecycleLoopError (exit 2) naming the policy and states', async () => {
    // Built without its validation, as a licensing model or library user could.
    const source = parseYamlSource('c.yaml', cyclingPolicy('P0D', 'P0D'));
    const { policy, problems } = buildPolicy(source.value as PolicyDocument, source);
    expect(problems.hasErrors).toBe(true);
    const built = scenarioFrom(scenario([{ user: 'a', at: 'PT1H', duration: 'PT1H' }]));
    const { run } = bindRun(built.scenario, policy, built.source);

    const error = await executeRun(run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifecycleLoopError);
    expect(error).toBeInstanceOf(InputError); // the CLI's exit code 2
    const loop = error as LifecycleLoopError;
    expect(loop.name).toBe('LifecycleLoopError');
    expect(loop.diagnostics).toHaveLength(1);
    expect(loop.diagnostics[0]).toMatchObject({ file: 'c.yaml', line: 1, column: 1, severity: 'error' });
    expect(loop.transitions).toBe(MAX_TRANSITIONS_PER_INSTANT);
    expect(loop.states).toEqual(['grace', 'trial']);
    expect(loop.diagnostics[0]?.message).toBe(
      `policy 'cycling': pool 'pool' changed state ${MAX_TRANSITIONS_PER_INSTANT} times at 2026-03-02T00:00:00.000Z ` +
        'without virtual time passing, through grace, trial; its lifecycle loops without end: give the timed ' +
        'states of the loop durations of at least 1 hour (PT1H) in all',
    );
  });
});
