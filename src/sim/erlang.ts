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
