import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { writeFleetLoad } from './fleet-load.js';

/** The repository's root: bench/ in development, dist/ once bundled, both one level down. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bundled scenario whose load the shared-pool loads replay. */
const COMPARE_SCENARIO = join(REPO_ROOT, 'scenarios/wallix-4-sites-compare.yaml');

/** A load of the benchmark: a scenario file with one policy, and the Erlang B point it checks, if any. */
export interface BenchLoad {
  readonly name: string;
  readonly description: string;
  readonly scenarioFile: string;
  readonly horizonDays: number;
  readonly erlang: { readonly c: number; readonly offeredLoad: number } | null;
  /**
   * `twin`: the bare loop makes the simulator's admission decisions one for one. `fleet`: it replays the
   * same sessions against each pool's Σ MUC, a fixed stand-in for leased capacity (see bareFleetLoadOf).
   */
  readonly bare: 'twin' | 'fleet';
}

/** The two M/M/c/c points: c licenses offered A Erlangs, where Erlang B gives about 1 % blocking. */
const MMCC_POINTS = [
  { c: 10, offeredLoad: 4.46 },
  { c: 100, offeredLoad: 84.06 },
] as const;

/**
 * Writes the benchmark's scenarios into `dir`: the two M/M/c/c loads sized to about `arrivals` arrivals,
 * and the bundled 4-site enterprise and hybrid policies under the load of the bundled comparison scenario,
 * stretched to `days` days, and the license-server fleet over `fleetDays` days.
 */
export function writeLoads(
  dir: string,
  options: { arrivals: number; days: number; fleetDays: number },
): BenchLoad[] {
  const mmcc = MMCC_POINTS.map(({ c, offeredLoad }) => writeMmccLoad(dir, c, offeredLoad, options.arrivals));
  return [
    ...mmcc,
    writeSharedPoolLoad(dir, 'enterprise', options.days),
    writeSharedPoolLoad(dir, 'hybrid', options.days),
    writeFleetLoad(dir, options.fleetDays),
  ];
}

function writeMmccLoad(dir: string, c: number, offeredLoad: number, arrivals: number): BenchLoad {
  const name = `mmcc-${c}`;
  // Mean holding 1 h, so arrivals per hour = offered load in Erlangs; long enough for `arrivals` arrivals.
  const days = Math.ceil(arrivals / offeredLoad / 24) + 1;
  writeFileSync(
    join(dir, `${name}-policy.yaml`),
    stringify({
      apiVersion: 'licensim/v1',
      kind: 'Policy',
      metadata: { name },
      spec: {
        timeZone: 'UTC',
        licenses: [{ id: 'lic', count: c, term: 'perpetual' }],
        pools: [{ id: 'pool', licenses: ['lic'] }],
        limits: { perUserSessions: 1000, overLimit: 'deny' },
        alerts: { usage: { warning: 0.8, critical: 0.95 } },
      },
    }),
  );
  const scenarioFile = join(dir, `${name}.yaml`);
  writeFileSync(
    scenarioFile,
    stringify({
      apiVersion: 'licensim/v1',
      kind: 'Scenario',
      metadata: { name },
      spec: {
        policy: `${name}-policy.yaml`,
        start: '2026-01-01T00:00:00Z',
        duration: `P${days}D`,
        seed: 42,
        load: [
          {
            users: 1000,
            arrivals: { perHour: offeredLoad },
            holding: { distribution: 'exponential', mean: 'PT1H' },
          },
        ],
      },
    }),
  );
  return {
    name,
    description: `M/M/c/c, c = ${c}, ${offeredLoad} Erlangs, exponential holding (mean 1 h), flat arrivals`,
    scenarioFile,
    horizonDays: days,
    erlang: { c, offeredLoad },
    bare: 'twin',
  };
}

/**
 * One of the bundled 4-site policies (`wallix-4-sites-<option>.yaml`) under the load of the bundled
 * comparison scenario (same streams, start and seed, over `days` days instead of a week), with what an
 * operated bastion has on top and the shipped files leave out: the policy gains a per-user limit of 3
 * sessions and a 60-minute idle timeout (W10), and each stream lognormal holding times (sigma 0.6) and
 * 10 % of sessions left idle for 4 hours, so that admission, per-user counts and idle checks all work.
 */
export function writeSharedPoolLoad(dir: string, option: 'enterprise' | 'hybrid', days: number): BenchLoad {
  const compare = parse(readFileSync(COMPARE_SCENARIO, 'utf8')) as {
    spec: { start: string; seed: number; load: { holding: { mean: string } }[] };
  };
  const bundled = parse(readFileSync(join(REPO_ROOT, `policies/wallix-4-sites-${option}.yaml`), 'utf8')) as {
    metadata: { name: string };
    spec: { limits?: Record<string, unknown> };
  };
  const policyFile = join(dir, `${option}-policy.yaml`);
  bundled.spec.limits = { ...bundled.spec.limits, perUserSessions: 3, idleTimeout: 'PT60M' };
  writeFileSync(policyFile, stringify(bundled));
  const scenarioFile = join(dir, `${option}-${days}d.yaml`);
  const { start, seed } = compare.spec;
  const load = compare.spec.load.map((l) => ({
    ...l,
    holding: { distribution: 'lognormal', mean: l.holding.mean, sigma: 0.6 },
    idle: { share: 0.1, duration: 'PT4H' },
  }));
  writeFileSync(
    scenarioFile,
    stringify({
      apiVersion: 'licensim/v1',
      kind: 'Scenario',
      metadata: { name: `${option}-${days}d` },
      spec: { policy: policyFile, start, duration: `P${days}D`, seed, load },
    }),
  );
  return {
    name: option,
    description:
      `policies/wallix-4-sites-${option}.yaml with 3 sessions per user and a 60-minute idle timeout, under the ` +
      'load of scenarios/wallix-4-sites-compare.yaml with lognormal holding and 10 % idle sessions',
    scenarioFile,
    horizonDays: days,
    erlang: null,
    bare: 'twin',
  };
}
