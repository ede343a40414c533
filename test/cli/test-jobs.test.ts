import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim, licensimBuilt } from '../support/cli.js';

/**
 * `licensim test --jobs N` runs scenario files on N worker threads; what it reports must not depend on N.
 * Reports are compared byte for byte; nothing here depends on how long a run takes. The worker threads
 * start from the built bundle, so these tests run the built CLI as a child process.
 */

const policy = policyYaml(
  {
    timeZone: 'UTC',
    sites: [{ id: 'site-a' }],
    licenses: [{ id: 'key', count: 5, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
  },
  'five',
);

/** Seven sessions at once against five licenses: two are refused. */
const sevenAtOnce = (name: string, expect: object[]) =>
  scenarioYaml(
    {
      start: '2026-03-02T08:00:00Z',
      duration: 'PT2H',
      sessions: [{ user: 'u', distinctUsers: true, at: 'PT0S', duration: 'PT1H', count: 7 }],
      expect,
    },
    name,
  );

const passing = (name: string) => sevenAtOnce(name, [{ name: 'two are refused', deniedAtLeast: 2 }]);
const failing = sevenAtOnce('failing', [
  { name: 'peak stays at the capacity', peakAtMost: 5 },
  { name: 'nobody is refused', deniedAtMost: 0 },
]);
/** A tag the YAML schema does not know: a warning, and the run goes on. */
const warned = passing('warned').replace('name: warned', 'name: !custom warned');
const badSite = scenarioYaml(
  {
    start: '2026-03-02T08:00:00Z',
    duration: 'PT1H',
    sessions: [{ user: 'b', site: 'nowhere', at: 'PT0S', duration: 'PT10M' }],
  },
  'bad-site',
);
const badSyntax = 'apiVersion: licensim/v1\nkind: Scenario\nmetadata:\n  name: [unclosed\n';

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({});
  const folders: Record<string, Record<string, string>> = {
    mixed: {
      'policy.yaml': policy,
      'a-passing.yaml': passing('a-passing'),
      'b-failing.yaml': failing,
      'c-warned.yaml': warned,
      'd-passing.yaml': passing('d-passing'),
    },
    invalid: {
      'policy.yaml': policy,
      'a-passing.yaml': passing('a-passing'),
      'b-bad-site.yaml': badSite,
      'c-passing.yaml': passing('c-passing'),
      'd-bad-syntax.yaml': badSyntax,
    },
  };
  for (const [folder, files] of Object.entries(folders)) {
    await mkdir(join(dir, folder));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, folder, name), text);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('licensim test --jobs', () => {
  it('--jobs 1 and --jobs 2 give byte-identical JSON, and JUnit identical but for its wall times', async () => {
    // JUnit's time attributes are the runs' real wall times, which no two runs share.
    const untimed = (xml: string) => xml.replace(/ time="[0-9.]+"/g, ' time=""');
    for (const reporter of ['json', 'junit']) {
      const one = await licensimBuilt('test', 'scenarios', '--jobs', '1', '--reporter', reporter);
      const two = await licensimBuilt('test', 'scenarios', '--jobs', '2', '--reporter', reporter);
      expect(one.code).toBe(0);
      expect(two.code).toBe(0);
      expect(one.stdout.length).toBeGreaterThan(1000);
      if (reporter === 'json') expect(two.stdout).toBe(one.stdout);
      else expect(untimed(two.stdout)).toBe(untimed(one.stdout));
    }
  }, 300_000);

  it('text output lists runs in file order, with warnings on stderr, the same for --jobs 1, 2 and 4', async () => {
    const folder = join(dir, 'mixed');
    const run = (jobs: string) => licensimBuilt('test', folder, '--jobs', jobs);
    const [one, two, four] = await Promise.all([run('1'), run('2'), run('4')]);
    expect(one.stdout.split('\n').filter((l) => /^[✓✗]/.test(l))).toEqual([
      `✓ a-passing × five  (1/1 expectations)  ${join(folder, 'a-passing.yaml')}`,
      `✗ failing × five  (1/2 expectations)  ${join(folder, 'b-failing.yaml')}`,
      `✓ warned × five  (1/1 expectations)  ${join(folder, 'c-warned.yaml')}`,
      `✓ d-passing × five  (1/1 expectations)  ${join(folder, 'd-passing.yaml')}`,
    ]);
    expect(one.stderr).toBe(`${join(folder, 'c-warned.yaml')}:4:9: warning: Unresolved tag: !custom\n`);
    for (const other of [two, four]) {
      expect(other.code).toBe(one.code);
      expect(other.stdout).toBe(one.stdout);
      expect(other.stderr).toBe(one.stderr);
    }
  });

  it('a policy that several scenarios run warns once, at its path as typed', async () => {
    const out = await licensim(
      'test',
      'scenarios/pulse-wan-outage.yaml',
      'scenarios/pulse-server-outage.yaml',
    );
    expect(out.code).toBe(0);
    const lines = out.stderr.trimEnd().split('\n');
    // Both scenarios run pulse-auto-lease, whose clients' incremental quanta are below P2's 25.
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines).size).toBe(lines.length);
    for (const line of lines)
      expect(line).toMatch(/^policies\/pulse-auto-lease\.yaml:\d+:\d+: warning: incremental 10/);
  });

  it('a failing expectation under --jobs 2 exits 1 and says what was expected and what happened', async () => {
    const out = await licensimBuilt('test', join(dir, 'mixed'), '--jobs', '2');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('    ✗ nobody is refused\n      expected denied at most 0, actual 2  at ');
    expect(out.stdout).toMatch(/\n\n4 passed, 1 failed\n$/);
  });

  it('unusable scenario files under --jobs 2 exit 2 with every located problem, as with --jobs 1', async () => {
    const folder = join(dir, 'invalid');
    const one = await licensimBuilt('test', folder, '--jobs', '1', '--reporter', 'json');
    const two = await licensimBuilt('test', folder, '--jobs', '2', '--reporter', 'json');
    expect(two.code).toBe(2);
    // The report is written all the same, each unusable file an error in it.
    const report = JSON.parse(two.stdout) as { errors: { file: string }[]; passed: boolean };
    expect(report.passed).toBe(false);
    expect(report.errors.map((e) => e.file)).toEqual([
      join(folder, 'b-bad-site.yaml'),
      join(folder, 'd-bad-syntax.yaml'),
    ]);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toMatch(
      new RegExp(`^${escapeRegExp(join(folder, 'b-bad-site.yaml'))}:\\d+:\\d+: .*nowhere`, 'm'),
    );
    expect(two.stderr).toMatch(
      new RegExp(`^${escapeRegExp(join(folder, 'd-bad-syntax.yaml'))}:\\d+:\\d+: `, 'm'),
    );
    expect(two.stderr).not.toContain('internal error');
    expect(one.code).toBe(2);
    expect(two.stderr).toBe(one.stderr);
  });

  it('--jobs must be a whole number of at least 1 (exit 2)', async () => {
    const out = await licensim('test', join(dir, 'mixed'), '--jobs', '0');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--jobs must be an integer >= 1 (got '0')");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
