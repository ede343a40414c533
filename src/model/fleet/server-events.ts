import { unknownName } from '../../config/wording.js';
import type { YamlPath } from '../../config/yaml-source.js';
import type { Policy } from '../policy.js';
import type { Problems } from '../problems.js';
import type { TimelineAction } from '../scenario.js';

/** Timeline events aimed at a license server itself rather than at a client or a license (P8, P9). */
export type ServerEvent =
  | (Extract<TimelineAction, { kind: 'outage' }> & {
      readonly target: 'ha-server' | 'ha-link' | 'vendor-cloud';
    })
  | Extract<TimelineAction, { kind: 'restore' }>;

export function isServerEvent(a: TimelineAction): a is ServerEvent {
  return (
    a.kind === 'restore' ||
    (a.kind === 'outage' &&
      (a.target === 'ha-server' || a.target === 'ha-link' || a.target === 'vendor-cloud'))
  );
}

/**
 * The server a server event names, by index, or -1 with an error at `at`: an HA outage names one server of
 * an HA pair, and a split one of an active/active pair (P8); a vendor-cloud outage or a restore names a
 * virtual server, the kind that reports to the vendor cloud (P9).
 */
export function serverEventTarget(
  a: ServerEvent,
  policy: Policy,
  at: YamlPath,
  problems: Problems,
  against: string,
): number {
  const fleet = policy.fleet;
  const named = a.kind === 'restore' ? a.server : a.id;
  const key = a.kind === 'restore' ? [...at, 'licenseServer'] : at;
  if (fleet === null) {
    problems.error(key, `${against} has no license servers, so no server '${named}'`);
    return -1;
  }
  const ha = a.kind === 'outage' && a.target !== 'vendor-cloud';
  const fits = fleet.servers.filter((s) => (ha ? s.ha !== null : s.kind === 'virtual'));
  const server = fleet.serverIds.get(named);
  if (server === undefined) {
    const what = ha ? 'license server of an HA pair' : 'virtual license server';
    problems.error(
      key,
      unknownName(
        what,
        named,
        fits.map((s) => s.id),
        `in ${against}`,
      ),
    );
    return -1;
  }
  if (!fits.includes(fleet.servers[server]!)) {
    problems.error(
      key,
      ha
        ? `license server '${named}' is not one of an HA pair; an HA outage names a server with ha (P8)`
        : `license server '${named}' is hardware; only a virtual server reports to the vendor cloud and is restored from a backup (P9)`,
    );
    return -1;
  }
  if (a.kind === 'outage' && a.target === 'ha-link' && fleet.servers[server]!.ha!.mode === 'active-passive') {
    problems.error(
      key,
      `license server '${named}' is one of an active/passive pair: a split (haLink) is of an active/active pair; an active/passive pair fails over (haServer) (P8)`,
    );
    return -1;
  }
  return server;
}
