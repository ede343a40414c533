import type { Fleet } from '../model/fleet/fleet.js';
import type { Policy } from '../model/policy.js';

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
): number {
  const s = fleet.servers[server]!;
  let stock = 0;
  for (const l of s.licenses) {
    const fits = l.platform === null || l.platform === platform;
    if (l.feature === feature && fits && l.installed && l.startMs <= now && now < l.endMs) stock += l.count;
  }
  for (const c of s.clients) {
    const client = fleet.clients[c]!;
    if (client.platform !== platform) continue;
    for (const index of client.surrenders) {
      const l = policy.licenses[index]!;
      const valid = l.installed && l.startMs <= now && now < l.endMs;
      if (valid && fleet.featureIds.get(l.feature) === feature) stock += l.count;
    }
  }
  return stock;
}
