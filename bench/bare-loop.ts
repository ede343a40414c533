import type { BareLoad } from './bare-load.js';
import { PoissonArrivals, Rng, zoneCalendarSlot } from './simulator.js';

/** What a bare run counts: events handled, arrivals, and each pool's admissions and denials. */
export interface BareResult {
  readonly events: number;
  readonly arrivals: number;
  readonly pools: readonly { readonly admitted: number; readonly denied: number }[];
}

const EXPONENTIAL = 0;
const LOGNORMAL = 1;
const FIXED = 2;
const distributionCode = { exponential: EXPONENTIAL, lognormal: LOGNORMAL, fixed: FIXED } as const;

/**
 * The benchmark's baseline: the fastest loop written here for a load, with nothing the load does not need.
 * It draws what the simulator draws, from the same forked streams in the same order, and pushes events in
 * the same order, so its admissions and denials match the simulator's one for one: for load stream i,
 * `root.fork(i).fork(0)` times the arrivals and `root.fork(i).fork(1)` draws the user, the holding time
 * and, when the load has an idle share, whether the session idles.
 *
 * The heap of (time, sequence) lives in local typed arrays, sized once to the most events that can be
 * pending (every license busy plus one arrival per stream), and its sift loops are written out in place:
 * kept in closures, the same heap ran 1.33–1.41× slower. An arrival's successor replaces it at the root
 * (one sift down instead of a pop and a push); the heap's order is total, so the events come out in the
 * same order either way.
 */
