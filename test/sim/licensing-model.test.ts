import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/run/execute.js';
import type { LicensingModel } from '../../src/sim/licensing-model.js';
import { HOUR, runFrom, TraceRecorder } from '../support/build.js';
import { scheduleModel } from '../support/schedule-model.js';

const policy = `apiVersion: licensim/v1
kind: Policy
metadata: { name: scheduled }
spec:
  timeZone: UTC
  licenses: [{ id: key, count: 100, term: perpetual }]
  pools: [{ id: pool, licenses: [key] }]
`;

const scenario = `apiVersion: licensim/v1
kind: Scenario
metadata: { name: s }
spec:
  policy: policy.yaml
  start: 2026-01-05T00:00:00Z
  duration: P1D
  sessions:
    - { user: early, distinctUsers: true, at: PT30M, duration: PT10H, count: 8 }
    - { user: late, distinctUsers: true, at: PT3H, duration: PT1H, count: 8 }
`;

describe('a licensing model plugs in without editing the kernel', () => {
  it('capacity follows the model, with its own events and its own rule set deciding', async () => {
    const model = scheduleModel(
      [
        { afterMs: 0, sessions: 5 },
        { afterMs: 2 * HOUR, sessions: 50 },
      ],
      10,
    );
    const recorder = new TraceRecorder();
    const { results, stats } = await executeRun(runFrom(policy, scenario), {
      models: [model],
      sinks: () => [recorder],
    });
    const capacity = recorder.records.filter((r) => r.type === 'capacity');
    // 5 at the start (not the policy's 100), then the step of 50 capped to the ceiling of 10 by the rule.
    expect(capacity.map((r) => r.type === 'capacity' && [r.capacity, r.reason])).toEqual([
      [5, 'initial licenses'],
      [10, 'schedule step 1: capped to the contract ceiling'],
    ]);
    const pool = results.usage.pools[0]!;
    // 8 early sessions against 5: 3 denied; at 03:00, 5 in use of 10: 5 of the 8 late sessions admitted.
    expect([pool.admitted, pool.denied, pool.peak]).toEqual([10, 6, 10]);
    expect(stats.engineRuns).toBeGreaterThan(0);
  });

  it('the run’s engine runs count the model’s own rule set beside the policy’s', async () => {
    const counted = scheduleModel([{ afterMs: 2 * HOUR, sessions: 50 }], 10);
    // The same model with its count hidden: the same decisions, so the policy's rule sets run as often.
    const hidden: LicensingModel = {
      ...counted,
      create: (host) => {
        const capacity = counted.create(host);
        return Object.assign(Object.create(capacity), { engineRuns: undefined });
      },
    };
    const withCount = await executeRun(runFrom(policy, scenario), { models: [counted] });
    const withoutCount = await executeRun(runFrom(policy, scenario), { models: [hidden] });
    // The schedule's one step asked the ceiling rule once: one engine run of the model's own.
    expect(withCount.stats.engineRuns - withoutCount.stats.engineRuns).toBe(1);
  });

  it('without the model the same run uses the license book', async () => {
    const { results } = await executeRun(runFrom(policy, scenario));
    expect(results.usage.pools[0]!.denied).toBe(0);
  });

  it('a model hears timeline events on its licenses and may ask the pool’s state', async () => {
    const states: string[] = [];
    const model: LicensingModel = {
      name: 'asks',
      serves: () => true,
      create: (host) => ({
        start() {},
        sessions: () => 10,
        licensed: () => true,
        lastEnd: () => Number.POSITIVE_INFINITY,
        timeline(entry, phase) {
          states.push(`${entry.action.kind} ${phase}: ${host.state(0)}`);
          return undefined;
        },
      }),
    };
    const withTimeline = scenario.replace(
      '  sessions:',
      '  timeline:\n    - { at: PT1H, upgrade: { license: key, count: 200 } }\n  sessions:',
    );
    await executeRun(runFrom(policy, withTimeline), { models: [model] });
    expect(states).toEqual(['upgrade start: active']);
  });
});
