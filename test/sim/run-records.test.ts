import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/simulation.js';
import { Users } from '../../src/sim/users.js';
import { runFrom, scenarioYaml, TraceRecorder } from '../support/build.js';
import { cluster, START, scenario } from '../support/fixtures.js';

/** What a run tells its trace writers: the records around it and the names behind its indices. */

const policy = cluster(10);
const scenarioText = scenarioYaml({
  start: START,
  duration: 'PT2H',
  seed: 11,
  sessions: [
    { user: 'alice', at: 'PT1H', duration: 'PT10M' },
    { user: 'ops', at: 'PT1H', duration: 'PT10M', count: 2, distinctUsers: true },
  ],
  load: [
    { id: 'admins', users: 3, arrivals: { perHour: 1 }, holding: { mean: 'PT10M' } },
    { id: 'guests', users: 2, arrivals: { perHour: 1 }, holding: { mean: 'PT10M' } },
  ],
});

describe('a run and its names', () => {
  it('starts its trace with the scenario, policy and seed, and ends it at the end of the scenario', async () => {
    const run = runFrom(policy, scenarioText);
    const recorder = new TraceRecorder();
    await new Simulation(run).execute(recorder);
    expect(recorder.records[0]).toEqual({
      type: 'run-start',
      at: run.scenario.startMs,
      scenario: 'test-scenario',
      policy: 'test-policy',
      seed: 11,
    });
    expect(recorder.records.at(-1)).toEqual({ type: 'run-end', at: run.scenario.endMs });
  });

  it('a simulation runs once', async () => {
    const simulation = new Simulation(runFrom(policy, scenarioText));
    await simulation.execute(new TraceRecorder());
    await expect(simulation.execute(new TraceRecorder())).rejects.toThrow(
      'a Simulation runs once; create another to run again',
    );
  });

  it('names users, nodes, sites and pools by index, and an unknown index by kind and number', () => {
    const { names } = new Simulation(runFrom(policy, scenarioText));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(names.user)).toEqual([
      'alice',
      'ops-1',
      'ops-2',
      'admins-1',
      'admins-2',
      'admins-3',
      'guests-1',
      'guests-2',
    ]);
    expect([names.node(0), names.node(1), names.node(2)]).toEqual(['node-1', 'node-2', 'node#2']);
    expect([names.site(0), names.site(1)]).toEqual(['site-a', 'site#1']);
    expect([names.pool(0), names.pool(4)]).toEqual(['cluster', 'pool#4']);
  });

  it('users are numbered explicit sessions first, then each stream’s population', () => {
    const users = new Users(runFrom(policy, scenarioText));
    expect(users.count).toBe(3 + 3 + 2);
    expect(users.streamBase).toEqual([3, 6]);
    // alice's batch is user 0; the second session of the distinct `ops` batch is ops-2, user 2.
    expect(users.ofBatch(0, 0)).toBe(0);
    expect(users.ofBatch(1, 1)).toBe(2);
    const explicitOnly = new Users(
      runFrom(policy, scenario([{ user: 'bob', at: 'PT1H', duration: 'PT1H' }])),
    );
    expect([explicitOnly.name(0), explicitOnly.name(5)]).toEqual(['bob', 'user#5']);
  });
});
