/**
 * Erlang B: the probability that an arrival finds all `servers` busy in an M/M/c/c loss system offered
 * `offeredLoad` erlangs (arrival rate × mean holding time). Used to size licence pools and to check the
 * simulator against a closed form.
 *
 * Uses the recurrence B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), which stays within [0, 1] and so never
 * overflows, unlike the textbook A^c/c! / Σ A^k/k!.
 *
 * @example
 * erlangB(10, 4.46); // ≈ 0.01
 */
export function erlangB(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 0) {
    throw new RangeError(`erlangB: servers must be an integer >= 0, got ${servers}`);
  }
  checkLoad('erlangB', offeredLoad);
  let b = 1;
  for (let k = 1; k <= servers; k++) {
    const ab = offeredLoad * b;
    b = ab / (k + ab);
  }
  return b;
}

/**
 * The smallest number of servers whose Erlang B blocking is at most `targetBlocking` (in (0, 1]).
 *
 * @example
 * erlangBServersFor(84.06, 0.01); // 100
 */
export function erlangBServersFor(offeredLoad: number, targetBlocking: number): number {
  checkLoad('erlangBServersFor', offeredLoad);
  if (!(targetBlocking > 0 && targetBlocking <= 1)) {
    throw new RangeError(`erlangBServersFor: targetBlocking must be in (0, 1], got ${targetBlocking}`);
  }
  // B falls towards 0 as servers grow past the load, so the walk ends.
  let b = 1;
  let k = 0;
  while (b > targetBlocking) {
    k++;
    const ab = offeredLoad * b;
    b = ab / (k + ab);
  }
  return k;
}

function checkLoad(fn: string, offeredLoad: number): void {
  if (!(offeredLoad >= 0) || offeredLoad === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${fn}: offeredLoad must be a finite number of erlangs >= 0, got ${offeredLoad}`);
  }
}

/**
 * Erlang C: the probability that an arrival waits in an M/M/c queue (no one refused, everyone queues)
 * offered `offeredLoad` erlangs; 1 when the load reaches the servers (the queue then grows without end).
 * From Erlang B: C = c·B / (c − A·(1 − B)).
 *
 * @example
 * erlangC(2, 1); // 1/3: M/M/2 at 50 % utilisation
 */
export function erlangC(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 1) {
    throw new RangeError(`erlangC: servers must be an integer >= 1, got ${servers}`);
  }
  checkLoad('erlangC', offeredLoad);
  if (offeredLoad >= servers) return 1;
  const b = erlangB(servers, offeredLoad);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

/** The mean wait in an M/M/c queue, in units of the mean holding time: C / (c − A); Infinity when A ≥ c. */
export function erlangCMeanWait(servers: number, offeredLoad: number): number {
  const c = erlangC(servers, offeredLoad);
  return offeredLoad >= servers ? Number.POSITIVE_INFINITY : c / (servers - offeredLoad);
}

/** The smallest number of servers whose Erlang C probability of waiting is at most `targetWaiting`. */
export function erlangCServersFor(offeredLoad: number, targetWaiting: number): number {
  checkLoad('erlangCServersFor', offeredLoad);
  checkTarget('erlangCServersFor', targetWaiting);
  // Erlang B one server at a time, as in erlangBServersFor; C from it once k is past the load (below
  // it the queue never settles), after which C falls towards 0, so the walk ends.
  let b = 1;
  for (let k = 1; ; k++) {
    const ab = offeredLoad * b;
    b = ab / (k + ab);
    if (k > offeredLoad && (k * b) / (k - offeredLoad * (1 - b)) <= targetWaiting) return k;
  }
}

/**
 * Engset: the probability that a session request is refused when `population` users share `servers`
 * licenses and each user, while not in a session, asks for one at a rate that gives `perIdleUser`
 * erlangs (rate × mean holding time). This is the call congestion, the share of requests refused,
 * which is the time congestion seen by the other N − 1 users. Computed by the recurrence
 * E(0) = 1, E(k) = (n − k + 1)·β·E(k − 1) / (k + (n − k + 1)·β·E(k − 1)), as Erlang B's, so it never
 * overflows. With no more users than licenses, nobody is ever refused.
 *
 * @example
 * engset(4, 40, 1 / 3); // 40 users, each in a session a quarter of the time when unblocked
 */
export function engset(servers: number, population: number, perIdleUser: number): number {
  if (!Number.isInteger(servers) || servers < 0) {
    throw new RangeError(`engset: servers must be an integer >= 0, got ${servers}`);
  }
  if (!Number.isInteger(population) || population < 1) {
    throw new RangeError(`engset: population must be an integer >= 1, got ${population}`);
  }
  checkLoad('engset', perIdleUser);
  const others = population - 1;
  if (servers > others) return 0;
  let e = 1;
  for (let k = 1; k <= servers; k++) {
    const x = (others - k + 1) * perIdleUser * e;
    e = x / (k + x);
  }
  return e;
}

/** The smallest number of servers whose Engset refusal probability is at most `targetBlocking`. */
export function engsetServersFor(population: number, perIdleUser: number, targetBlocking: number): number {
  checkTarget('engsetServersFor', targetBlocking);
  // The recurrence of `engset`, one server at a time; it reaches 0 once every other user has a license.
  let e = engset(0, population, perIdleUser);
  let k = 0;
  while (e > targetBlocking) {
    k++;
    const x = (population - k) * perIdleUser * e;
    e = x / (k + x);
  }
  return k;
}

function checkTarget(fn: string, target: number): void {
  if (!(target > 0 && target <= 1)) {
    throw new RangeError(`${fn}: the target must be a probability in (0, 1], got ${target}`);
  }
}
