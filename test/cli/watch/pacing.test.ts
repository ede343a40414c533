import { describe, expect, it } from 'vitest';
import { Pacer, TICK_MS, WatchQuit } from '../../../src/cli/watch/pacer.js';
import { executeRun } from '../../../src/run/execute.js';
import { prepareScenario } from '../../../src/run/simulate.js';
import { licensim } from '../../support/cli.js';

/** A pacer on a fake clock whose every wait moves the clock on by the time waited. */
function fakePacer(speed: number) {
  let now = 0;
  const waits: number[] = [];
  const pacer = new Pacer(
    speed,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
    () => now,
  );
  return { pacer, waits, advance: (ms: number) => (now += ms) };
}

describe('pacing a replay', () => {
  it('replays speed × the real time gone since the last slice, a tick at a time', async () => {
    const { pacer, waits } = fakePacer(3_600_000); // an hour a second
    expect(await pacer.pace(0)).toBe(360_000); // 100 ms: 6 virtual minutes
    expect(await pacer.pace(360_000)).toBe(720_000);
    expect(waits).toEqual([TICK_MS, TICK_MS]);
  });

  it('makes up for a slow slice, up to a second of real time', async () => {
    const { pacer, advance } = fakePacer(1000);
    advance(400); // the last slice took 0.4 s more than its tick
    expect(await pacer.pace(0)).toBe(500);
    advance(60_000); // a stalled machine: at most a second is made up
    expect(await pacer.pace(0)).toBe(1000);
  });

  it('+ doubles and - halves the pace, never below a simulated second a second', async () => {
    const { pacer } = fakePacer(4000);
    pacer.faster();
    expect(pacer.speed).toBe(8000);
    for (let i = 0; i < 5; i++) pacer.slower();
    expect(pacer.speed).toBe(1000);
  });

  it('paused, waits until resumed or stepped, one tick per step', async () => {
    const { pacer } = fakePacer(10_000);
    pacer.togglePause();
    expect(pacer.status.paused).toBe(true);
    let resolved: number | null = null;
    const next = pacer.pace(0).then((v) => {
      resolved = v;
      return v;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBeNull(); // paused: the replay does not move
    pacer.step();
    expect(await next).toBe(1000); // one tick's worth: 100 ms at 10 s/s
    const held = pacer.pace(1000);
    let moved = false;
    void held.then(() => {
      moved = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(moved).toBe(false); // still paused after the step
    pacer.togglePause();
    expect(await held).toBe(2000);
  });

  it('quitting rejects the next slice, even while paused', async () => {
    const { pacer } = fakePacer(1000);
    pacer.togglePause();
    const next = pacer.pace(0);
    pacer.quit();
    await expect(next).rejects.toBeInstanceOf(WatchQuit);
  });

  it('a run replayed in slices gives exactly the results of a run at full speed', async () => {
    const prepared = await prepareScenario('scenarios/wallix-limits-and-alerts.yaml');
    const run = prepared.runs[0]!;
    const whole = await executeRun(run);
    const slices: number[] = [];
    const sliced = await executeRun(run, {
      pace: async (reached) => {
        slices.push(reached);
        return reached + 7 * 60_000 + 13; // odd slices, so that some end between events at one instant
      },
    });
    expect(slices.length).toBeGreaterThan(10);
    expect(sliced).toEqual(whole);
  });
});

describe('licensim watch on a pipe', () => {
  it('W8 W9: prints plain progress lines, one per twentieth of the run and one at its end', async () => {
    const { code, stdout, stderr } = await licensim('watch', 'scenarios/wallix-trial.yaml');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('2026-02-02 09:00 +01:00    0%  bastion 0/10 trial  denied 0');
    expect(lines.at(-1)).toMatch(/^2026-03-19 09:00 \+01:00 {2}100% {2}bastion 0\/100 active {2}denied \d+$/);
    // The trial ends, the pool expires with no capacity, then the key's activation makes it active.
    const states = [...new Set(lines.map((l) => /bastion \d+\/\d+ (\S+)/.exec(l)![1]))];
    expect(states).toEqual(['trial', 'expired', 'active']);
    expect(stdout).not.toContain('\u001b');
  });

  it('--policy picks one of the policies a scenario compares, and names them when it is none', async () => {
    const picked = await licensim(
      'watch',
      'scenarios/wallix-4-sites-compare.yaml',
      '--policy',
      'wallix-4-sites-hybrid',
    );
    expect(picked.code).toBe(0);
    expect(picked.stdout.split('\n')[0]).toMatch(
      /primary \d+\/1200 active, site-c \d+\/400 active, site-d \d+\/400 active/,
    );
    const wrong = await licensim('watch', 'scenarios/wallix-4-sites-compare.yaml', '--policy', 'nope');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      "--policy: the scenario runs no policy 'nope'; it runs wallix-4-sites-isolated, wallix-4-sites-enterprise, wallix-4-sites-hybrid",
    );
  });
});
