import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { studentT975, summarise } from '../../src/analysis/replication-stats.js';
import { replicationSeed } from '../../src/run/replications.js';
import { erlangB } from '../../src/sim/erlang.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim, licensimBuilt } from '../support/cli.js';

/**
 * `simulate --replications N`: what it reports must not depend on the number of threads nor on how the
 * replications were sharded; reports are compared byte for byte. Worker threads start from the built
 * bundle, so the threaded runs use the built CLI as a child process.
 */

/** M/M/c/c: c licenses, Poisson arrivals (flat), exponential holding of 1 h, offered A erlangs. */
function mmcc(c: number, offered: number, days: number) {
  return {
    [`policy-${c}.yaml`]: policyYaml(
      {
        timeZone: 'UTC',
        sites: [{ id: 'site-a' }],
        licenses: [{ id: 'key', count: c, term: 'perpetual' }],
        pools: [{ id: 'pool', licenses: ['key'] }],
      },
      `c${c}`,
    ),
    [`mmcc-${c}.yaml`]: scenarioYaml(
      {
        policy: `policy-${c}.yaml`,
        start: '2026-03-02T00:00:00Z',
        duration: `P${days}D`,
        seed: 11,
        load: [{ users: 100_000, arrivals: { perHour: offered }, holding: { mean: 'PT1H' } }],
      },
      `mmcc-${c}`,
    ),
  };
}

let dir = '';
beforeAll(async () => {
  dir = await writeFixture({ ...mmcc(5, 3, 30), ...mmcc(10, 7, 30), ...mmcc(3, 1, 60) });
});

describe('replications', () => {
  it('1 and 2 worker threads give byte-identical reports, text and JSON', async () => {
    const scenario = join(dir, 'mmcc-5.yaml');
    const [one, two, oneText, twoText] = await Promise.all([
      licensimBuilt('simulate', scenario, '--replications', '6', '--jobs', '1', '--format', 'json'),
      licensimBuilt('simulate', scenario, '--replications', '6', '--jobs', '2', '--format', 'json'),
      licensimBuilt('simulate', scenario, '--replications', '6', '--jobs', '1'),
      licensimBuilt('simulate', scenario, '--replications', '6', '--jobs', '2'),
    ]);
    for (const out of [one, two, oneText, twoText]) expect(out.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(twoText.stdout).toBe(oneText.stdout);
    const report = JSON.parse(one.stdout).replications;
    expect(report).toMatchObject({ replications: 6, seed: 11, warmUpHours: 5 });
    expect(report.runs[0].pools[0].denialRate.ci95[0]).toBeLessThan(report.runs[0].pools[0].denialRate.mean);
  });

  it('shards merged in any order equal the unsharded run byte for byte', async () => {
    const scenario = join(dir, 'mmcc-5.yaml');
    const whole = await licensim(
      'simulate',
      scenario,
      '--replications',
      '7',
      '--jobs',
      '1',
      '--format',
      'json',
    );
    const parts = [1, 2, 3].map((i) => join(dir, `part-${i}.json`));
    for (const [i, part] of parts.entries()) {
      const out = await licensim(
        'simulate',
        scenario,
        '--replications',
        '7',
        '--jobs',
        '1',
        '--shard',
        `${i + 1}/3`,
        '--out',
        part,
      );
      expect(out.code).toBe(0);
    }
    // Shard 1 of 3 holds replications 0, 3 and 6.
    const first = JSON.parse(await readFile(parts[0]!, 'utf8')).partial;
    expect(first.values.map((v: { index: number }) => v.index)).toEqual([0, 3, 6]);
    expect(first.values[1].seed).toBe(replicationSeed(11, 3));
    const merged = await licensim('merge', parts[2]!, parts[0]!, parts[1]!, '--format', 'json');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
  });

  it('merge refuses a missing shard, a shard given twice and a file that is not a partial, naming the file (exit 2)', async () => {
    const scenario = join(dir, 'mmcc-5.yaml');
    const parts = [1, 2].map((i) => join(dir, `half-${i}.json`));
    for (const [i, part] of parts.entries()) {
      await licensim(
        'simulate',
        scenario,
        '--replications',
        '3',
        '--jobs',
        '1',
        '--shard',
        `${i + 1}/2`,
        '--out',
        part,
      );
    }
    const missing = await licensim('merge', parts[0]!);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${parts[0]}:1:1: shard 2/2 missing`);
    const twice = await licensim('merge', parts[0]!, parts[0]!, parts[1]!);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('shard 1/2 is given twice');
    const notPartial = join(dir, 'not-partial.json');
    await writeFile(notPartial, '{"licensim":"v1","scenarios":[]}');
    const wrong = await licensim('merge', notPartial);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`${notPartial}:1:1: not a partial result`);
    const badShard = await licensim('simulate', scenario, '--replications', '3', '--shard', '3/2');
    expect(badShard.code).toBe(2);
    expect(badShard.stderr).toContain('--shard must be i/n');
  });

  it('simulated M/M/c/c blocking falls inside its own 95 % interval around Erlang B, across a grid of c and A', async () => {
    for (const [c, offered] of [
      [5, 3],
      [10, 7],
      [3, 1],
    ] as const) {
      const out = await licensim(
        'simulate',
        join(dir, `mmcc-${c}.yaml`),
        '--replications',
        '12',
        '--jobs',
        '1',
        '--format',
        'json',
      );
      expect(out.code).toBe(0);
      const { ci95, mean } = JSON.parse(out.stdout).replications.runs[0].pools[0].denialRate;
      const b = erlangB(c, offered);
      expect(
        b,
        `c = ${c}, A = ${offered}: Erlang B ${b}, simulated ${mean} [${ci95}]`,
      ).toBeGreaterThanOrEqual(ci95[0]);
      expect(b, `c = ${c}, A = ${offered}: Erlang B ${b}, simulated ${mean} [${ci95}]`).toBeLessThanOrEqual(
        ci95[1],
      );
    }
  });
});

describe('replication statistics', () => {
  it('Student t(0.975): the tables at 1, 10 and 30 degrees of freedom, and 1.984 at 100 (expansion)', () => {
    expect(studentT975(1)).toBeCloseTo(12.706, 3);
    expect(studentT975(10)).toBeCloseTo(2.228, 3);
    expect(studentT975(30)).toBeCloseTo(2.042, 3);
    expect(studentT975(31)).toBeCloseTo(2.0395, 3);
    expect(studentT975(100)).toBeCloseTo(1.984, 3);
  });

  it('mean, sample sd, percentiles and the interval mean ± t × sd / √n', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 6);
    expect(s.p50).toBe(3);
    expect(s.p5).toBeCloseTo(1.2, 6);
    expect(s.p95).toBeCloseTo(4.8, 6);
    const half = (2.776445 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(s.ci95[0]).toBeCloseTo(3 - half, 5);
    expect(s.ci95[1]).toBeCloseTo(3 + half, 5);
    expect(summarise([7])).toEqual({ mean: 7, sd: 0, ci95: [7, 7], p5: 7, p50: 7, p95: 7 });
  });
});
