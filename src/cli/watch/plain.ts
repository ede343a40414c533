import type { LiveSnapshot } from '../../analysis/live-state.js';
import { printable } from '../../config/printable.js';
import { formatLocal } from '../../model/time.js';

/** Slices of a replay on a pipe: a line at the start, then one per twentieth of the run. */
export const PLAIN_SLICES = 20;

/**
 * One progress line of a replay watched on a pipe or in a file: the virtual clock, the share of the run
 * done, each pool's sessions in use over capacity with its lifecycle state, and the alerts and denials so
 * far. Plain text, no escape sequences: a log or a CI job reads it as it comes.
 */
export function plainLine(s: LiveSnapshot): string {
  const done = s.end > s.start ? Math.floor(((s.at - s.start) / (s.end - s.start)) * 100) : 100;
  const pools = s.pools.map((p) => `${printable(p.id)} ${p.inUse}/${p.capacity} ${p.state}`).join(', ');
  const denied = s.pools.reduce((n, p) => n + p.denied, 0);
  return `${formatLocal(s.at, s.timeZone)}  ${String(done).padStart(3)}%  ${pools}  denied ${denied}`;
}
