import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { Users } from '../../src/sim/users.js';
import { HOUR, runScenario, scenarioYaml } from '../support/build.js';
import { cluster, type Session, START, scenario, T0 } from '../support/fixtures.js';

/** The start instants of a run's sessions, in the order they started, as offsets from the run's start. */
async function startOffsets(sessions: Session[], options: { seed?: number } = {}): Promise<number[]> {
  const count = sessions.reduce((sum, s) => sum + (s.count ?? 1), 0);
  const r = await runScenario(cluster(count), scenario(sessions), options);
  return r.of('admit').map((a) => a.at - T0);
}

/** Located problems of a scenario of these sessions, as `line:column: message`. */
function problems(sessions: Session[]): string[] {
  const text = scenarioYaml({ start: START, duration: 'P1D', sessions });
  const { diagnostics } = documentFrom(parseYamlSource('s.yaml', text));
  return diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

/** Where the value of `key` sits in a scenario of these sessions, as `line:column`. */
function placeOfValue(sessions: Session[], key: string): string {
  const lines = scenarioYaml({ start: START, duration: 'P1D', sessions }).split('\n');
  const line = lines.findIndex((l) => l.includes(`${key}: `));
  return `${line + 1}:${lines[line]!.indexOf(`${key}: `) + key.length + 3}`;
}

describe('spread evenly: session k starts at at + ⌊k × over / count⌋', () => {
  it('7 sessions over one second start every 1000/7 ms, rounded down to the millisecond', async () => {
    const starts = await startOffsets([
      {
        user: 'u',
        distinctUsers: true,
        at: 'PT1H',
        duration: 'PT1H',
        count: 7,
        spread: 'evenly',
        over: 'PT1S',
      },
    ]);
    expect(starts).toEqual(Array.from({ length: 7 }, (_, k) => HOUR + Math.floor((k * 1000) / 7)));
  });

  it('3 sessions over 8 hours start at 0, 2h40 and 5h20 into the window, the last before its end', async () => {
    const starts = await startOffsets([
      {
        user: 'u',
        distinctUsers: true,
        at: 'PT1H',
        duration: 'PT1M',
        count: 3,
        spread: 'evenly',
        over: 'PT8H',
      },
    ]);
    expect(starts).toEqual([HOUR, HOUR + (8 * HOUR) / 3, HOUR + (16 * HOUR) / 3]);
  });

  it('more sessions than milliseconds in the window: several start in each millisecond, in order', async () => {
    const starts = await startOffsets([
      {
        user: 'u',
        distinctUsers: true,
        at: 'PT0S',
        duration: 'PT1M',
        count: 10,
        spread: 'evenly',
        over: 'PT0.004S',
      },
    ]);
    expect(starts).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 3, 3]);
  });

  it('each spread session lasts its own duration from its own start, idle spell included', async () => {
    const r = await runScenario(
      cluster(3),
      scenario([
        {
          user: 'u',
          distinctUsers: true,
          at: 'PT1H',
          duration: 'PT2H',
          idleAfter: 'PT30M',
          count: 3,
          spread: 'evenly',
          over: 'PT3H',
        },
      ]),
    );
    const started = new Map(r.of('admit').map((a) => [a.session, a.at - T0]));
    expect([...started.values()]).toEqual([HOUR, 2 * HOUR, 3 * HOUR]);
    expect(r.of('release').map((e) => e.at - T0 - started.get(e.session)!)).toEqual([
      2 * HOUR,
      2 * HOUR,
      2 * HOUR,
    ]);
  });

  it('sessions of two batches due at one instant start in the order of the file, batch after batch', async () => {
    const r = await runScenario(
      cluster(3),
      scenario([
        {
          user: 'a',
          distinctUsers: true,
          at: 'PT1H',
          duration: 'PT2H',
          count: 3,
          spread: 'evenly',
          over: 'PT3S',
        },
        {
          user: 'b',
          distinctUsers: true,
          at: 'PT1H',
          duration: 'PT2H',
          count: 3,
          spread: 'evenly',
          over: 'PT3S',
        },
      ]),
    );
    const users = new Users(r.run);
    expect(r.of('admit').map((a) => users.name(a.user))).toEqual(['a-1', 'b-1', 'a-2']);
    expect(r.of('deny').map((d) => users.name(d.user))).toEqual(['b-2', 'a-3', 'b-3']);
  });
});

