import type { Fleet } from '../model/fleet/fleet.js';
import type { Policy } from '../model/policy.js';
import { declaredHoldings, type Holdings } from './holdings.js';

/**
 * What a server can lease of a feature to a client of a platform family at `now` (P3, P7, P14): its
 * installed licenses valid now, for any platform or for that family, and the licenses its clients
 * surrendered to it (specific to the surrendering client's family). Surrendered licenses are refreshed
 * every few hours while the client is connected, so they count for as long as their own term.
 */
export function serverStock(
  policy: Policy,
  fleet: Fleet,
  server: number,
  feature: number,
  platform: string,
  now: number,
  holdings: Holdings = declaredHoldings(fleet),
): number {
  const s = fleet.servers[server]!;
  let stock = 0;
  for (const [i, l] of s.licenses.entries()) {
    const fits = l.platform === null || l.platform === platform;
    const installed = holdings.installed(server, i);
    if (l.feature === feature && fits && installed && l.startMs <= now && now < l.endMs) stock += l.count;
  }
  for (const c of s.clients) {
    const client = fleet.clients[c]!;
    if (client.platform !== platform) continue;
    for (const index of holdings.surrenderedBy(c)) {
      if (!holdings.surrendered(c, index, now)) continue;
      const l = policy.licenses[index]!;
      const valid = l.installed && l.startMs <= now && now < l.endMs;
      if (valid && fleet.featureIds.get(l.feature) === feature) stock += l.count;
    }
  }
  return stock;
}

/**
 * P4: what a server has installed of a feature for any platform family, valid at `now`: the licenses
 * auto-leasing applies to (not those tied to a platform family, nor those surrendered by a client).
 */
export function anyPlatformStock(
  fleet: Fleet,
  server: number,
  feature: number,
  now: number,
  holdings: Holdings = declaredHoldings(fleet),
): number {
  let stock = 0;
  for (const [i, l] of fleet.servers[server]!.licenses.entries()) {
    const valid = holdings.installed(server, i) && l.startMs <= now && now < l.endMs;
    if (l.feature === feature && l.platform === null && valid) stock += l.count;
  }
  return stock;
}
