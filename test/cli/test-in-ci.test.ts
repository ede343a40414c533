import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim } from '../support/cli.js';

/** `licensim test` as a CI job sees it: every file counts, a report is always written, nothing passes by default. */

const policy = policyYaml(
  {
    timeZone: 'UTC',
    licenses: [{ id: 'key', count: 100, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
  },
  'p',
);
const scenario = (name: string, expect?: object[]) =>
  scenarioYaml(
    {
      start: '2026-05-04T08:00:00Z',
      duration: 'P1D',
      sessions: [{ user: 'u', at: 'PT1H', duration: 'PT1H', count: 5 }],
      ...(expect ? { expect } : {}),
    },
    name,
  );

let dir: string;
beforeAll(async () => {
  const pass = scenario('good', [{ peakAtMost: 100 }]);
  const fail = (name: string) => scenario(name, [{ peakAtMost: 1 }]);
  dir = await writeFixture({
    'policy.yaml': policy,
    'good.yaml': pass,
    'quoted.yaml': fail('quoted').replace('kind: Scenario', 'kind: "Scenario"'),
    'commented.yml': fail('commented').replace('kind: Scenario', 'kind: Scenario   # a note'),
    'typo.yaml': pass.replace('kind: Scenario', 'kind: Scenaro'),
    'noexp.yaml': scenario('noexp'),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('licensim test in CI', () => {
  it('every YAML file of a folder that is not a policy runs as a scenario, however its kind is written', async () => {
    const r = await licensim('test', dir, '--pass-with-no-expectations');
    const lines = r.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^✗ quoted × p /));
    expect(lines).toContainEqual(expect.stringMatching(/^✗ commented × p /));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ good × p /));
  });

  it('a misspelt kind is an error naming the file and line (exit 2), not a file skipped', async () => {
    const r = await licensim('test', dir, '--pass-with-no-expectations');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `${join(dir, 'typo.yaml')}:2:7: kind must be Policy or Scenario.*; did you mean 'Scenario'?`,
      ),
    );
    expect(r.stdout).toMatch(/1 file in error$/m);
  });

  it('with an invalid file, the JUnit report is still written, the file an errored case', async () => {
    const out = join(dir, 'junit.xml');
    const r = await licensim('test', dir, '--reporter', 'junit', '--out', out);
    expect(r.code).toBe(2);
    const xml = await readFile(out, 'utf8');
    expect(xml).toMatch(/<testsuites name="licensim" tests="\d+" failures="\d+" errors="1"/);
    expect(xml).toContain(`<error message="${join(dir, 'typo.yaml')}:2:7: kind must be Policy or Scenario`);
  });

  it('JUnit carries the real wall time of each run; the JSON report carries none', async () => {
    const file = join(dir, 'good.yaml');
    const junit = await licensim('test', file, '--reporter', 'junit');
    const times = [...junit.stdout.matchAll(/<testsuite [^>]* time="([0-9.]+)"/g)].map((m) => Number(m[1]));
    expect(times).toHaveLength(1);
    expect(times[0]).toBeGreaterThan(0);
    const json = await licensim('test', file, '--reporter', 'json');
    expect(json.stdout).not.toMatch(/"time"|"seconds"|"duration"/);
  });

  it('a scenario with no expectations fails (exit 1), unless --pass-with-no-expectations', async () => {
    const file = join(dir, 'noexp.yaml');
    const strict = await licensim('test', file);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('✗ the scenario states at least one expectation');
    const lenient = await licensim('test', file, '--pass-with-no-expectations');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/^0 passed, 0 failed$/m);
  });

  it('--filter keeps the runs whose scenario or policy name matches, case-insensitively', async () => {
    const r = await licensim('test', dir, '--filter', '^GOOD$', '--reporter', 'json');
    expect(r.code).toBe(2); // the misspelt file is still an error: a filter does not hide broken files
    const report = JSON.parse(r.stdout) as { scenarios: { scenario: string }[] };
    expect(report.scenarios.map((s) => s.scenario)).toEqual(['good']);
    const none = await licensim('test', join(dir, 'good.yaml'), '--filter', 'no-such-run');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no scenario run matches --filter no-such-run');
  });

  it('--bail stops at the first failed run; the report lists what ran', async () => {
    const all = JSON.parse((await licensim('test', dir, '--reporter', 'json', '--jobs', '1')).stdout);
    const bailed = await licensim('test', dir, '--reporter', 'json', '--jobs', '1', '--bail');
    const report = JSON.parse(bailed.stdout) as { scenarios: { passed: boolean }[] };
    expect(bailed.code).toBe(1);
    expect(report.scenarios.length).toBeLessThan(all.scenarios.length);
    expect(report.scenarios.at(-1)!.passed).toBe(false);
    expect(report.scenarios.slice(0, -1).every((s) => s.passed)).toBe(true);
  });
  it("the text report streams: each file's lines are written as that file finishes, the closing count last", async () => {
    const r = await licensim('test', dir, '--pass-with-no-expectations');
    const marked = r.stdoutWrites.filter((w) => /^[✓✗] /.test(w));
    // One write per file (good, quoted, commented, noexp, and the misspelt one), before the closing count.
    expect(marked).toHaveLength(5);
    expect(r.stdoutWrites.at(-1)).toMatch(/^\n\d+ passed, \d+ failed, 1 file in error\n$/);
  });
});
