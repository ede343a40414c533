import { DateTime } from 'luxon';
import type { PolicyDocument } from '../config/schema/policy.js';
import { unknownName } from '../config/wording.js';
import {
  type DecreaseRule,
  entitlementDefaults,
  keyDownloadDefaults,
  type LicenseKind,
  type LicenseTermName,
  type LifetimeDecreaseRule,
} from '../vocabulary.js';
import { type StackedTerm, stackInDuration } from './duration-stack.js';
import type { Problems } from './problems.js';
import { durationMs } from './time.js';

type WrittenLicense = PolicyDocument['spec']['licenses'][number];
type WrittenPool = PolicyDocument['spec']['pools'][number];

/** How entitlements change over time in a policy (P10, P11): policy data, with the seed's values as defaults. */
export interface EntitlementSettings {
  /** P10: how long an enabled emergency key gives its capacity, in elapsed time while enabled. */
  readonly emergencyForMs: number;
  readonly emergencyFor: string;
  /** P10: how long an evaluation key is valid, in licence time (calendar days of the policy's zone). */
  readonly evaluationFor: string;
  /** P11: the longest term licenses stacked in duration may add up to. */
  readonly durationStackLimit: string;
  /** P12: sessions one identity holding a named-user seat may run at once. */
  readonly sessionsPerIdentity: number;
  /** P12: the share of named-user seats that may be taken beyond the limit. */
  readonly namedUserOverage: number;
  /** X3: whether a count may be lowered freely or only by an approved change. */
  readonly decreases: DecreaseRule;
  /** X3: whether a lifetime license's count may be lowered at all. */
  readonly lifetimeDecreases: LifetimeDecreaseRule;
  /** P13: when the product downloads its keys from the vendor; null when the policy does not say. */
  readonly keyDownloads: KeyDownloadSchedule | null;
}

/** P13: download every `every` once what it watches is at most `within` away (calendar durations). */
export interface DownloadStep {
  readonly within: string;
  readonly every: string;
}

/** P13: the key-download schedule, as the policy writes it or by the seed's defaults. */
export interface KeyDownloadSchedule {
  /** While no license expires within any step's `within`. */
  readonly every: string;
  /** Steps by the nearest license end, nearest `within` first: the first that holds wins. */
  readonly whenExpiring: readonly DownloadStep[];
  /** A step by the nearest end of a pool's grace period; it wins over the others. */
  readonly whenGraceEnding: DownloadStep;
}

/**
 * The policy's entitlement settings, or null when it needs none: it declares no `entitlements` and every
 * license is a standard key, so the plain license book serves it as before.
 */
export function entitlementSettings(spec: PolicyDocument['spec']): EntitlementSettings | null {
  const written = spec.entitlements;
  const special = spec.licenses.some((l) => (l.kind ?? 'standard') !== 'standard');
  if (written === undefined && !special) return null;
  const emergencyFor = written?.emergencyFor ?? entitlementDefaults.emergencyFor;
  return {
    emergencyFor,
    emergencyForMs: durationMs(emergencyFor) ?? 0,
    evaluationFor: written?.evaluationFor ?? entitlementDefaults.evaluationFor,
    durationStackLimit: written?.durationStackLimit ?? entitlementDefaults.durationStackLimit,
    sessionsPerIdentity: written?.sessionsPerIdentity ?? entitlementDefaults.sessionsPerIdentity,
    namedUserOverage: written?.namedUserOverage ?? entitlementDefaults.namedUserOverage,
    decreases: written?.decreases ?? entitlementDefaults.decreases,
    lifetimeDecreases: written?.lifetimeDecreases ?? entitlementDefaults.lifetimeDecreases,
    keyDownloads: written?.keyDownloads === undefined ? null : keyDownloadSchedule(written.keyDownloads),
  };
}

function keyDownloadSchedule(
  written: NonNullable<NonNullable<PolicyDocument['spec']['entitlements']>['keyDownloads']>,
): KeyDownloadSchedule {
  const nominal = (step: DownloadStep) => durationMs(step.within) ?? 0;
  return {
    every: written.every ?? keyDownloadDefaults.every,
    whenExpiring: [...(written.whenExpiring ?? keyDownloadDefaults.whenExpiring)].sort(
      (a, b) => nominal(a) - nominal(b),
    ),
    whenGraceEnding: written.whenGraceEnding ?? keyDownloadDefaults.whenGraceEnding,
  };
}