describe('spread random: uniform starts over [at, at + over), drawn from the scenario seed', () => {
  const random = (count: number, over: string): Session => ({
    user: 'u',
    distinctUsers: true,
    at: 'PT2H',
    duration: 'PT1M',
    count,
    spread: 'random',
    over,
  });

  it('every start lies within the window, even with more sessions than milliseconds in it', async () => {
    const starts = await startOffsets([random(2000, 'PT1S')]);
    expect(starts).toHaveLength(2000);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(2 * HOUR);
    expect(Math.max(...starts)).toBeLessThan(2 * HOUR + 1000);
  });

  it('the same seed gives the same starts; another seed gives other starts', async () => {
    const first = await startOffsets([random(500, 'PT8H')], { seed: 7 });
    expect(await startOffsets([random(500, 'PT8H')], { seed: 7 })).toEqual(first);
    expect(await startOffsets([random(500, 'PT8H')], { seed: 8 })).not.toEqual(first);
  });

  it('starts are uniform over the window (Kolmogorov–Smirnov distance well under its 0.1 % bound)', async () => {
    const n = 10_000;
    const window = 10 * HOUR;
    const shares = (await startOffsets([random(n, 'PT10H')])).map((t) => (t - 2 * HOUR) / window);
    // The starts come sorted, so the empirical distribution steps up by 1/n at each.
    let distance = 0;
    shares.forEach((x, i) => {
      distance = Math.max(distance, (i + 1) / n - x, x - i / n);
    });
    // 1.95 / √n is the KS statistic's 0.1 % critical value; a fixed seed keeps the check repeatable.
    expect(distance).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('starts are not evenly spaced: the gaps between them vary as much as exponential gaps (CV ≈ 1)', async () => {
    const starts = await startOffsets([random(10_000, 'PT10H')]);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });

  it('a random spread draws from a stream of its own: a load stream arrives as it did without it', async () => {
    const load = [{ users: 50, arrivals: { perHour: 30 }, holding: { mean: 'PT20M' } }];
    const arrivals = async (sessions: Session[]) => {
      const spec = { start: START, duration: 'P1D', load, ...(sessions.length ? { sessions } : {}) };
      const r = await runScenario(cluster(1000), scenarioYaml(spec));
      const users = new Users(r.run);
      return r
        .of('admit')
        .map((a) => [a.at, users.name(a.user)])
        .filter(([, name]) => String(name).startsWith('load1-'));
    };
    const alone = await arrivals([]);
    expect(alone.length).toBeGreaterThan(500);
    expect(await arrivals([random(300, 'PT12H')])).toEqual(alone);
  });
});

describe('spread and over are checked where they are written', () => {
  const base = { user: 'u', at: 'PT16H', duration: 'PT1H', count: 5 } as const;

  it('a window that ends with the scenario is accepted', () => {
    expect(problems([{ ...base, spread: 'random', over: 'PT8H' }])).toEqual([]);
  });

  it('a window that ends after the scenario is an error at over, saying where each ends', () => {
    const sessions: Session[] = [{ ...base, spread: 'evenly', over: 'PT8H1S' }];
    expect(problems(sessions)).toEqual([
      `${placeOfValue(sessions, 'over')}: the window PT16H + PT8H1S ends after the scenario (${START} + P1D); shorten over or start earlier`,
    ]);
  });

  it('a window of no length is an error at over', () => {
    const sessions: Session[] = [{ ...base, spread: 'evenly', over: 'PT0S' }];
    expect(problems(sessions)).toEqual([
      `${placeOfValue(sessions, 'over')}: the window must last longer than zero`,
    ]);
  });

  it('spread without over is an error at spread, saying what to add', () => {
    const sessions: Session[] = [{ ...base, spread: 'random' }];
    expect(problems(sessions)).toEqual([
      `${placeOfValue(sessions, 'spread')}: spread needs over: the window the sessions start in, e.g. over: PT8H`,
    ]);
  });

  it('over without spread is an error at over, saying what to add', () => {
    const sessions: Session[] = [{ ...base, over: 'PT1H' }];
    expect(problems(sessions)).toEqual([
      `${placeOfValue(sessions, 'over')}: over needs spread: evenly or random, to say how the sessions start`,
    ]);
  });

  it('a spread other than evenly or random is refused by the schema', () => {
    const sessions = [{ ...base, spread: 'sometimes', over: 'PT1H' }] as unknown as Session[];
    expect(problems(sessions)).toEqual([
      `${placeOfValue(sessions, 'spread')}: spec.sessions[0].spread: must be one of evenly, random (got 'sometimes')`,
    ]);
  });

  it('a start after the scenario is reported once, at at, not again at over', () => {
    const sessions: Session[] = [{ ...base, at: 'P2D', spread: 'evenly', over: 'PT1H' }];
    expect(problems(sessions)).toEqual([expect.stringMatching(/P2D is outside the scenario/)]);
  });
});
