import { VirtualTimers } from '../lifecycle/virtual-timers.js';
import type { Run } from '../model/bind.js';
import { PolicyRules } from '../rules/policy-rules.js';
import type { TraceSink } from '../trace/records.js';
import { ExpiryWarnings } from './expiry-warnings.js';
import { Kernel, Priority } from './kernel.js';
import { licenseBookModel } from './license-book.js';
import type { LicensingModel } from './licensing-model.js';
import { PoolCounts } from './pool-counts.js';
import { PoolLifecycles } from './pool-lifecycles.js';
import { Pools } from './pools.js';
import { RecordedSessions } from './recorded-sessions.js';
import { Sessions } from './sessions.js';
import { Timeline } from './timeline.js';
import { Topology } from './topology.js';
import { UsageLevels } from './usage-levels.js';
import { Users } from './users.js';

/** Counts of a finished run that are not per-pool metrics. */
export interface RunStats {
  readonly events: number;
  readonly sessionsOffered: number;
  readonly engineRuns: number;
}

/** The licensing models a run may use, in order of preference; the first that serves the policy wins. */
export const licensingModels: readonly LicensingModel[] = [licenseBookModel];

/** How far a run has gone, reported as it goes. */
export interface RunProgress {
  /** The share of the run's virtual time already replayed, from 0 to 1. */
  readonly done: number;
  /** Events handled so far. */
  readonly events: number;
}

export interface SimulationOptions {
  /** Licensing models tried before the built-in ones (a model of one's own, or a test double). */
  readonly models?: readonly LicensingModel[];
  /** Called every 65,536 events (when the loop gives the event loop a turn), never per event. */
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * Paces the replay, for a live view: called with the virtual instant reached (the start first), it
   * resolves with the instant to replay to next, and may reject to abandon the run. The pacing, on a
   * real timer, is the caller's: the simulation itself never reads a clock.
   */
  readonly pace?: (reached: number) => Promise<number>;
}

/**
 * One deterministic discrete-event run of a scenario against a policy: the kernel, with the run's
 * components plugged into it (sessions and admission, pools and their lifecycles, usage levels, the
 * licensing model that gives capacity, topology, timeline, expiry warnings). Every effect is reported to
 * the trace sink; the simulation keeps only the state it needs to go on.
 */
export class Simulation {
  private readonly users: Users;
  private ran = false;

  constructor(
    private readonly run: Run,
    private readonly options: SimulationOptions = {},
  ) {
    this.users = new Users(run);
  }

  /** Names for trace writers: users, nodes, sites and pools by index. */
  get names() {
    const { policy } = this.run;
    return {
      user: (i: number) => this.users.name(i),
      node: (i: number) => policy.nodes[i]?.id ?? `node#${i}`,
      site: (i: number) => policy.sites[i]?.id ?? `site#${i}`,
      pool: (i: number) => policy.pools[i]?.id ?? `pool#${i}`,
    };
  }

  /** Replays the scenario to its end, streaming the trace to `sink`. A simulation runs once. */
  async execute(sink: TraceSink): Promise<RunStats> {
    if (this.ran) throw new Error('a Simulation runs once; create another to run again');
    this.ran = true;
    const { run } = this;
    const { scenario, policy } = run;
    const { onProgress } = this.options;
    const span = scenario.endMs - scenario.startMs;
    const kernel = new Kernel(
      scenario.startMs,
      scenario.endMs,
      onProgress &&
        ((k) => onProgress({ done: span > 0 ? (k.now - scenario.startMs) / span : 1, events: k.events })),
    );
    const rules = new PolicyRules(policy);
    const timers = new VirtualTimers(
      () => kernel.now,
      (at, id) => kernel.schedule(at, timer, id, 0),
    );
    const { timer } = kernel.register<'timer', VirtualTimers>(
      { timer: VirtualTimers.prototype.fire },
      Priority.licensing,
      timers,
    );
    const counts = new PoolCounts(policy);
    const topology = new Topology(policy);
    const lifecycles = new PoolLifecycles(
      policy,
      timers,
      () => kernel.now,
      sink,
      () => kernel.unsettle(),
    );
    const usage = new UsageLevels(policy, rules.usage, counts, lifecycles, kernel, sink);
    const sessions = new Sessions(run, kernel, sink, rules, counts, lifecycles, usage, topology, this.users);
    const pools = new Pools(run, kernel, sink, counts, lifecycles, usage, (pool, cause) =>
      sessions.endPool(pool, cause),
    );
    kernel.addSettler(pools);
    const model = this.model().create(pools);
    if (model.saturated !== undefined) sessions.askOnSaturation(model);
    if (model.seat !== undefined) sessions.askForSeats(model);
    const recorded =
      scenario.recorded && new RecordedSessions(run, scenario.recorded, kernel, sessions, this.users);
    const timeline = new Timeline(run, kernel, sink, model, topology, sessions, lifecycles);
    const expiry = new ExpiryWarnings(run, kernel, sink, rules.expiry, model);
    pools.watchLicenses((pool) => expiry.licensesChanged(pool));
    const { end } = kernel.register({ end: endOfRun }, Priority.licensing);

    sink.record({
      type: 'run-start',
      at: kernel.now,
      scenario: scenario.name,
      policy: policy.name,
      seed: scenario.seed,
    });
    // The order of these steps is the order of events at the start instant.
    timeline.start();
    await model.start();
    await pools.start(model);
    await kernel.settle();
    sessions.start();
    await recorded?.start();
    expiry.start();
    kernel.schedule(scenario.endMs, end, 0, 0);
    if (this.options.pace === undefined) await kernel.run();
    else await paced(kernel, this.options.pace);
    sink.record({ type: 'run-end', at: scenario.endMs });
    lifecycles.stop();
    const engineRuns = rules.engineRuns + (model.engineRuns?.() ?? 0);
    return { events: kernel.events, sessionsOffered: sessions.offered, engineRuns };
  }

  private model(): LicensingModel {
    const models = [...(this.options.models ?? []), ...licensingModels];
    const model = models.find((m) => m.serves(this.run.policy));
    // Stryker disable next-line ConditionalExpression,StringLiteral: the license book, last in the list, serves every policy
    if (model === undefined) throw new Error(`no licensing model serves policy '${this.run.policy.name}'`);
    return model;
  }
}

/** Runs the kernel to its end in the slices `pace` asks for; the clock then stands at the end. */
async function paced(kernel: Kernel, pace: (reached: number) => Promise<number>): Promise<void> {
  let reached = kernel.now;
  for (;;) {
    const until = Math.max(reached, await pace(reached));
    const more = await kernel.runUntil(until);
    reached = Math.min(until, kernel.end);
    if (!more) break;
  }
  kernel.now = kernel.end;
}

/** The event at the run's end: nothing to do, but it is an event of the run like any other. */
// Stryker disable next-line BlockStatement: the body only returns undefined
function endOfRun(): undefined {
  return undefined;
}