/**
 * P11: start dates of the licenses stacked in duration, by license index. In each pool the licenses of a
 * feature written with `stack: duration` run one after another in the pool's order, the first from its own
 * start; a stack that runs past the limit is refused at the license that crosses it.
 */
export function durationStackStarts(
  spec: PolicyDocument['spec'],
  limit: string,
  problems: Problems,
): Map<number, string> {
  const starts = new Map<number, string>();
  const licenseIndex = new Map(spec.licenses.map((l, i) => [l.id, i]));
  spec.pools.forEach((pool: WrittenPool) => {
    const byFeature = new Map<string, number[]>();
    for (const id of pool.licenses) {
      const i = licenseIndex.get(id);
      const l = i === undefined ? undefined : spec.licenses[i];
      if (l === undefined || l.stack !== 'duration') continue;
      const feature = l.feature ?? 'sessions';
      byFeature.set(feature, [...(byFeature.get(feature) ?? []), i!]);
    }
    for (const members of byFeature.values()) stackOne(spec.licenses, members, limit, problems, starts);
  });
  return starts;
}

function stackOne(
  licenses: readonly WrittenLicense[],
  members: readonly number[],
  limit: string,
  problems: Problems,
  starts: Map<number, string>,
): void {
  const at = (i: number) => ['spec', 'licenses', i];
  const first = licenses[members[0]!]!;
  const terms: StackedTerm[] = [];
  for (const [k, i] of members.entries()) {
    const l = licenses[i]!;
    if (l.term !== 'monthly' && l.term !== 'yearly') {
      problems.error(
        [...at(i), 'term'],
        `license '${l.id}' stacks in duration, so its term must be monthly or yearly (P11), not ${l.term}`,
      );
      return;
    }
    if (k > 0 && l.start !== undefined) {
      problems.error(
        [...at(i), 'start'],
        `license '${l.id}' stacks in duration: it starts the day after '${licenses[members[k - 1]!]!.id}' ends; remove its start date (P11)`,
      );
    }
    terms.push({ unit: l.term === 'monthly' ? 'months' : 'years', periods: l.periods ?? 1 });
  }
  if (first.start === undefined) return; // licenseTerm reports the missing start of a monthly or yearly term.
  const stack = stackInDuration(first.start, terms, limit);
  if (stack.overLimit >= 0) {
    const i = members[stack.overLimit]!;
    problems.error(
      at(i),
      `licenses stacked in duration with '${first.id}' would run to ${stack.ends[stack.overLimit]}, past ${stack.lastAllowed}: a stack lasts at most ${limit} (P11)`,
    );
  }
  members.forEach((i, k) => {
    if (k > 0) starts.set(i, stack.starts[k]!);
  });
}

/** A license's dates and kind as the renewal check reads them. */
export interface RenewalCandidate {
  readonly id: string;
  readonly feature: string;
  readonly count: number;
  readonly kind: LicenseKind;
  readonly termName: LicenseTermName;
  readonly periods: number | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly endMs: number;
  readonly startMs: number;
  readonly pool: number;
}

/**
 * P11: the license each renewal renews, by license index (null for other licenses, and for a renewal that
 * matches nothing: it is held but never activates). A renewal names what it renews with `renews`, or is
 * matched to the latest license of its pool and feature that ends before it starts. It must match that
 * license (same feature, count and term); one license is renewed by one renewal at most.
 */
