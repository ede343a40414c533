import type { Allocation, Feature } from '../model/fleet/fleet.js';
import type { Lessee } from './lessees.js';

/** One incremental step as granted: when, and what each member got of it. */
export interface Step {
  readonly at: number;
  readonly parts: number[];
  /** P4: taken by the client itself while disconnected (auto-leased), not yet reconciled with its server. */
  auto?: boolean;
}

/** A member's allocation as it stands; P6 changes it mid-run. */
export interface MemberAllocation {
  reserved: number;
  incremental: number;
  maximum: number;
}

/**
 * What one lessee leases of one feature, per member (P3, P5): the reserved part, the incremental steps
 * on top of it (newest last, released newest first), and until when each part is valid.
 */
export class Lease {
  readonly allocation: MemberAllocation[];
  /** P6: raised allocations waiting for the next contact, per member; null where none waits. */
  readonly pending: (MemberAllocation | null)[];
  readonly leased: number[];
  readonly steps: Step[] = [];
  reservedUntil = Number.NEGATIVE_INFINITY;
  incrementalUntil = Number.NEGATIVE_INFINITY;
  /** Refused since the last contact: the lessee asks again only once it has renewed. */
  refused = false;
  /** The last instant a reclaim was scheduled for, so that it is scheduled once. */
  reclaimAt = Number.NEGATIVE_INFINITY;

  readonly featureIndex: number;

  constructor(
    readonly index: number,
    readonly lessee: Lessee,
    /** Users or cores (P15). */
    readonly feature: Feature,
  ) {
    this.featureIndex = feature.index;
    this.allocation = lessee.members.map((m) => {
      const a: Allocation | undefined = m.allocations.find((x) => x.feature === feature.index);
      return { reserved: a?.reserved ?? 0, incremental: a?.incremental ?? 0, maximum: a?.maximum ?? 0 };
    });
    this.pending = this.allocation.map(() => null);
    this.leased = this.allocation.map(() => 0);
  }

  get total(): number {
    return sum(this.leased);
  }

  /** P5: the ceiling is Σ maximum of the members. */
  get ceiling(): number {
    return sum(this.allocation.map((a) => a.maximum));
  }

  /** P5: the first request is Σ reserved of the members. */
  get reserved(): number {
    return sum(this.allocation.map((a) => a.reserved));
  }

  /** P5: a step is Σ ILQ of the members below their maximum, each up to its maximum. */
  stepParts(): number[] {
    return this.allocation.map((a, m) => Math.max(0, Math.min(a.incremental, a.maximum - this.leased[m]!)));
  }

  /** Adds up to `count` to the members, each up to its share in `parts`, in member order; returns what each got. */
  add(parts: readonly number[], count: number): number[] {
    let left = count;
    return parts.map((p, m) => {
      const given = Math.min(p, left);
      left -= given;
      this.leased[m]! += given;
      return given;
    });
  }

  /** P4: what the lessee auto-leased and its server does not know of yet. */
  get autoLeased(): number {
    let total = 0;
    for (const step of this.steps) if (step.auto) total += sum(step.parts);
    return total;
  }

  /** Removes the steps the server granted, or (`auto`) those auto-leased; returns what they held. */
  dropSteps(auto: boolean): number {
    let taken = 0;
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i]!;
      if ((step.auto ?? false) !== auto) continue;
      for (const [m, p] of step.parts.entries()) this.leased[m]! -= p;
      taken += sum(step.parts);
      this.steps.splice(i, 1);
    }
    return taken;
  }

  /** Removes the newest step; returns its size. */
  dropStep(): number {
    const step = this.steps.pop()!;
    for (const [m, p] of step.parts.entries()) this.leased[m]! -= p;
    return sum(step.parts);
  }

  /** Cuts a member to at most `count`, taking from its newest steps first; returns what was taken. */
  cutMember(member: number, count: number): number {
    let excess = this.leased[member]! - Math.max(0, count);
    if (excess <= 0) return 0;
    const taken = excess;
    for (let i = this.steps.length - 1; i >= 0 && excess > 0; i--) {
      const parts = this.steps[i]!.parts;
      const t = Math.min(parts[member]!, excess);
      parts[member]! -= t;
      excess -= t;
    }
    this.leased[member]! -= taken;
    for (let i = this.steps.length - 1; i >= 0; i--)
      if (sum(this.steps[i]!.parts) === 0) this.steps.splice(i, 1);
    return taken;
  }

  /** Cuts the whole lease to at most `count`: steps first (newest first), then the members' reserved parts. */
  cutTo(count: number): number {
    let taken = 0;
    while (this.total > count && this.steps.length > 0) {
      const step = this.steps.at(-1)!;
      const over = this.total - count;
      const size = sum(step.parts);
      if (size <= over) {
        taken += this.dropStep();
        continue;
      }
      for (let m = step.parts.length - 1; m >= 0 && this.total > count; m--) {
        const t = Math.min(step.parts[m]!, this.total - count);
        step.parts[m]! -= t;
        this.leased[m]! -= t;
        taken += t;
      }
    }
    for (let m = this.leased.length - 1; m >= 0 && this.total > count; m--) {
      const t = Math.min(this.leased[m]!, this.total - count);
      this.leased[m]! -= t;
      taken += t;
    }
    return taken;
  }

  /** Ends every part of the lease; returns what was leased. */
  clear(): number {
    const total = this.total;
    this.leased.fill(0);
    this.steps.length = 0;
    return total;
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
