import type { Rng } from './simulator.js';

/**
 * The benchmark's previous baseline, kept to show that the current one (bare-loop.ts) is no easier to
 * beat: an M/M/c/c loop over a typed-array binary heap ordered by (time, sequence), with the heap's
 * arrays and push/pop in closures. It draws arrivals and holding times from one stream and no user.
 */
export function bareLoop(
  rng: Rng,
  servers: number,
  meanGapMs: number,
  meanHoldMs: number,
  horizonMs: number,
): { events: number; arrivals: number; blocked: number } {
  let capacity = 1024;
  let time = new Float64Array(capacity);
  let seq = new Float64Array(capacity);
  let kind = new Int32Array(capacity);
  let size = 0;
  let nextSeq = 0;

  const push = (t: number, k: number) => {
    if (size === capacity) {
      capacity *= 2;
      const t2 = new Float64Array(capacity);
      const s2 = new Float64Array(capacity);
      const k2 = new Int32Array(capacity);
      t2.set(time);
      s2.set(seq);
      k2.set(kind);
      time = t2;
      seq = s2;
      kind = k2;
    }
    let i = size++;
    const s = nextSeq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (time[parent]! < t || (time[parent] === t && seq[parent]! < s)) break;
      time[i] = time[parent]!;
      seq[i] = seq[parent]!;
      kind[i] = kind[parent]!;
      i = parent;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
  };

  let topTime = 0;
  let topKind = 0;
  const pop = () => {
    topTime = time[0]!;
    topKind = kind[0]!;
    const last = --size;
    const t = time[last]!;
    const s = seq[last]!;
    const k = kind[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (
        right < size &&
        (time[right]! < time[child]! || (time[right] === time[child] && seq[right]! < seq[child]!))
      ) {
        child = right;
      }
      if (t < time[child]! || (t === time[child] && s < seq[child]!)) break;
      time[i] = time[child]!;
      seq[i] = seq[child]!;
      kind[i] = kind[child]!;
      i = child;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
  };

  const ARRIVAL = 1;
  const DEPARTURE = 2;
  let busy = 0;
  let events = 0;
  let arrivals = 0;
  let blocked = 0;
  push(Math.ceil(rng.exponential(meanGapMs)), ARRIVAL);
  while (size > 0) {
    pop();
    if (topTime > horizonMs) break;
    events++;
    if (topKind === ARRIVAL) {
      arrivals++;
      if (busy < servers) {
        busy++;
        push(topTime + Math.max(1, Math.round(rng.exponential(meanHoldMs))), DEPARTURE);
      } else {
        blocked++;
      }
      push(Math.ceil(topTime + rng.exponential(meanGapMs)), ARRIVAL);
    } else {
      busy--;
    }
  }
  return { events, arrivals, blocked };
}
