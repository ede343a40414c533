import type { Run } from '../model/bind.js';
import type { Policy, StateName } from '../model/policy.js';
import type { RuleOutcome } from '../trace/facts.js';
import type { TraceSink } from '../trace/records.js';
import type { Kernel } from './kernel.js';

/**
 * Where a pool's capacity comes from: how many sessions it may use now, and whether it is licensed at
 * all. The license book answers from installed keys; a license-server lease or an entitlement model
 * answers from its own state, behind the same questions.
 */
export interface CapacitySource {
  /** Sessions the pool may use at `now`; in grace, licenses whose term has ended may still count. */
  sessions(pool: number, now: number, inGrace: boolean): number;
  /** Whether the pool holds a valid license at `now`: without one its lifecycle expires (W9). */
  licensed(pool: number, now: number): boolean;
  /** When the pool's valid licenses end (the latest end), or -Infinity when none is valid. */
  lastEnd(pool: number, now: number): number;
}

/** A timeline event of the run, with its target resolved. */
export type TimelineEntry = Run['timeline'][number];

/** What a licensing model may ask of the run it serves. */
export interface ModelHost {
  readonly run: Run;
  readonly kernel: Kernel;
  readonly sink: TraceSink;
  /** Whether the pool was licensed when last seen (before the change being applied). */
  wasLicensed(pool: number): boolean;
  /** The pool's lifecycle state now. */
  state(pool: number): StateName;
  /** When the pool entered its state: a timed state (grace) ends its duration after it. */
  stateSince(pool: number): number;
  /** Sessions of the pool in use now: what a leasing client weighs against its lease. */
  inUse(pool: number): number;
  /**
   * The model's licenses for `pool` changed (a term boundary, an activation, a renewal): re-reads whether
   * the pool is licensed, moves its lifecycle accordingly, then recomputes its capacity. An activation is
   * heard by the lifecycle as such (it ends a trial).
   */
  licensesChanged(pool: number, reason: string, activation?: boolean): Promise<void>;
  /** Only the pool's count changed (a license failed or recovered): recomputes its capacity. */
  capacityChanged(pool: number, reason: string): Promise<void> | undefined;
}

/** A licensing model at work in one run: a capacity source that may schedule events of its own. */
export interface CapacityModel extends CapacitySource {
  /**
   * Schedules the model's own events (term boundaries…); called once, before the lifecycles start. A model
   * whose first capacity needs a decision (a lease granted by rules) returns the promise of it, so that the
   * pools start on the capacity it gives.
   */
  start(): Promise<void> | undefined;
  /** Applies a timeline event aimed at one of its licenses, at its start or at the end of an outage. */
  timeline(entry: TimelineEntry, phase: 'start' | 'end'): Promise<void> | undefined;
  /**
   * A session of the pool was denied while its sessions filled its capacity: a model that can get more
   * (a lease step) asks now. Only models that define it are told, so other runs pay nothing per denial.
   */
  saturated?(pool: number): Promise<void> | undefined;
  /**
   * A session of `user` the admission rules let into the pool asks for a seat: null when the user holds
   * one (or takes a free one now), else the denial. For models whose capacity is seats held by identities
   * (named users); only models that define it are asked, so other runs pay nothing per admission.
   */
  seat?(pool: number, user: number, userSessions: number): RuleOutcome | null;
  /**
   * The license server is unreachable (`outage: { licenseServer: true }`), or reachable again: a model
   * whose clients hold leases of their own takes the outage (P4: they keep their leases and may
   * auto-lease); without it, the pools lose contact through their lifecycles.
   */
  licenseServerOutage?(phase: 'start' | 'end'): Promise<void> | undefined;
  /** Rules-engine runs of the model's own rule sets so far (lease grants…), counted with the policy's. */
  engineRuns?(): number;
}

/**
 * A way of licensing: which policies it serves and how it builds its capacity model for a run. Models
 * plug into the simulation through this interface (see `licensingModels`), never by editing the kernel.
 */
export interface LicensingModel {
  readonly name: string;
  /** Whether this model serves the policy; the first model in the list that does is used. */
  serves(policy: Policy): boolean;
  create(host: ModelHost): CapacityModel;
}
