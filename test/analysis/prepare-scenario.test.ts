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

describe('prepareScenario: the policy files a scenario names', () => {
  const named = (file: string) =>
    scenarioYaml({
      policy: file,
      start: '2026-03-02T00:00:00Z',
      duration: 'PT1H',
      sessions: [{ user: 'a', at: 'PT0S', duration: 'PT10M' }],
    } as never);

  it("a missing policy file is reported at the scenario's policy: line, with the closest file suggested", async () => {
    dir = await writeFixture({ 'policy.yaml': policy, 'scenario.yaml': named('polcy.yaml') });
    const text = named('polcy.yaml').split('\n');
    const line = text.findIndex((l) => l.includes('polcy.yaml')) + 1;
    const error = await prepareScenario(join(dir, 'scenario.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const [d, ...rest] = (error as InputError).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: join(dir, 'scenario.yaml'), line, severity: 'error' });
    expect(d!.message).toMatch(/polcy\.yaml does not exist; did you mean 'policy\.yaml'\?$/);
  });

  it('a folder named as the policy is reported at the same line, in plain words', async () => {
    dir = await writeFixture({ 'policy.yaml': policy, 'scenario.yaml': named('.') });
    const error = (await prepareScenario(join(dir, 'scenario.yaml')).catch((e: unknown) => e)) as InputError;
    expect(error.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/is a folder, not a policy file$/),
    ]);
  });
});
