import type { TraceRecord } from '../trace/records.js';
import type { LicenseAction } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, LIST_LIMIT, push } from './bounded-list.js';

export interface LicenseEvent {
  readonly at: number;
  readonly action: LicenseAction;
  readonly license: string;
  readonly detail: string;
}

class LicenseEventReducer extends IgnoreAll implements Reducer<BoundedList<LicenseEvent>> {
  private readonly events = boundedList<LicenseEvent>(LIST_LIMIT);

  override record(r: TraceRecord): void {
    if (r.type === 'timeline')
      push(this.events, { at: r.at, action: r.action, license: r.license, detail: r.detail });
  }

  result(): BoundedList<LicenseEvent> {
    return this.events;
  }
}

/**
 * W9, W12: what the timeline did to license keys (activations, renewals, upgrades, expiries). A renewal
 * or upgrade while active changes no state, so this is where it shows.
 */
export const licenseLog: Analysis<BoundedList<LicenseEvent>> = {
  name: 'licenseEvents',
  start: () => new LicenseEventReducer(),
};
