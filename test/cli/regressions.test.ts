import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoissonArrivals, profileByName } from '../../src/sim/arrival-profile.js';
import { Rng } from '../../src/sim/rng.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { expectValidReport, licensim } from '../support/cli.js';

/**
 * Regressions seen from the command line: each test fails on the behaviour a code review found wrong and
 * holds on the fixed one. The numbers in the titles are the review's findings.
 */

const noStackTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at .+[:(]\d+/m);
  expect(stderr).not.toContain('internal error');
};

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`'${needle}' is not in the text`);
  return index + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const simple = (name: string, licenses = 2) =>
  policyYaml(
    {
      timeZone: 'Europe/Paris',
      sites: [{ id: 'site-a' }],
      licenses: [{ id: 'key', count: licenses, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
    },
    name,
  );

const strayLicense = policyYaml(
  {
    timeZone: 'UTC',
    licenses: [
      { id: 'key', count: 5, term: 'perpetual' },
      { id: 'spare', count: 5, term: 'subscription', start: '2026-01-01', end: '2026-01-02' },
    ],
    pools: [{ id: 'pool', licenses: ['key'] }],
  },
  'stray',
);

const hugeLicense = policyYaml(
  {
    timeZone: 'UTC',
    licenses: [{ id: 'huge', count: 10_000_001, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['huge'] }],
  },
  'huge-license',
);

/** 101 licenses of 10,000,000 sessions each (every one within the schema) in one pool: 1,010,000,000. */
const hugePool = policyYaml(
  {
    timeZone: 'UTC',
    licenses: Array.from({ length: 101 }, (_, i) => ({
      id: `l${i}`,
      count: 10_000_000,
      term: 'perpetual' as const,
    })),
    pools: [{ id: 'big', licenses: Array.from({ length: 101 }, (_, i) => `l${i}`) }],
  },
  'huge-pool',
);

/** Two licenses of 5 sessions; `a` fails 150 times for half an hour, then both fail together once. */
const twoKeys = policyYaml(
  {
    timeZone: 'UTC',
    sites: [{ id: 'site-a' }],
    licenses: [
      { id: 'a', count: 5, term: 'perpetual' },
      { id: 'b', count: 5, term: 'perpetual' },
    ],
    pools: [{ id: 'pool', licenses: ['a', 'b'] }],
  },
  'two-keys',
);
const flapping = (upgradeAtEnd: boolean, name: string) =>
  scenarioYaml(
    {
      policy: 'two-keys.yaml',
      start: '2026-03-01T00:00:00Z',
      duration: 'P10D',
      timeline: [
        ...Array.from({ length: 150 }, (_, i) => ({
          at: `PT${i + 1}H`,
          outage: { license: 'a', duration: 'PT30M' },
        })),
        { at: 'PT160H', outage: { license: 'a', duration: 'PT30M' } },
        { at: 'PT160H', outage: { license: 'b', duration: 'PT30M' } },
        ...(upgradeAtEnd ? [{ at: 'PT200H', upgrade: { license: 'a', count: 15 } }] : []),
      ],
    },
    name,
  );

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({
    'stray.yaml': strayLicense,
    'stray-scenario.yaml': scenarioYaml({
      policy: 'stray.yaml',
      start: '2026-01-01T00:00:00Z',
      duration: 'P3D',
    }),
    'huge-license.yaml': hugeLicense,
    'huge-pool.yaml': hugePool,
    'paris.yaml': simple('paris'),
    'trickle.yaml': scenarioYaml(
      {
        policy: 'paris.yaml',
        start: '2026-03-01T00:00:00Z',
        duration: 'P1D',
        load: [{ arrivals: { perHour: 1e-9, profile: 'business-hours' }, holding: { mean: 'PT1H' } }],
      },
      'trickle',
    ),
    'ages.yaml': scenarioYaml(
      { policy: 'paris.yaml', start: '2026-03-01T00:00:00Z', duration: 'P300000Y' },
      'ages',
    ),
    'two-keys.yaml': twoKeys,
    'flapping.yaml': flapping(false, 'flapping'),
    'flapping-upgraded.yaml': flapping(true, 'flapping-upgraded'),
    'one.yaml': simple('one'),
    'two.yaml': simple('two', 1),
    'compare.yaml': scenarioYaml(
      {
        start: '2026-03-02T08:00:00Z',
        duration: 'PT4H',
        sessions: [{ user: 'u', distinctUsers: true, at: 'PT1H', duration: 'PT1H', count: 2 }],
      },
      'compare',
    ).replace('policy: policy.yaml', 'policies: [one.yaml, two.yaml]'),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('regressions: validation', () => {
  it('7: a license listed in no pool is an error located at the license (exit 2), for validate and simulate alike', async () => {
    const policy = join(dir, 'stray.yaml');
    const line = lineOf(strayLicense, 'id: spare');
    const located = new RegExp(`^${escapeRegExp(policy)}:${line}:\\d+: license 'spare' is in no pool`, 'm');

    const validated = await licensim('validate', policy);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(located);
    noStackTrace(validated.stderr);

    const simulated = await licensim('simulate', join(dir, 'stray-scenario.yaml'));
    expect(simulated.code).toBe(2);
    expect(simulated.stdout).toBe('');
    expect(simulated.stderr).toMatch(located);
    noStackTrace(simulated.stderr);
  });

  it('8: a license count above 10,000,000 is a schema error at the count; a pool adding up to more than 1,000,000,000 sessions is an error at the pool', async () => {
    const license = join(dir, 'huge-license.yaml');
    const tooMany = await licensim('validate', license);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(
      new RegExp(
        `^${escapeRegExp(license)}:${lineOf(hugeLicense, 'count: 10000001')}:\\d+: .*must be at most 10000000`,
        'm',
      ),
    );
    noStackTrace(tooMany.stderr);

    const pool = join(dir, 'huge-pool.yaml');
    const tooBig = await licensim('validate', pool);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(
      new RegExp(
        `^${escapeRegExp(pool)}:${lineOf(hugePool, 'id: big')}:\\d+: pool 'big' adds up to 1010000000 sessions`,
        'm',
      ),
    );
    noStackTrace(tooBig.stderr);
  });

  it('10: a scenario lasting over 100 years (P300000Y) is an input error located at its duration (exit 2), not an internal error', async () => {
    const file = join(dir, 'ages.yaml');
    const line = lineOf(readFileSync(file, 'utf8'), 'duration: P300000Y');
    for (const command of ['validate', 'simulate']) {
      const out = await licensim(command, file);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(
        new RegExp(`^${escapeRegExp(file)}:${line}:\\d+: the scenario may last at most 100 years`, 'm'),
      );
      noStackTrace(out.stderr);
    }
  });
});

describe('regressions: simulate', () => {
  it('9: a tiny arrival rate with a non-flat profile (1e-9 per hour, business-hours) offers no session, and thinning looks up no hour past the run', async () => {
    const out = await licensim('simulate', join(dir, 'trickle.yaml'), '--format', 'json');
    expect(out.code).toBe(0);
    const run = JSON.parse(out.stdout).scenarios[0];
    expect(run.pools[0]).toMatchObject({ admitted: 0, denied: 0, peak: 0 });
    expect(run.stats.sessionsOffered).toBe(0);
    // The hang was thinning walking candidates far past the run's end: count the hours it looks up.
    const looked: number[] = [];
    const hourOf = (t: number) => {
      looked.push(t);
      return 10;
    };
    const arrivals = new PoissonArrivals(new Rng(1), 1e-9, profileByName('business-hours'), hourOf);
    expect(arrivals.next(0, 24 * 3_600_000)).toBe(Number.POSITIVE_INFINITY);
    expect(looked).toEqual([]);
  });

  it('11: the JSON pools carry capacityAtEnd and capacityMin, exact past the 200 kept capacity changes; the text column uses them', async () => {
    const [json, text, upgradedJson, upgradedText] = await Promise.all([
      licensim('simulate', join(dir, 'flapping.yaml'), '--format', 'json'),
      licensim('simulate', join(dir, 'flapping.yaml')),
      licensim('simulate', join(dir, 'flapping-upgraded.yaml'), '--format', 'json'),
      licensim('simulate', join(dir, 'flapping-upgraded.yaml')),
    ]);
    for (const out of [json, text, upgradedJson, upgradedText]) expect(out.code).toBe(0);

    const report = JSON.parse(json.stdout);
    expectValidReport(report);
    const pool = report.scenarios[0].pools[0];
    // 305 changes happened; the list keeps 200 (the dip to 0 and the way back come after them).
    expect(pool.capacityOverTime).toHaveLength(200);
    expect(pool.capacityOverTime.at(-1).capacity).toBe(5);
    expect(pool).toMatchObject({ capacity: 10, capacityAtEnd: 10, capacityMin: 0 });
    expect(text.stdout).toMatch(/^\s+pool\s+10 \(0 at times\)\s/m);

    const upgraded = JSON.parse(upgradedJson.stdout).scenarios[0].pools[0];
    expect(upgraded).toMatchObject({ capacity: 10, capacityAtEnd: 20, capacityMin: 0 });
    expect(upgradedText.stdout).toMatch(/^\s+pool\s+10→20\s/m);
  });

  it('12: --trace in a folder with dots writes FILE, FILE.2 there, one per policy; run-start lines name the scenario and policy once', async () => {
    const dotted = join(dir, 'my.traces.v1');
    await mkdir(dotted);

    const out = await licensim('simulate', join(dir, 'compare.yaml'), '--trace', join(dotted, 'trace'));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(existsSync(join(dotted, 'trace'))).toBe(true);
    expect(existsSync(join(dotted, 'trace.2'))).toBe(true);

    for (const [file, policy] of [
      ['trace', 'one'],
      ['trace.2', 'two'],
    ] as const) {
      const lines = (await readFile(join(dotted, file), 'utf8')).trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) {
        expect(line.match(/"scenario":/g)).toHaveLength(1);
        expect(line.match(/"policy":/g)).toHaveLength(1);
        expect(() => JSON.parse(line)).not.toThrow();
      }
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'run-start', scenario: 'compare', policy });
    }

    // With an extension, the index goes before it, in the file name only.
    const withExtension = await licensim(
      'simulate',
      join(dir, 'compare.yaml'),
      '--trace',
      join(dotted, 'trace.jsonl'),
    );
    expect(withExtension.code).toBe(0);
    expect(existsSync(join(dotted, 'trace.jsonl'))).toBe(true);
    expect(existsSync(join(dotted, 'trace.2.jsonl'))).toBe(true);
  });
});