export function matchRenewals(
  spec: PolicyDocument['spec'],
  licenses: readonly RenewalCandidate[],
  problems: Problems,
): (number | null)[] {
  const ids = new Map(licenses.map((l, i) => [l.id, i]));
  const renewedBy = new Map<number, number>();
  return licenses.map((r, i) => {
    const written = spec.licenses[i]!;
    const at = ['spec', 'licenses', i];
    if (r.kind !== 'renewal') {
      if (written.renews !== undefined)
        problems.error([...at, 'renews'], `only a renewal renews a license; add kind: renewal to '${r.id}'`);
      return null;
    }
    if (r.termName === 'perpetual' || r.termName === 'lifetime') {
      problems.error(
        [...at, 'term'],
        `renewal '${r.id}' must have a dated term: only subscriptions are renewed (P11)`,
      );
      return null;
    }
    let target: number | null = null;
    if (written.renews !== undefined) {
      const named = ids.get(written.renews);
      if (named === undefined || named === i) {
        problems.error(
          [...at, 'renews'],
          named === i
            ? `renewal '${r.id}' cannot renew itself`
            : unknownName('license', written.renews, ids.keys()),
        );
        return null;
      }
      const mismatch = mismatchOf(r, licenses[named]!);
      if (mismatch !== null) {
        problems.error(
          [...at, 'renews'],
          `renewal '${r.id}' does not match '${written.renews}' (${mismatch}); a renewal has the same feature, count and term as what it renews (P11)`,
        );
        return null;
      }
      target = named;
    } else {
      target = latestBefore(r, i, licenses);
      if (target === null) {
        problems.warning(
          at,
          `renewal '${r.id}' renews no license of its pool and feature ending before it starts: it never activates (P11)`,
        );
        return null;
      }
      const mismatch = mismatchOf(r, licenses[target]!);
      if (mismatch !== null) {
        problems.warning(
          at,
          `renewal '${r.id}' does not match '${licenses[target]!.id}', the license it would renew (${mismatch}): it never activates (P11)`,
        );
        return null;
      }
    }
    const renewed = licenses[target]!;
    if (r.endMs <= renewed.endMs) {
      problems.error(
        [...at, 'end'],
        `renewal '${r.id}' ends no later than '${renewed.id}', which it renews: it would never count (P11)`,
      );
      return null;
    }
    const earlier = renewedBy.get(target);
    if (earlier !== undefined) {
      problems.error(
        at,
        `'${renewed.id}' is already renewed by '${licenses[earlier]!.id}'; renewals of one license do not overlap: renew the renewal instead (P11)`,
      );
      return null;
    }
    renewedBy.set(target, i);
    return target;
  });
}

/** The latest license of the renewal's pool and feature, other than emergency or evaluation keys, ending by its start. */
function latestBefore(
  r: RenewalCandidate,
  self: number,
  licenses: readonly RenewalCandidate[],
): number | null {
  let best: number | null = null;
  licenses.forEach((l, i) => {
    if (i === self || l.pool !== r.pool || l.feature !== r.feature) return;
    if (l.kind !== 'standard' && l.kind !== 'renewal') return;
    if (!Number.isFinite(l.endMs) || l.endMs > r.startMs) return;
    if (best === null || l.endMs > licenses[best]!.endMs) best = i;
  });
  return best;
}

/** What differs between a renewal and the license it renews, in words, or null when they match (P11). */
export function mismatchOf(r: RenewalCandidate, renewed: RenewalCandidate): string | null {
  if (renewed.kind !== 'standard' && renewed.kind !== 'renewal')
    return `'${renewed.id}' is an ${renewed.kind} key`;
  if (r.feature !== renewed.feature) return `feature ${r.feature} vs ${renewed.feature}`;
  if (r.count !== renewed.count) return `count ${r.count} vs ${renewed.count}`;
  const a = termLength(r);
  const b = termLength(renewed);
  if (a !== b) return `term ${a} vs ${b}`;
  return null;
}

/**
 * A term's kind and length in words, for matching: `yearly × 1`, `subscription of 12 months`. A dated
 * subscription is measured in whole months when it runs whole months (2026-01-01 to 2026-12-31 is 12),
 * otherwise in days; without a start its length is unknown and only its kind counts.
 */
export function termLength(l: RenewalCandidate): string {
  if (l.termName === 'monthly' || l.termName === 'yearly') return `${l.termName} × ${l.periods ?? 1}`;
  if (l.startDate === null || l.endDate === null) return l.termName;
  const start = DateTime.fromISO(l.startDate, { zone: 'UTC' });
  const after = DateTime.fromISO(l.endDate, { zone: 'UTC' }).plus({ days: 1 });
  const months = after.diff(start, 'months').months;
  if (Number.isInteger(months)) return `${l.termName} of ${months} months`;
  return `${l.termName} of ${Math.round(after.diff(start, 'days').days)} days`;
}

/** P11: licenses of different types (features) do not stack; a pool adds up one feature's counts only. */
export function checkOneTypePerPool(spec: PolicyDocument['spec'], problems: Problems): void {
  const features = new Map(spec.licenses.map((l) => [l.id, l.feature ?? 'sessions']));
  spec.pools.forEach((pool, p) => {
    const first = features.get(pool.licenses[0] ?? '');
    pool.licenses.forEach((id, i) => {
      const f = features.get(id);
      if (f !== undefined && first !== undefined && f !== first) {
        problems.error(
          ['spec', 'pools', p, 'licenses', i],
          `license '${id}' counts ${f} but pool '${pool.id}' counts ${first}: licenses of different types do not stack (P11); give ${f} a pool of its own`,
        );
      }
    });
  });
}
