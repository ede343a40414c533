import type { YamlPath } from '../config/yaml-source.js';
import type { Problems } from './problems.js';
import { endOfDateMs, startOfDateMs } from './time.js';

/** The dated part of a license as a file writes it, for a pool's licenses and a license server's alike. */
export interface WrittenTerm {
  readonly id: string;
  readonly term: 'perpetual' | 'subscription';
  readonly start?: string;
  readonly end?: string;
}

/**
 * A license's validity in epoch ms (P11: from 00:00 of the start date to 24:00 of the end date in the
 * policy's zone; -Infinity / Infinity when open), with its dates checked: a subscription ends, a
 * perpetual license does not, and an end comes after the start.
 */
export function licenseTerm(
  license: WrittenTerm,
  at: YamlPath,
  zone: string,
  problems: Problems,
): { startMs: number; endMs: number } {
  const startMs = license.start ? (startOfDateMs(license.start, zone) ?? -Infinity) : -Infinity;
  const endMs = license.end ? (endOfDateMs(license.end, zone) ?? Infinity) : Infinity;
  if (license.term === 'subscription' && !license.end) {
    problems.error(at, `subscription '${license.id}' needs an end date (P11)`);
  }
  if (license.term === 'perpetual' && license.end) {
    problems.error(
      [...at, 'end'],
      `perpetual license '${license.id}' cannot have an end date; use term: subscription`,
    );
  }
  if (license.start && license.end && endMs <= startMs) {
    problems.error([...at, 'end'], `end ${license.end} is before start ${license.start}`);
  }
  return { startMs, endMs };
}
