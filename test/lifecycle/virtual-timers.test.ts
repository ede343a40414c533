import { describe, expect, it } from 'vitest';
import { VirtualTimers } from '../../src/lifecycle/virtual-timers.js';

describe('virtual timers', () => {
  it('a timer is queued at virtual now plus its delay, never in the past, and fires once', () => {
    const queued: [number, number][] = [];
    const timers = new VirtualTimers(
      () => 1_000,
      (at, id) => queued.push([at, id]),
    );
    let fired = 0;
    const late = timers.setTimeout(() => fired++, 500);
    const early = timers.setTimeout(() => fired++, -20);
    expect(queued).toEqual([
      [1_500, late],
      [1_000, early],
    ]);
    timers.fire(late);
    timers.fire(late);
    expect(fired).toBe(1);
  });

  it('a cleared timer does not fire when its event comes up', () => {
    const timers = new VirtualTimers(
      () => 0,
      () => {},
    );
    let fired = false;
    const id = timers.setTimeout(() => {
      fired = true;
    }, 10);
    timers.clearTimeout(id);
    timers.fire(id);
    expect(fired).toBe(false);
  });
});
