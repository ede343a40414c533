import { bindRun } from '../../src/model/bind.js';
import type { Policy, StateName } from '../../src/model/policy.js';
import { executeRun, type RunNames } from '../../src/run/execute.js';
import { HOUR, scenarioFrom, scenarioYaml, TraceRecorder } from './build.js';
import type { Session, TimelineEvent } from './fixtures.js';
import type { Admission, LifecycleReference } from './lifecycle-reference.js';

/** What one probe session saw: its pool's state, capacity and sessions in use, and its own admission. */
export interface Observation extends Admission {
  readonly state: StateName;
  readonly capacity: number;
  readonly inUse: number;
}

/** A license event of a step: the scenario's timeline entry, and the same event told to the reference. */
export interface LicenseChange {
  readonly event: Omit<TimelineEvent, 'at'>;
  readonly act: () => void;
}

/** Sessions opened at a step, after its license events. */
export interface Batch {
  readonly site: number;
  readonly count: number;
  readonly hours: number;
}

interface Probe {
  readonly user: string;
  readonly step: number;
  readonly site: string;
  readonly expected: Observation;
}

/** How long a probe session lasts: less than the hour between steps, so probes never pile up. */
const PROBE_HOLD_MS = HOUR / 2;

/**
 * The real side of the model-based lifecycle tests: the scenario a sequence of commands makes, run by the
 * simulator itself (`executeRun`), so that the lifecycle machine, the license book, the pools' capacity and
 * the admission rules are all the code under test. Each step happens at a whole hour after the start and
 * offers one probe session per site; the reference model says what each probe must see, and `verify`
 * compares that with what the run's trace shows.
 *
 * The run is executed once, after the last command, rather than once per step: a run cannot be paused,
 * and replaying each prefix would cost a run per step. The comparison is still per step, since nothing
 * a later step does can change what an earlier probe saw.
 */
export class PlannedRun {
  private readonly timeline: TimelineEvent[] = [];
  private readonly sessions: Session[] = [];
  private readonly probes: Probe[] = [];
  private readonly steps: string[] = [];
  private lastHour = 0;

  constructor(
    private readonly policy: Policy,
    readonly startMs: number,
  ) {}

  /** The probes at the start, before any command. */
  start(reference: LifecycleReference): this {
    this.probe(reference, 'start', 0);
    return this;
  }

  /**
   * One step at `at` (a whole hour after the start): a license event if any, sessions opened if any, then
   * one probe per site.
   */
  step(
    reference: LifecycleReference,
    label: string,
    at: number,
    change?: LicenseChange,
    batch?: Batch,
  ): void {
    const hour = (at - this.startMs) / HOUR;
    if (!Number.isInteger(hour) || hour <= this.lastHour) {
      throw new Error(`step '${label}' must be a whole hour after the previous one`);
    }
    this.lastHour = hour;
    if (change) this.timeline.push({ at: `PT${hour}H`, ...change.event } as TimelineEvent);
    reference.step(at, change?.act);
    if (batch) {
      const hold = batch.hours * HOUR + PROBE_HOLD_MS;
      this.sessions.push({
        user: `batch-${this.steps.length}`,
        distinctUsers: true,
        site: this.policy.sites[batch.site]!.id,
        at: `PT${hour}H`,
        duration: `PT${batch.hours}H30M`,
        count: batch.count,
      });
      for (let k = 0; k < batch.count; k++) reference.offer(batch.site, hold);
    }
    this.probe(reference, label, hour);
  }

  /** Runs the scenario through the simulator and fails at the first probe that saw something else. */
  async verify(): Promise<void> {
    const actual = await this.execute();
    for (const probe of this.probes) {
      const seen = actual.get(probe.user);
      if (seen !== undefined && sameObservation(seen, probe.expected)) continue;
      const history = this.steps.slice(0, probe.step + 1).map((s, i) => `  ${i}. ${s}`);
      throw new Error(
        `${this.policy.name}, step ${probe.step}, site ${probe.site}:\n` +
          `  reference: ${JSON.stringify(probe.expected)}\n` +
          `  simulator: ${seen === undefined ? 'no decision' : JSON.stringify(seen)}\n` +
          `steps from ${new Date(this.startMs).toISOString()}:\n${history.join('\n')}`,
      );
    }
  }

  private probe(reference: LifecycleReference, label: string, hour: number): void {
    const step = this.steps.length;
    this.steps.push(`${label} (at +${hour} h)`);
    for (const site of this.policy.sites) {
      const user = `probe-${step}-${site.id}`;
      this.sessions.push({ user, site: site.id, at: `PT${hour}H`, duration: 'PT30M' });
      const pool = site.pool;
      const seen = {
        state: reference.state(pool),
        capacity: reference.capacity(pool),
        inUse: reference.inUse(pool),
      };
      const expected = { ...seen, ...reference.offer(site.index, PROBE_HOLD_MS) };
      this.probes.push({ user, step, site: site.id, expected });
    }
  }

  /** What each probe saw in the simulator's trace, by the probe's user name. */
  private async execute(): Promise<Map<string, Observation>> {
    const text = scenarioYaml({
      start: new Date(this.startMs).toISOString(),
      duration: `PT${this.lastHour + 1}H`,
      sessions: this.sessions,
      timeline: this.timeline,
    });
    const { scenario, source } = scenarioFrom(text);
    const { run, diagnostics } = bindRun(scenario, this.policy, source);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`planned scenario does not bind: ${errors[0]!.message}`);
    const recorder = new TraceRecorder();
    let names: RunNames | undefined;
    await executeRun(run, {
      sinks: (n) => {
        names = n;
        return [recorder];
      },
    });
    const state = new Map<number, StateName>();
    const capacity = new Map<number, number>();
    const seen = new Map<string, Observation>();
    for (const r of recorder.records) {
      if (r.type === 'transition') state.set(r.pool, r.to);
      else if (r.type === 'capacity') capacity.set(r.pool, r.capacity);
      else if (r.type === 'admit' || r.type === 'deny') {
        const user = names!.user(r.user);
        if (!user.startsWith('probe-')) continue;
        const pool = { state: state.get(r.pool)!, capacity: capacity.get(r.pool) ?? 0 };
        seen.set(
          user,
          r.type === 'admit'
            ? { ...pool, inUse: r.inUse - 1, admitted: true, ruleIds: null }
            : { ...pool, inUse: Number(r.facts.poolInUse), admitted: false, ruleIds: r.ruleIds },
        );
      }
    }
    return seen;
  }
}

function sameObservation(a: Observation, b: Observation): boolean {
  return (
    a.state === b.state &&
    a.capacity === b.capacity &&
    a.inUse === b.inUse &&
    a.admitted === b.admitted &&
    a.ruleIds === b.ruleIds
  );
}
