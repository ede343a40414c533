import { calendarWeights, type Run } from './simulator.js';

/** One load stream as the bare loop draws it: the simulator's arrival and draw streams, in plain numbers. */
export interface BareStream {
  readonly perHour: number;
  /** The weight of each calendar slot (hour of the week, days left in the month). */
  readonly profile: Float64Array;
  /** A flat profile needs no thinning, so the loop draws its gaps inline. */
  readonly flat: boolean;
  /** Users of this stream are numbered userBase .. userBase + users - 1, as the simulator numbers them. */
  readonly userBase: number;
  readonly users: number;
  readonly site: number;
  readonly holding: Run['load'][number]['holding'];
  readonly idle: Run['load'][number]['idle'];
}

/**
 * A run reduced to what a hand-written loop needs to make the simulator's admission decisions: arrival
 * streams, a capacity per pool (and per site when the pool is split), the per-user limit and the idle
 * timeout. Anything the bare loop does not model (explicit sessions, a timeline, capacity changing during
 * the run, an over-limit policy other than deny) is refused, so twin and simulator never quietly differ.
 */
export interface BareLoad {
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly timeZone: string;
  readonly streams: readonly BareStream[];
  readonly sitePool: Int32Array;
  readonly poolCapacity: Int32Array;
  /** A site's share of its pool, or -1 when the pool is not split. */
  readonly siteCapacity: Int32Array;
  /** Infinity when the policy has no per-user limit. */
  readonly perUserLimit: number;
  /** Infinity when the policy has no idle timeout. */
  readonly idleTimeoutMs: number;
  readonly users: number;
}

export function bareLoadOf(run: Run): BareLoad {
  const { policy, scenario } = run;
  const name = `${scenario.name} × ${policy.name}`;
  if (run.sessions.length > 0 || run.timeline.length > 0) {
    throw new Error(`${name}: the bare loop models load streams only, not explicit sessions or a timeline`);
  }
  if (policy.limits.overLimit !== 'deny') {
    throw new Error(`${name}: the bare loop models overLimit: deny only, not ${policy.limits.overLimit}`);
  }
  if (policy.pools.some((p) => p.allocation !== null)) {
    throw new Error(`${name}: the bare loop does not model per-site allocation (W7)`);
  }
  const poolCapacity = new Int32Array(policy.pools.length);
  for (const l of policy.licenses) {
    const inside = (t: number) => t > scenario.startMs && t <= scenario.endMs;
    if (inside(l.startMs) || inside(l.endMs)) {
      throw new Error(
        `${name}: license ${l.id} starts or ends during the run; the bare loop needs fixed capacity`,
      );
    }
    if (l.installed && l.startMs <= scenario.startMs && scenario.startMs < l.endMs)
      poolCapacity[l.pool]! += l.count;
  }
  const unlicensed = policy.pools.find((p) => poolCapacity[p.index] === 0);
  if (unlicensed || policy.lifecycle.states.active.sessionLimit !== null) {
    throw new Error(`${name}: the bare loop needs every pool active and licensed from the start`);
  }
  return bareLoadWith(run, poolCapacity);
}

/**
 * A license-server fleet (P3–P5) reduced to its sessions: the same arrival streams, each pool admitting
 * up to the most its clients may lease (Σ MUC of its members), the simplest fixed stand-in for a capacity
 * the simulator grows in steps, renews, reclaims and loses to WAN outages. Admissions therefore differ
 * from the simulator's (it denies while a step is asked for, and during outages); the sessions do not.
 */
export function bareFleetLoadOf(run: Run): BareLoad {
  const { policy, scenario } = run;
  const fleet = policy.fleet;
  if (fleet === null) throw new Error(`${scenario.name} × ${policy.name}: the policy has no license servers`);
  if (run.sessions.length > 0) throw new Error(`${scenario.name}: the bare loop models load streams only`);
  const poolCapacity = new Int32Array(policy.pools.length);
  for (const client of fleet.clients) {
    for (const a of client.allocations) {
      if (fleet.features[a.feature]!.unit === 'users') poolCapacity[client.pool]! += a.maximum;
    }
  }
  return bareLoadWith(run, poolCapacity);
}

/** The bare loop's load: the run's streams and limits, each pool admitting up to `poolCapacity`. */
function bareLoadWith(run: Run, poolCapacity: Int32Array): BareLoad {
  const { policy, scenario } = run;
  const { streams, users } = streamsOf(run);
  const limit = policy.limits.perUserSessions;
  return {
    seed: scenario.seed,
    startMs: scenario.startMs,
    endMs: scenario.endMs,
    timeZone: policy.timeZone,
    streams,
    sitePool: Int32Array.from(policy.sites, (s) => s.pool),
    poolCapacity,
    siteCapacity: new Int32Array(policy.sites.length).fill(-1),
    perUserLimit: limit !== null && limit > 0 ? limit : Number.POSITIVE_INFINITY,
    idleTimeoutMs: policy.limits.idleTimeoutMs ?? Number.POSITIVE_INFINITY,
    users,
  };
}

/** The run's load streams as the bare loop draws them, users numbered as the simulator numbers them. */
function streamsOf(run: Run): { streams: BareStream[]; users: number } {
  let userBase = 0;
  const streams: BareStream[] = run.load.map((l) => {
    const weights = calendarWeights(l.profile);
    const stream = {
      perHour: l.perHour,
      profile: weights,
      flat: weights.every((w) => w === weights[0]),
      userBase,
      users: l.users,
      site: l.siteIndex,
      holding: l.holding,
      idle: l.idle,
    };
    userBase += l.users;
    return stream;
  });
  return { streams, users: userBase };
}
