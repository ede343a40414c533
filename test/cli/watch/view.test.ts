import { stripVTControlCharacters } from 'node:util';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { LivePool, LiveSnapshot } from '../../../src/analysis/live-state.js';
import { PoolGauge, paceText, WatchApp, WatchView } from '../../../src/cli/watch/view.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;

function pool(over: Partial<LivePool> = {}): LivePool {
  return {
    id: 'site-a',
    inUse: 0,
    capacity: 500,
    peak: 0,
    state: 'active',
    warning: 0.8,
    critical: 0.95,
    admitted: 0,
    denied: 0,
    ...over,
  };
}

function snapshot(over: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    scenario: 'busy-day',
    policy: 'two-sites',
    product: 'WALLIX Bastion',
    timeZone: 'UTC',
    start: T0,
    end: T0 + 10 * HOUR,
    at: T0 + 2.5 * HOUR,
    pools: [pool({ inUse: 410, peak: 480, denied: 3 }), pool({ id: 'site-b', state: 'grace', inUse: 20 })],
    alerts: [
      { at: T0 + HOUR, pool: 'site-a', what: 'usage-warning', message: 'Usage at or above 80 % of capacity' },
    ],
    denials: [
      {
        at: T0 + 2 * HOUR,
        pool: 'site-a',
        what: 'pool-session-limit',
        message: 'License session limit reached',
      },
    ],
    ...over,
  };
}

/** The escape character that starts an SGR colour sequence. */
const ESC = '\u001b';
const running = { paused: false, speed: 3_600_000, finished: false };
const text = (frame: string | undefined) => stripVTControlCharacters(frame ?? '');

describe('the watch view (ink)', () => {
  it('W11: shows each pool as a gauge against its capacity, with its state, peak and the thresholds', () => {
    const frame = text(render(h(WatchView, { snapshot: snapshot(), status: running })).lastFrame());
    const siteA = frame.split('\n').find((l) => l.startsWith('site-a'))!;
    expect(siteA).toMatch(/410\/500\s+82% active\s+peak 480\s+denied 3/);
    // 410 of 500 fills 25 of 30 cells; the warning mark (80 % → cell 24) is under the fill, the critical shows.
    expect(siteA).toContain(`${'█'.repeat(25)}░░░┆░ `);
    const siteB = frame.split('\n').find((l) => l.startsWith('site-b'))!;
    expect(siteB).toMatch(/20\/500\s+4% grace/);
    expect(siteB).toContain(`█${'░'.repeat(23)}┆░░░┆░ `);
    expect(frame).toContain('┆ thresholds: warning 80%, critical 95%');
  });

  it('shows the virtual clock, the pace, the share done and the keys', () => {
    const frame = text(render(h(WatchView, { snapshot: snapshot(), status: running })).lastFrame());
    expect(frame).toContain('licensim watch  busy-day × two-sites  (WALLIX Bastion)');
    expect(frame).toMatch(/clock 2026-03-02 10:30 \+00:00\s+▶ running\s+1 h\/s\s+25% of 2026-03-02 08:00/);
    expect(frame).toContain('space pause/resume  s step  + faster  - slower  q quit');
  });

  it('lists the latest alerts and denials with their instant, rule and message', () => {
    const frame = text(render(h(WatchView, { snapshot: snapshot(), status: running })).lastFrame());
    expect(frame).toMatch(
      /Latest alerts\n\s+2026-03-02 09:00 \+00:00\s+usage-warning\s+site-a: Usage at or above 80 %/,
    );
    expect(frame).toMatch(
      /Latest denials\n\s+2026-03-02 10:00 \+00:00\s+pool-session-limit\s+site-a: License session limit reached/,
    );
    const quiet = text(
      render(h(WatchView, { snapshot: snapshot({ alerts: [], denials: [] }), status: running })).lastFrame(),
    );
    expect(quiet).toMatch(/Latest alerts\n\s+none yet\n\nLatest denials\n\s+none yet/);
  });

  it('says when the replay is paused or finished', () => {
    const paused = text(
      render(h(WatchView, { snapshot: snapshot(), status: { ...running, paused: true } })).lastFrame(),
    );
    expect(paused).toContain('❚❚ paused');
    const done = text(
      render(
        h(WatchView, { snapshot: snapshot({ at: T0 + 10 * HOUR }), status: { ...running, finished: true } }),
      ).lastFrame(),
    );
    expect(done).toMatch(/■ finished.*100% of/);
    expect(done).toContain('q quit');
    expect(done).not.toContain('s step');
  });

  it('colours the fill by threshold: green below warning, yellow from warning, red from critical', () => {
    // chalk, which ink colours with, sees no terminal here: turn 16 colours on for this test only.
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => {
      chalk.level = level;
    });
    const colourOf = (inUse: number) => {
      const frame = render(h(PoolGauge, { pool: pool({ inUse }) })).lastFrame() ?? '';
      // The first cell of the bar is filled: its SGR colour is the fill's.
      return new RegExp(`${ESC}\\[(\\d+)m█`).exec(frame)?.[1];
    };
    // SGR 32 green, 33 yellow, 31 red.
    expect([colourOf(100), colourOf(400), colourOf(480)]).toEqual(['32', '33', '31']);
  });

  it('escapes control characters in names from input files', () => {
    const frame = render(
      h(WatchView, { snapshot: snapshot({ policy: 'evil\u001b[2Jname' }), status: running }),
    ).lastFrame();
    expect(frame).not.toContain('\u001b[2J');
    expect(text(frame)).toContain('evil\\e[2Jname');
  });

  it.each([
    [1000, '1 s/s'],
    [90_000, '1.5 min/s'],
    [7_200_000, '2 h/s'],
    [86_400_000 * 3, '3 d/s'],
  ])('reads a pace of %d ms per second as %s', (speed, shown) => {
    expect(paceText(speed)).toBe(shown);
  });
});

describe('the watch keys', () => {
  function app() {
    const controls = { togglePause: vi.fn(), step: vi.fn(), faster: vi.fn(), slower: vi.fn(), quit: vi.fn() };
    const ui = render(h(WatchApp, { snapshot: snapshot(), status: running, controls }));
    return { controls, ui };
  }

  it('space pauses and resumes, s steps, + and - change the pace', async () => {
    const { controls, ui } = app();
    for (const key of [' ', 's', '+', '-', '-']) {
      ui.stdin.write(key);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(controls.togglePause).toHaveBeenCalledTimes(1);
    expect(controls.step).toHaveBeenCalledTimes(1);
    expect(controls.faster).toHaveBeenCalledTimes(1);
    expect(controls.slower).toHaveBeenCalledTimes(2);
    expect(controls.quit).not.toHaveBeenCalled();
    ui.unmount();
  });

  it('keys that arrive in one read each count: "--" slows twice, "+q" speeds up then quits', async () => {
    const { controls, ui } = app();
    ui.stdin.write('--');
    await new Promise((r) => setTimeout(r, 10));
    expect(controls.slower).toHaveBeenCalledTimes(2);
    ui.stdin.write('+q+');
    await new Promise((r) => setTimeout(r, 10));
    expect(controls.faster).toHaveBeenCalledTimes(1); // nothing after q
    expect(controls.quit).toHaveBeenCalledTimes(1);
    ui.unmount();
  });

  it('q quits', async () => {
    const { controls, ui } = app();
    ui.stdin.write('q');
    await new Promise((r) => setTimeout(r, 10));
    expect(controls.quit).toHaveBeenCalledTimes(1);
    ui.unmount();
  });
});
