import type { YamlPath } from '../../config/yaml-source.js';
import type { Problems } from '../problems.js';

/**
 * P2's incremental lease quantum (ILQ) rules, which keep lease traffic down: the quantum is at least
 * `ILQ_FLOOR` unless maximum − reserved is smaller than that, and at least `ILQ_SHARE_PERCENT` % of
 * maximum − reserved. The guide's own examples (reserved 50, maximum 100, incremental 10) break the
 * first, so they are warnings, errors only under `--strict`.
 */
export const ILQ_FLOOR = 25;
export const ILQ_SHARE_PERCENT = 10;

interface WrittenAllocation {
  readonly reserved: number;
  readonly incremental?: number;
  readonly maximum: number;
}

/** P2 checks of one client's allocation of one feature, at `at` (the allocation's node). */
export function checkAllocation(a: WrittenAllocation, at: YamlPath, problems: Problems): void {
  if (a.maximum < a.reserved) {
    problems.error(
      [...at, 'maximum'],
      `maximum ${a.maximum} is below reserved ${a.reserved}; the maximum count is at least the reserved count (P2)`,
    );
    return;
  }
  const headroom = a.maximum - a.reserved;
  const incremental = a.incremental ?? 0;
  // Where the quantum is not written, point at the allocation that lacks it.
  const where = a.incremental === undefined ? at : [...at, 'incremental'];
  if (headroom >= ILQ_FLOOR && incremental < ILQ_FLOOR) {
    problems.warning(
      where,
      `incremental ${incremental} is below ${ILQ_FLOOR} while maximum − reserved is ${headroom}; the incremental quantum is at least ${ILQ_FLOOR} unless maximum − reserved is under ${ILQ_FLOOR} (P2)`,
    );
  }
  // Whole numbers: incremental ≥ 10 % of headroom, without rounding a share.
  if (incremental * 100 < headroom * ILQ_SHARE_PERCENT) {
    problems.warning(
      where,
      `incremental ${incremental} is below ${ILQ_SHARE_PERCENT} % of maximum − reserved (${headroom}); the incremental quantum is at least ${ILQ_SHARE_PERCENT} % of it (P2)`,
    );
  }
}
