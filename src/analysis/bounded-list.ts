/**
 * A list kept in full up to a limit; beyond it only the count of dropped items grows, so memory stays flat
 * on long runs, and reports say how much they left out rather than dropping it silently. Plain data.
 */
export interface BoundedList<T> {
  readonly items: T[];
  dropped: number;
  readonly limit: number;
}

export function boundedList<T>(limit: number): BoundedList<T> {
  return { items: [], dropped: 0, limit };
}

export function push<T>(list: BoundedList<T>, item: T): void {
  if (list.items.length < list.limit) list.items.push(item);
  else list.dropped++;
}

/** Whether another item would be kept: on hot paths, build an item only when it will be. */
export function hasRoom(list: BoundedList<unknown>): boolean {
  return list.items.length < list.limit;
}

/** Both lists' items in order, within the limit; the rest counted as dropped. */
export function concat<T>(a: BoundedList<T>, b: BoundedList<T>): BoundedList<T> {
  const merged = boundedList<T>(a.limit);
  for (const item of [...a.items, ...b.items]) push(merged, item);
  merged.dropped += a.dropped + b.dropped;
  return merged;
}

/** Lifecycle transitions are few (timeline, timers) and expectations read them, so many more are kept. */
export const TRANSITION_LIMIT = 10_000;
export const LIST_LIMIT = 200;
