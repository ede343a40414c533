import type { TraceRecord } from '../trace/records.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, LIST_LIMIT, push } from './bounded-list.js';

/** P13: one automatic download of license keys, and the interval to the next. */
export interface KeyDownload {
  readonly at: number;
  readonly every: string;
  readonly next: number | null;
  readonly reason: string;
}

class KeyDownloadReducer extends IgnoreAll implements Reducer<BoundedList<KeyDownload>> {
  private readonly downloads = boundedList<KeyDownload>(LIST_LIMIT);

  override record(r: TraceRecord): void {
    if (r.type !== 'key-download') return;
    push(this.downloads, { at: r.at, every: r.every, next: r.next, reason: r.reason });
  }

  result(): BoundedList<KeyDownload> {
    return this.downloads;
  }
}

/** P13: when the product downloaded its keys and why it chose each interval: the schedule, observed. */
export const keyDownloadLog: Analysis<BoundedList<KeyDownload>> = {
  name: 'keyDownloads',
  start: () => new KeyDownloadReducer(),
};
