import type { YamlPath } from '../config/yaml-source.js';
import type { LicenseTermName } from '../vocabulary.js';
import type { Problems } from './problems.js';
import { endOfDateMs, lastDateOfPeriods, startOfDateMs } from './time.js';

/** The dated part of a license as a file writes it, for a pool's licenses and a license server's alike. */
export interface WrittenTerm {
  readonly id: string;
  readonly term: LicenseTermName;
  readonly start?: string;
  readonly end?: string;
  readonly periods?: number;
}

/** A license's term as the model reads it: perpetual (lifetime) or dated (subscription, monthly, yearly). */
export type TermKind = 'perpetual' | 'subscription';

/** What a term word means: lifetime is perpetual (X2); monthly and yearly are subscriptions of whole periods. */
export const termKind: { readonly [t in LicenseTermName]: TermKind } = {
  perpetual: 'perpetual',
  lifetime: 'perpetual',
  subscription: 'subscription',
  monthly: 'subscription',
  yearly: 'subscription',
};

/**
 * A license's validity in epoch ms (P11: from 00:00 of the start date to 24:00 of the end date in the
 * policy's zone; -Infinity / Infinity when open), with its dates checked: a subscription ends, a
 * perpetual license does not, and an end comes after the start. A monthly or yearly term (X2) ends on
 * the day before its start date comes round again after `periods` months or years.
 */
export function licenseTerm(
  license: WrittenTerm,
  at: YamlPath,
  zone: string,
  problems: Problems,
): { startMs: number; endMs: number; term: TermKind; end: string | null } {
  const term = termKind[license.term];
  const periodic = license.term === 'monthly' || license.term === 'yearly';
  let end = license.end ?? null;
  if (periodic) {
    if (license.end) {
      problems.error(
        [...at, 'end'],
        `a ${license.term} license ends after its periods; give periods instead of an end date (X2)`,
      );
    }
    if (!license.start) {
      problems.error(
        at,
        `${license.term} license '${license.id}' needs a start date: its end follows from it (X2)`,
      );
      end = null;
    } else {
      const unit = license.term === 'monthly' ? 'months' : 'years';
      end = lastDateOfPeriods(license.start, unit, license.periods ?? 1);
    }
  } else if (license.periods !== undefined) {
    problems.error(
      [...at, 'periods'],
      `periods apply to monthly and yearly terms only; '${license.id}' is ${license.term}`,
    );
  }
  const startMs = license.start ? (startOfDateMs(license.start, zone) ?? -Infinity) : -Infinity;
  const endMs = end ? (endOfDateMs(end, zone) ?? Infinity) : Infinity;
  if (license.term === 'subscription' && !license.end) {
    problems.error(at, `subscription '${license.id}' needs an end date (P11)`);
  }
  if (term === 'perpetual' && license.end) {
    problems.error(
      [...at, 'end'],
      `${license.term} license '${license.id}' cannot have an end date; use term: subscription`,
    );
  }
  if (license.start && license.end && endMs <= startMs) {
    problems.error([...at, 'end'], `end ${license.end} is before start ${license.start}`);
  }
  return { startMs, endMs, term, end: term === 'perpetual' ? null : end };
}