export function bareLoop(load: BareLoad): BareResult {
  const endMs = load.endMs;
  const streamCount = load.streams.length;
  const root = new Rng(load.seed);
  const slotOf = zoneCalendarSlot(load.timeZone);
  const gapRngs: Rng[] = [];
  const drawRngs: Rng[] = [];
  const profiled: (PoissonArrivals | null)[] = [];
  /** A flat stream's last arrival before rounding up, so that rounding never accumulates into the rate. */
  const lastExact = new Float64Array(streamCount);
  const meanGap = new Float64Array(streamCount);
  const userBase = new Int32Array(streamCount);
  const users = new Int32Array(streamCount);
  const distribution = new Int32Array(streamCount);
  const holdMean = new Float64Array(streamCount);
  const holdSigma = new Float64Array(streamCount);
  /** -1 when the stream has no idle share, so that no draw is made for it. */
  const idleShare = new Float64Array(streamCount).fill(-1);
  const idleMs = new Float64Array(streamCount);
  const userSite = new Int32Array(load.users);
  for (const [i, s] of load.streams.entries()) {
    const rng = root.fork(i);
    gapRngs.push(rng.fork(0));
    drawRngs.push(rng.fork(1));
    // A flat profile keeps every candidate, so its gaps are drawn inline, as PoissonArrivals draws them.
    const inline = s.flat && s.perHour > 0;
    profiled.push(inline ? null : new PoissonArrivals(rng.fork(0), s.perHour, s.profile, slotOf));
    meanGap[i] = inline ? 3_600_000 / s.perHour : 0;
    userBase[i] = s.userBase;
    users[i] = s.users;
    distribution[i] = distributionCode[s.holding.distribution];
    holdMean[i] = s.holding.meanMs;
    holdSigma[i] = s.holding.sigma;
    if (s.idle !== null) {
      idleShare[i] = s.idle.share;
      idleMs[i] = s.idle.durationMs;
    }
    userSite.fill(s.site, s.userBase, s.userBase + s.users);
  }
  const sitePool = load.sitePool;
  const poolCapacity = load.poolCapacity;
  const siteCapacity = load.siteCapacity;
  const perUserLimit = load.perUserLimit;
  const idleTimeoutMs = load.idleTimeoutMs;
  const poolBusy = new Int32Array(poolCapacity.length);
  const siteBusy = new Int32Array(siteCapacity.length);
  const userBusy = new Int32Array(load.users);
  const admitted = new Float64Array(poolCapacity.length);
  const denied = new Float64Array(poolCapacity.length);

  // A pending event is an arrival of stream s (what = -1 - s) or the end of a session of user `what`.
  const room = poolCapacity.reduce((a, b) => a + b, 0) + streamCount + 1;
  const time = new Float64Array(room);
  const seq = new Float64Array(room);
  const what = new Int32Array(room);
  let size = 0;
  let nextSeq = 0;
  for (let s = 0; s < streamCount; s++) {
    const arrivalsOfS = profiled[s];
    let first = 0;
    if (arrivalsOfS === null) {
      lastExact[s] = load.startMs + gapRngs[s]!.exponential(meanGap[s]!);
      first = Math.ceil(lastExact[s]!);
    } else {
      first = arrivalsOfS!.next(load.startMs, endMs);
    }
    if (first > endMs) continue;
    // Sift up, as below.
    let i = size++;
    const sq = nextSeq++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p]!;
      if (pt <= first && (pt < first || seq[p]! < sq)) break;
      time[i] = pt;
      seq[i] = seq[p]!;
      what[i] = what[p]!;
      i = p;
    }
    time[i] = first;
    seq[i] = sq;
    what[i] = -1 - s;
  }

  let events = 0;
  let arrivals = 0;
  while (size > 0) {
    const now = time[0]!;
    if (now > endMs) break;
    events++;
    const top = what[0]!;
    // The entry to seat from the root down: an arrival's successor, or else the heap's last entry.
    let t = 0;
    let sq = 0;
    let w = 0;
    let s = -1;
    if (top < 0) {
      s = -1 - top;
      const arrivalsOfS = profiled[s];
      let exact = 0;
      if (arrivalsOfS === null) {
        exact = lastExact[s]! + gapRngs[s]!.exponential(meanGap[s]!);
        lastExact[s] = exact;
        t = Math.ceil(exact);
      } else {
        t = arrivalsOfS!.next(now, endMs);
      }
    }
    if (s >= 0 && t <= endMs) {
      sq = nextSeq++;
      w = top;
    } else {
      const last = --size;
      t = time[last]!;
      sq = seq[last]!;
      w = what[last]!;
    }
    // Sift down with a hole from the root; a smaller child moves up into it.
    // Testing `<=` first leaves the sequence comparison to ties only.
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      let ct = time[c]!;
      const r = c + 1;
      if (r < size) {
        const rt = time[r]!;
        if (rt <= ct && (rt < ct || seq[r]! < seq[c]!)) {
          c = r;
          ct = rt;
        }
      }
      if (t <= ct && (t < ct || sq < seq[c]!)) break;
      time[i] = ct;
      seq[i] = seq[c]!;
      what[i] = what[c]!;
      i = c;
    }
    time[i] = t;
    seq[i] = sq;
    what[i] = w;

    if (s < 0) {
      // A session ends.
      const site = userSite[top]!;
      poolBusy[sitePool[site]!]!--;
      siteBusy[site]!--;
      userBusy[top]!--;
      continue;
    }
    arrivals++;
    const draws = drawRngs[s]!;
    const user = userBase[s]! + draws.int(users[s]!);
    const d = distribution[s]!;
    const hold =
      d === EXPONENTIAL
        ? Math.max(1, Math.round(draws.exponential(holdMean[s]!)))
        : d === LOGNORMAL
          ? Math.max(1, Math.round(draws.lognormal(holdMean[s]!, holdSigma[s]!)))
          : holdMean[s]!;
    const share = idleShare[s]!;
    const idle = share >= 0 && draws.uniform() < share ? idleMs[s]! : 0;
    const site = userSite[user]!;
    const pool = sitePool[site]!;
    const siteCap = siteCapacity[site]!;
    if (
      poolBusy[pool]! >= poolCapacity[pool]! ||
      userBusy[user]! >= perUserLimit ||
      (siteCap >= 0 && siteBusy[site]! >= siteCap)
    ) {
      denied[pool]!++;
      continue;
    }
    admitted[pool]!++;
    poolBusy[pool]!++;
    siteBusy[site]!++;
    userBusy[user]!++;
    // An idle session past the timeout ends when the timeout fires, as the idle rule ends it.
    const end = idle > idleTimeoutMs ? now + hold + idleTimeoutMs : now + hold + idle;
    // Sift up with a hole from the end; a later parent moves down into it.
    let j = size++;
    const esq = nextSeq++;
    while (j > 0) {
      const p = (j - 1) >> 1;
      const pt = time[p]!;
      if (pt <= end && (pt < end || seq[p]! < esq)) break;
      time[j] = pt;
      seq[j] = seq[p]!;
      what[j] = what[p]!;
      j = p;
    }
    time[j] = end;
    seq[j] = esq;
    what[j] = user;
  }
  const pools = Array.from(admitted, (a, p) => ({ admitted: a, denied: denied[p]! }));
  return { events, arrivals, pools };
}
