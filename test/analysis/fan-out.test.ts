import { describe, expect, it } from 'vitest';
import { fanOut, IgnoreAll } from '../../src/analysis/analysis.js';
import { boundedList, concat, hasRoom, push } from '../../src/analysis/bounded-list.js';
import type { FactVector, RuleOutcome } from '../../src/trace/facts.js';

/** A sink that logs the hot-path records it overrides. */
class Sessions extends IgnoreAll {
  constructor(readonly log: string[]) {
    super();
  }
  override admit(at: number): void {
    this.log.push(`admit ${at}`);
  }
  override release(at: number): void {
    this.log.push(`release ${at}`);
  }
}

class Admissions extends IgnoreAll {
  constructor(readonly log: string[]) {
    super();
  }
  override admit(at: number): void {
    this.log.push(`admission ${at}`);
  }
}

class Releases extends IgnoreAll {
  constructor(readonly log: string[]) {
    super();
  }
  override release(at: number): void {
    this.log.push(`releases ${at}`);
  }
}

const outcome: RuleOutcome = { rule: null, type: 'none', ruleIds: '', message: '' };
const seen = {} as FactVector;

describe('the fan-out of trace records', () => {
  it('names the one reducer that reads admissions and releases, for the simulation to call directly', () => {
    const log: string[] = [];
    const sessions = new Sessions(log);
    const sink = fanOut([new IgnoreAll(), sessions, new IgnoreAll()]);
    expect(sink.sessions).toBe(sessions);
  });

  it('without one such reducer, sessions go through the fan-out to every reader', () => {
    const log: string[] = [];
    const split = fanOut([new Admissions(log), new Releases(log)]);
    expect(split.sessions).not.toBeInstanceOf(IgnoreAll);
    split.sessions.admit(1, 0, 0, 0, 0, 1);
    split.sessions.release(2, 0, 0, 0, 0);
    const both = fanOut([new Sessions(log), new Admissions(log)]);
    both.sessions.admit(3, 0, 0, 0, 0, 1);
    both.sessions.release(4, 0, 0, 0, 0);
    const moreReleases = fanOut([new Sessions(log), new Releases(log)]);
    moreReleases.sessions.admit(5, 0, 0, 0, 0, 1);
    moreReleases.sessions.release(6, 0, 0, 0, 0);
    expect(log).toEqual([
      'admission 1',
      'releases 2',
      'admit 3',
      'admission 3',
      'release 4',
      'admit 5',
      'release 6',
      'releases 6',
    ]);
  });

  it('sinks that are not reducers receive every record', () => {
    const log: string[] = [];
    const plain = {
      admit: (at: number) => log.push(`admit ${at}`),
      release: (at: number) => log.push(`release ${at}`),
      deny: (at: number) => log.push(`deny ${at}`),
      alert: (at: number) => log.push(`alert ${at}`),
      record: (r: { type: string }) => log.push(r.type),
    };
    const sink = fanOut([plain, new Admissions(log)]);
    sink.admit(1, 0, 0, 0, 0, 1);
    sink.release(2, 0, 0, 0, 0);
    sink.deny(3, 0, 0, 0, 0, outcome, seen);
    sink.alert(4, 0, 'over-limit', true, outcome, seen, '');
    sink.record({ type: 'run-end', at: 5 });
    expect(log).toEqual(['admit 1', 'admission 1', 'release 2', 'deny 3', 'alert 4', 'run-end']);
  });
});

describe('bounded lists', () => {
  it('have room until they hold their limit', () => {
    const list = boundedList<number>(2);
    expect(hasRoom(list)).toBe(true);
    push(list, 1);
    expect(hasRoom(list)).toBe(true);
    push(list, 2);
    expect(hasRoom(list)).toBe(false);
  });

  it('concatenate within the limit, counting what is left out and what each had dropped', () => {
    const a = boundedList<number>(3);
    const b = boundedList<number>(3);
    for (const x of [1, 2]) push(a, x);
    for (const x of [3, 4, 5, 6]) push(b, x);
    expect(b.dropped).toBe(1);
    const merged = concat(a, b);
    expect(merged).toEqual({ items: [1, 2, 3], dropped: 2 + 1, limit: 3 });
    a.dropped = 4;
    expect(concat(a, b).dropped).toBe(2 + 4 + 1);
  });
});
