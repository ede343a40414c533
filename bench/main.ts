// npm run bench [-- --json] [-- --arrivals N]
//
// Replays an M/M/c/c load (Poisson arrivals, exponential holding, c licenses, over-limit denied) through
// the full simulator with the policy's rules in force, and the same load through a bare event loop written
// here, in the same process. Prints both throughputs, their ratio, peak RSS, and the simulated blocking
// probability beside Erlang B. Machines are noisy: the ratio, measured in one process, is the figure.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeRun } from '../src/run/execute.js';
import { prepareScenario } from '../src/run/simulate.js';
import { erlangB } from '../src/sim/erlang.js';
import { Rng } from '../src/sim/rng.js';
import { bareLoop } from './bare-loop.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const arrivalsArg = args.indexOf('--arrivals');
const ARRIVALS = arrivalsArg >= 0 ? Number(args[arrivalsArg + 1]) : 1_000_000;
const REPEATS = 5;
const HOUR = 3_600_000;

/** The two Erlang B reference points of the benchmark: (licenses, offered load in Erlangs). */
const loads = [
  { c: 10, offeredLoad: 4.46 },
  { c: 100, offeredLoad: 84.06 },
];

interface Measure {
  events: number;
  seconds: number;
  offered: number;
  blocked: number;
}

async function simulatorRun(dir: string, c: number, offeredLoad: number, seed: number): Promise<Measure> {
  // Mean holding 1 h, so arrivals per hour = offered load in Erlangs; long enough for ARRIVALS arrivals.
  const days = Math.ceil(ARRIVALS / offeredLoad / 24) + 1;
  const policy = join(dir, `policy-${c}.yaml`);
  const scenario = join(dir, `scenario-${c}.yaml`);
  writeFileSync(
    policy,
    `apiVersion: licensim/v1
kind: Policy
metadata: { name: mmcc-${c} }
spec:
  timeZone: UTC
  licenses: [{ id: lic, count: ${c}, term: perpetual }]
  pools: [{ id: pool, licenses: [lic] }]
  limits: { perUserSessions: 1000, overLimit: deny }
  alerts: { usage: { warning: 0.8, critical: 0.95 } }
`,
  );
  writeFileSync(
    scenario,
    `apiVersion: licensim/v1
kind: Scenario
metadata: { name: mmcc-${c} }
spec:
  policy: policy-${c}.yaml
  start: 2026-01-01T00:00:00Z
  duration: P${days}D
  seed: ${seed}
  load:
    - { users: 1000, arrivals: { perHour: ${offeredLoad} }, holding: { distribution: exponential, mean: PT1H } }
`,
  );
  const { runs } = await prepareScenario(scenario);
  const run = runs[0]!;
  const started = process.hrtime.bigint();
  const { stats, results } = await executeRun(run);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pool = results.usage.pools[0]!;
  return { events: stats.events, seconds, offered: pool.admitted + pool.denied, blocked: pool.denied };
}

function bareRun(c: number, offeredLoad: number, seed: number): Measure {
  const days = Math.ceil(ARRIVALS / offeredLoad / 24) + 1;
  const started = process.hrtime.bigint();
  const r = bareLoop(new Rng(seed).fork(0), c, HOUR / offeredLoad, HOUR, days * 24 * HOUR);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events: r.events, seconds, offered: r.arrivals, blocked: r.blocked };
}

/** Machine noise only ever slows a run down, so the fastest of several runs is the steadiest estimate. */
function best(xs: number[]): number {
  return Math.max(...xs);
}

const dir = mkdtempSync(join(tmpdir(), 'licensim-bench-'));
try {
  let simEvents = 0;
  let simSeconds = 0;
  let bareEvents = 0;
  let bareSeconds = 0;
  const erlang = [];
  for (const { c, offeredLoad } of loads) {
    const sims: Measure[] = [];
    const bares: Measure[] = [];
    // Alternate the two loops so that machine noise falls on both alike.
    for (let i = 0; i < REPEATS; i++) {
      bares.push(bareRun(c, offeredLoad, 42));
      sims.push(await simulatorRun(dir, c, offeredLoad, 42));
    }
    const simRate = best(sims.map((m) => m.events / m.seconds));
    const bareRate = best(bares.map((m) => m.events / m.seconds));
    simEvents += sims[0]!.events;
    simSeconds += sims[0]!.events / simRate;
    bareEvents += bares[0]!.events;
    bareSeconds += bares[0]!.events / bareRate;
    const s = sims[0]!;
    erlang.push({
      c,
      offeredLoad,
      arrivals: s.offered,
      simulatedBlocking: s.blocked / s.offered,
      erlangB: erlangB(c, offeredLoad),
      bareLoopBlocking: bares[0]!.blocked / bares[0]!.offered,
      simulatorEventsPerSec: Math.round(simRate),
      bareEventsPerSec: Math.round(bareRate),
    });
  }
  const result = {
    arrivalsPerLoad: ARRIVALS,
    simulatorEventsPerSec: Math.round(simEvents / simSeconds),
    bareEventsPerSec: Math.round(bareEvents / bareSeconds),
    ratio: simEvents / simSeconds / (bareEvents / bareSeconds),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    erlang,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const m = (x: number) => `${(x / 1e6).toFixed(2)} M events/s`;
    const lines = [
      `M/M/c/c benchmark, ${ARRIVALS.toLocaleString('en')} arrivals per load, best of ${REPEATS} alternating runs`,
      `  simulator (rules in force): ${m(result.simulatorEventsPerSec)}`,
      `  bare event loop:            ${m(result.bareEventsPerSec)}`,
      `  ratio:                      ${result.ratio.toFixed(2)} (target >= 0.5)`,
      `  peak RSS:                   ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
      '  blocking probability (target: within ±10 % of Erlang B):',
      ...erlang.map(
        (e) =>
          `    c = ${e.c}, A = ${e.offeredLoad} Erlangs: simulated ${e.simulatedBlocking.toFixed(5)}, Erlang B ${e.erlangB.toFixed(5)} (${((e.simulatedBlocking / e.erlangB - 1) * 100).toFixed(1)} %)`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
