import type { Fleet } from '../model/fleet/fleet.js';
import type { Policy } from '../model/policy.js';
import { declaredHoldings, type Holdings } from './holdings.js';

/** What a server holds of a feature at an instant, for one platform family: its own, and for any family. */
export interface StockParts {
  /** Licenses specific to the family (P14) and licenses its clients of that family surrendered (P7). */
  readonly specific: number;
  /** Licenses for any platform. */
  readonly any: number;
  /** Of `specific`, the licenses clients surrendered (P7). */
  readonly surrendered: number;
}

/**
 * What a server can lease of a feature to clients of a platform family at `now` (P3, P7, P14): its
 * installed licenses valid now (as `holdings` has them installed), for that family or for any, and the
 * licenses its clients of that family have surrendered to it at `now`. Surrendered licenses are
 * refreshed every few hours while the client is connected, so they count for as long as their own term.
 */
export function serverStock(
  policy: Policy,
  fleet: Fleet,
  server: number,
  feature: number,
  platform: string,
  now: number,
  holdings: Holdings = declaredHoldings(fleet),
): StockParts {
  const s = fleet.servers[server]!;
  let specific = 0;
  let any = 0;
  let surrendered = 0;
  for (const [i, l] of s.licenses.entries()) {
    const valid = holdings.installed(server, i) && l.startMs <= now && now < l.endMs;
    if (l.feature !== feature || !valid) continue;
    if (l.platform === null) any += l.count;
    else if (l.platform === platform) specific += l.count;
  }
  // Only the few clients that surrendered anything, not every client of the server.
  for (const c of holdings.surrendering()) {
    const client = fleet.clients[c]!;
    if (client.server !== server || client.platform !== platform) continue;
    for (const index of holdings.surrenderedBy(c)) {
      if (!holdings.surrendered(c, index, now)) continue;
      const l = policy.licenses[index]!;
      const valid = l.installed && l.startMs <= now && now < l.endMs;
      if (valid && fleet.featureIds.get(l.feature) === feature) surrendered += l.count;
    }
  }
  return { specific: specific + surrendered, any, surrendered };
}

/**
 * P14: what is free for one family, given what each family leases: its own specific capacity first, then
 * what the families' leases beyond their own specific capacity left of the licenses for any platform.
 */
export function freeForFamily(
  family: number,
  specific: ArrayLike<number>,
  leased: ArrayLike<number>,
  any: number,
): number {
  let overflow = 0;
  for (let q = 0; q < leased.length; q++) overflow += Math.max(0, leased[q]! - specific[q]!);
  return Math.max(0, specific[family]! - leased[family]!) + Math.max(0, any - overflow);
}
