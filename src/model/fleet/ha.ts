import type { Static } from '@sinclair/typebox';
import type { LicenseServer as WrittenServer } from '../../config/schema/license-servers.js';
import { unknownName } from '../../config/wording.js';
import type { YamlPath } from '../../config/yaml-source.js';
import { licenseServerDefaults } from '../../vocabulary.js';
import type { Problems } from '../problems.js';
import { durationMs } from '../time.js';
import type { LicenseServer } from './fleet.js';

type Written = Static<typeof WrittenServer>;

/**
 * P8: a server's HA pairing. Its peer exists, is another server, names it back and runs the same mode;
 * a pair has two nodes, so a third server naming one of them is refused (the guide: active/active
 * clusters have two nodes only). The peer is -1 when it cannot be resolved (the policy then has errors).
 */
export function haPairing(
  servers: readonly Written[],
  s: number,
  serverIds: ReadonlyMap<string, number>,
  at: YamlPath,
  problems: Problems,
): LicenseServer['ha'] {
  const own = servers[s]!;
  const ha = own.ha;
  if (ha === undefined) return null;
  const graceMs = durationMs(ha.grace ?? licenseServerDefaults.ha.grace) ?? 0;
  if (graceMs <= 0) problems.error([...at, 'grace'], `grace must be longer than zero (got ${ha.grace})`);
  const peerAt = [...at, 'peer'];
  const peer = serverIds.get(ha.peer);
  if (peer === undefined) {
    problems.error(peerAt, unknownName('license server', ha.peer, serverIds.keys()));
    return { mode: ha.mode, peer: -1, graceMs };
  }
  if (peer === s) {
    problems.error(peerAt, `license server '${own.id}' cannot be its own HA peer`);
    return { mode: ha.mode, peer: -1, graceMs };
  }
  const back = servers[peer]!.ha;
  const backPeer = back === undefined ? undefined : serverIds.get(back.peer);
  if (back === undefined) {
    problems.error(
      peerAt,
      `'${ha.peer}' does not name '${own.id}' as its HA peer; the two servers of a pair name each other (P8)`,
    );
  } else if (backPeer !== s) {
    problems.error(
      peerAt,
      ha.mode === 'active-active'
        ? `'${ha.peer}' already pairs with '${back.peer}'; an active/active cluster has two nodes only (P8)`
        : `'${ha.peer}' pairs with '${back.peer}', not with '${own.id}'; the two servers of a pair name each other (P8)`,
    );
  } else if (back.mode !== ha.mode && s > peer) {
    // Reported once, on the second server of the pair.
    problems.error(
      [...at, 'mode'],
      `'${own.id}' is ${ha.mode} but its peer '${ha.peer}' is ${back.mode}; both servers of a pair run one mode (P8)`,
    );
  }
  return { mode: ha.mode, peer, graceMs };
}
