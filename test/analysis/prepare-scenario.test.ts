import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/diagnostics.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';

const policy = policyYaml({
  timeZone: 'UTC',
  licenses: [{ id: 'key', count: 5, term: 'perpetual' }],
  pools: [{ id: 'main', licenses: ['key'] }],
});

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function problemsOf(expect: object[]): Promise<string[]> {
  const scenario = scenarioYaml({
    start: '2026-03-02T00:00:00Z',
    duration: 'PT1H',
    sessions: [{ user: 'a', at: 'PT0S', duration: 'PT10M' }],
    expect: expect as never,
  });
  dir = await writeFixture({ 'policy.yaml': policy, 'scenario.yaml': scenario });
  try {
    await prepareScenario(join(dir, 'scenario.yaml'));
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
  }
}

describe('prepareScenario: names an expectation relies on must exist', () => {
  it('a count limited to a misspelt rule is an error, not a silent zero', async () => {
    const problems = await problemsOf([{ deniedAtMost: 0, rule: 'pool-sesion-limit' }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /unknown admission rule 'pool-sesion-limit'.*did you mean 'pool-session-limit'/,
    );
  });

  it('an expectation scoped to a policy the scenario does not run is an error', async () => {
    const problems = await problemsOf([{ policy: 'other-policy', deniedAtMost: 0 }]);
    expect(problems).toEqual([expect.stringContaining("no policy named 'other-policy' in this scenario")]);
  });

  it('known rules and policies pass', async () => {
    expect(
      await problemsOf([{ policy: 'test-policy', deniedAtMost: 0, rule: 'pool-session-limit' }]),
    ).toEqual([]);
  });
});
