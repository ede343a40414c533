import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { MS } from '../../src/vocabulary.js';
import { scenarioYaml, writeFixture } from '../support/build.js';
import { licensim, root } from '../support/cli.js';

/**
 * Issue "License servers and leasing", part 1: the license-server vocabulary and its validation (the Pulse
 * guide, 001). Each test writes a policy as a user would and checks every message `validate` prints for
 * it, with its line and column.
 */

/**
 * A policy whose nodes are gw-1 and gw-2 (site a, one pool) and gw-3 (site b), with the license servers
 * given as YAML from line 10 on (two spaces of indentation already applied), and the pools' licenses.
 */
function policy(servers: string, licenses = '[]'): string {
  return [
    'apiVersion: licensim/v1',
    'kind: Policy',
    'metadata: { name: fleet }',
    'spec:',
    '  timeZone: UTC',
    '  sites: [{ id: a, nodes: [gw-1, gw-2] }, { id: b, nodes: [gw-3] }]',
    `  licenses: ${licenses}`,
    '  pools: [{ id: a, licenses: [], sites: [a] }, { id: b, licenses: [], sites: [b] }]',
    '  licenseServers:',
    ...servers
      .trim()
      .split('\n')
      .map((line) => `    ${line}`),
    '',
  ].join('\n');
}

/** Everything validate says about the policy, as `file:line:col: message` lines. */
function problemsOf(text: string): string[] {
  return documentFrom(parseYamlSource('fleet.yaml', text)).diagnostics.map(formatDiagnostic);
}

function fleetOf(text: string) {
  const { loaded, diagnostics } = documentFrom(parseYamlSource('fleet.yaml', text));
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  if (loaded?.kind !== 'Policy') throw new Error('expected a policy');
  return loaded.policy.fleet!;
}

const users1000 = '{ id: consec-1000, feature: concurrent-users, count: 1000, term: perpetual }';

describe('P1: servers and clients', () => {
  it('P1: a device is a license server or a license client, never both: a server cannot lease from another', () => {
    const text = policy(`
- id: ls-1
  kind: hardware
  licenses: [${users1000}]
- id: ls-2
  kind: hardware
  licenses: [${users1000.replace('consec-1000', 'consec-1000-b')}]
  clients:
    - { id: ls-1, platform: psa, allocations: {} }`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:17:17: 'ls-1' is a license server; a device is a license server or a license client, never both, and a server cannot lease from another server (P1)",
    ]);
  });

  it('P1: a client belongs to exactly one server', () => {
    const text = policy(`
- id: ls-1
  kind: hardware
  clients:
    - { id: gw-1, platform: psa, allocations: {} }
- id: ls-2
  kind: hardware
  clients:
    - { id: gw-1, platform: psa, allocations: {} }
    - { id: gw-2, platform: psa, allocations: {} }
    - { id: gw-2, platform: psa, allocations: {} }`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:17:17: client 'gw-1' already leases from license server 'ls-1'; a client belongs to exactly one server (P1)",
      "fleet.yaml:19:17: duplicate client id 'gw-2' on license server 'ls-2'",
    ]);
  });

  it('P1: a license server serves no sessions, and a client is a node of the policy', () => {
    const text = policy(`
- id: gw-3
  kind: hardware
  clients:
    - { id: gw-4, platform: psa, allocations: {} }
- id: gw-3
  kind: virtual`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:10:11: license server 'gw-3' is also a node of site 'b', which serves sessions; a license server serves no sessions (P1)",
      "fleet.yaml:13:17: unknown node 'gw-4'; did you mean 'gw-1'? (known: gw-1, gw-2, gw-3): a license client is a node of spec.sites",
      "fleet.yaml:14:11: duplicate license server id 'gw-3'",
      "fleet.yaml:14:11: license server 'gw-3' is also a node of site 'b', which serves sessions; a license server serves no sessions (P1)",
    ]);
  });

  it('P1: license ids are unique across the pools and the servers, which scenario timelines name', () => {
    const text = policy(
      `
- id: ls-1
  kind: hardware
  licenses:
    - ${users1000}
    - { id: local, feature: concurrent-users, count: 5, term: perpetual }`,
      '[{ id: local, count: 5, term: perpetual }]',
    ).replace('licenses: [], sites: [a]', 'licenses: [local], sites: [a]');
    expect(problemsOf(text)).toEqual(["fleet.yaml:14:17: duplicate license id 'local'"]);
  });
});

describe('P2: allocations', () => {
  const oneClient = (allocation: string, installed = users1000) =>
    policy(`
- id: ls-1
  kind: hardware
  licenses: [${installed}]
  clients:
    - id: gw-1
      platform: psa
      allocations:
        concurrent-users: ${allocation}`);

  it("P2: the guide's own example (reserved 50, incremental 10, maximum 100) breaks the ILQ floor of 25: a warning", () => {
    expect(problemsOf(oneClient('{ reserved: 50, incremental: 10, maximum: 100 }'))).toEqual([
      'fleet.yaml:17:60: warning: incremental 10 is below 25 while maximum − reserved is 50; the incremental quantum is at least 25 unless maximum − reserved is under 25 (P2)',
    ]);
  });

  it('P2: the incremental quantum is at least 10 % of maximum − reserved', () => {
    expect(problemsOf(oneClient('{ reserved: 0, incremental: 50, maximum: 1000 }'))).toEqual([
      'fleet.yaml:17:59: warning: incremental 50 is below 10 % of maximum − reserved (1000); the incremental quantum is at least 10 % of it (P2)',
    ]);
    // 100 is exactly 10 % of 1000: no warning.
    expect(problemsOf(oneClient('{ reserved: 0, incremental: 100, maximum: 1000 }'))).toEqual([]);
  });

  it('P2: under 25 of headroom, a quantum under 25 is fine; an omitted quantum is 0, warned at the allocation', () => {
    expect(problemsOf(oneClient('{ reserved: 10, incremental: 3, maximum: 34 }'))).toEqual([]);
    expect(problemsOf(oneClient('{ reserved: 10, maximum: 34 }'))).toEqual([
      'fleet.yaml:17:31: warning: incremental 0 is below 10 % of maximum − reserved (24); the incremental quantum is at least 10 % of it (P2)',
    ]);
    expect(problemsOf(oneClient('{ reserved: 10, maximum: 10 }'))).toEqual([]);
  });

  it('P2: the maximum count is at least the reserved count', () => {
    expect(problemsOf(oneClient('{ reserved: 50, incremental: 25, maximum: 40 }'))).toEqual([
      'fleet.yaml:17:73: maximum 40 is below reserved 50; the maximum count is at least the reserved count (P2)',
    ]);
  });

  it('P2: an allocation names a feature its server holds', () => {
    const text = oneClient('{ reserved: 5, maximum: 5 }').replace(
      'concurrent-users: { reserved',
      'concurent-users: { reserved',
    );
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:17:13: unknown feature 'concurent-users' on license server 'ls-1'; did you mean 'concurrent-users'? (known: concurrent-users)",
    ]);
  });

  it('P2: the reserved counts add up to at most the installed count; the allocation that goes over is named', () => {
    const text = policy(`
- id: ls-1
  kind: hardware
  licenses:
    - { id: consec-500, feature: concurrent-users, count: 500, term: subscription, start: 2020-01-01, end: 2020-12-31 }
    - { id: consec-ice, feature: concurrent-users, count: 5000, term: perpetual, installed: false }
  clients:
    - { id: gw-1, platform: psa, allocations: { concurrent-users: { reserved: 300, incremental: 25, maximum: 300 } } }
    - { id: gw-2, platform: psa, allocations: { concurrent-users: { reserved: 200, incremental: 25, maximum: 300 } } }
    - { id: gw-3, platform: psa, allocations: { concurrent-users: { reserved: 1, incremental: 25, maximum: 250 } } }`);
    // The subscription ended long ago and still counts (the check reads the keys held, not the date);
    // the key not installed does not.
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:18:83: reserved 1 concurrent-users for 'gw-3' brings the reserved total on license server 'ls-1' to 501, over the 500 installed; the reserved counts of a feature add up to at most its installed count (P2)",
    ]);
  });

  it('P2: an ILQ warning becomes an error under --strict; an error stays one', async () => {
    const { strictly } = await import('../../src/config/diagnostics.js');
    const source = parseYamlSource(
      'fleet.yaml',
      oneClient('{ reserved: 50, incremental: 10, maximum: 100 }'),
    );
    const [found] = strictly(documentFrom(source).diagnostics);
    expect(found?.severity).toBe('error');
    expect(formatDiagnostic(found!)).toBe(
      'fleet.yaml:17:60: incremental 10 is below 25 while maximum − reserved is 50; the incremental quantum is at least 25 unless maximum − reserved is under 25 (P2)',
    );
  });
});

describe('P3: lease settings', () => {
  const withLeasing = (leasing: string) =>
    policy(`
- id: ls-1
  kind: hardware
  leasing: ${leasing}`);

  it('P3: the renewal interval is from one hour to half the incremental lease', () => {
    expect(problemsOf(withLeasing('{ renewEvery: PT30M }'))).toEqual([
      'fleet.yaml:12:30: renewal interval PT30M is under an hour; it is at least PT1H (P3)',
    ]);
    expect(problemsOf(withLeasing('{ incrementalLease: PT12H, renewEvery: PT7H }'))).toEqual([
      'fleet.yaml:12:55: renewal interval PT7H is more than half the incremental lease PT12H; it is from PT1H to incrementalLease / 2 (P3)',
    ]);
    // With the default renewal (PT4H), a short incremental lease is the setting at fault.
    expect(problemsOf(withLeasing('{ incrementalLease: PT6H }'))).toEqual([
      'fleet.yaml:12:36: renewal interval PT4H is more than half the incremental lease PT6H; it is from PT1H to incrementalLease / 2 (P3)',
    ]);
    expect(problemsOf(withLeasing('{ incrementalLease: PT8H, renewEvery: PT4H }'))).toEqual([]);
    expect(problemsOf(withLeasing('{ reservedLease: P0D }'))).toEqual([
      'fleet.yaml:12:33: reservedLease must be longer than zero (got P0D)',
    ]);
  });

  it("P3: omitted settings are the guide's 10-day reserved lease, 1-day incremental lease and 4-hour renewal", () => {
    const fleet = fleetOf(withLeasing('{ reservedLease: P5D }'));
    expect(fleet.servers[0]!.leasing).toEqual({
      reservedLeaseMs: 5 * MS.day,
      incrementalLeaseMs: MS.day,
      renewEveryMs: 4 * MS.hour,
      minimumHoldMs: MS.day,
      autoLease: {
        threshold: 0.3,
        averagedOverMs: MS.day,
        disconnectedForMs: 10 * MS.day,
        penaltyMs: 5 * MS.day,
      },
      surrender: { expiresAfterMs: 10 * MS.day, refreshEveryMs: 4 * MS.hour },
    });
  });
});

describe('P5: client clusters', () => {
  it('P5: the members of a cluster lease from one server and draw on one pool', () => {
    const text = policy(`
- id: ls-1
  kind: hardware
  clients:
    - { id: gw-1, platform: psa, cluster: c1, allocations: {} }
    - { id: gw-3, platform: psa, cluster: c1, allocations: {} }
- id: ls-2
  kind: hardware
  clients:
    - { id: gw-2, platform: psa, cluster: c1, allocations: {} }`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:14:47: cluster 'c1' spans pools 'a' ('gw-1') and 'b' ('gw-3'); the members of a cluster share one lease, so their nodes draw on one pool (P5, W1)",
      "fleet.yaml:18:47: cluster 'c1' has 'gw-1' leasing from license server 'ls-1' and 'gw-2' from 'ls-2'; the members of a cluster lease from one server (P5)",
    ]);
  });
});

describe('P7: surrendered licenses', () => {
  const surrendering = (surrenders: string, reserved: number) =>
    policy(
      `
- id: ls-1
  kind: hardware
  licenses: [${users1000}]
  clients:
    - { id: gw-1, platform: psa, surrenders: ${surrenders}, allocations: {} }
    - { id: gw-3, platform: psa-v, allocations: { concurrent-users: { reserved: ${reserved}, incremental: 200, maximum: 1100 } } }`,
      [
        '[{ id: add-100, feature: concurrent-users, count: 100, term: perpetual },',
        '{ id: sub-100, feature: concurrent-users, count: 100, term: subscription, end: 2027-12-31 },',
        '{ id: other-100, feature: concurrent-users, count: 100, term: perpetual }]',
      ].join(' '),
    )
      .replace('licenses: [], sites: [a]', 'licenses: [add-100, sub-100], sites: [a]')
      .replace('licenses: [], sites: [b]', 'licenses: [other-100], sites: [b]');

  it('P7: only whole perpetual licenses of the client’s own pool are surrendered', () => {
    expect(problemsOf(surrendering('[sub-100, other-100, add-10]', 0))).toEqual([
      "fleet.yaml:14:51: only perpetual licenses can be surrendered (P7); 'sub-100' is a subscription",
      "fleet.yaml:14:60: license 'other-100' counts in pool 'b', not in pool 'a' of 'gw-1'; a client surrenders only its own licenses (P7)",
      "fleet.yaml:14:71: unknown license 'add-10'; did you mean 'add-100'? (known: add-100, sub-100, other-100)",
    ]);
  });

  it('P7, P14: a surrendered license adds to the server, for clients of the surrendering family only', () => {
    expect(problemsOf(surrendering('[add-100]', 1000))).toEqual([]);
    // The 100 surrendered by a psa gateway do not lease to a psa-v client.
    expect(problemsOf(surrendering('[add-100]', 1001))).toEqual([
      "fleet.yaml:15:85: reserved 1001 concurrent-users for 'gw-3' (platform psa-v) brings the reservations that only licenses for any platform can serve to 1001, over the 1000 installed on license server 'ls-1'; platform-specific capacity (100 for psa) leases only to clients of its family (P14)",
    ]);
  });
});

describe('P8: HA pairs', () => {
  it('P8: peers exist, name each other and run one mode', () => {
    const text = policy(`
- { id: ls-1, kind: hardware, ha: { mode: active-passive, peer: ls-2 } }
- { id: ls-2, kind: hardware, ha: { mode: active-active, peer: ls-1 } }
- { id: ls-3, kind: hardware, ha: { mode: active-passive, peer: ls-9 } }
- { id: ls-4, kind: hardware, ha: { mode: active-passive, peer: ls-3 } }
- { id: ls-5, kind: hardware, ha: { mode: active-passive, peer: ls-5 } }`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:11:47: 'ls-2' is active-active but its peer 'ls-1' is active-passive; both servers of a pair run one mode (P8)",
      "fleet.yaml:12:69: unknown license server 'ls-9'; did you mean 'ls-1'? (known: ls-1, ls-2, ls-3, ls-4, ls-5)",
      "fleet.yaml:13:69: 'ls-3' pairs with 'ls-9', not with 'ls-4'; the two servers of a pair name each other (P8)",
      "fleet.yaml:14:69: license server 'ls-5' cannot be its own HA peer",
    ]);
  });

  it('P8: an active/active cluster has two nodes only', () => {
    const text = policy(`
- { id: ls-1, kind: hardware, ha: { mode: active-active, peer: ls-2 } }
- { id: ls-2, kind: hardware, ha: { mode: active-active, peer: ls-1 } }
- { id: ls-3, kind: hardware, ha: { mode: active-active, peer: ls-1 } }
- { id: ls-4, kind: hardware, ha: { mode: active-active, peer: ls-3 } }`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:12:68: 'ls-1' already pairs with 'ls-2'; an active/active cluster has two nodes only (P8)",
      "fleet.yaml:13:68: 'ls-3' already pairs with 'ls-1'; an active/active cluster has two nodes only (P8)",
    ]);
  });

  it("P8: a pair's reservations fit in both servers' licenses, and its clients may lease features either holds", () => {
    const pair = (reserved: number) =>
      policy(`
- id: ls-1
  kind: hardware
  ha: { mode: active-active, peer: ls-2 }
  licenses: [${users1000}]
  clients:
    - { id: gw-1, platform: psa, allocations: { cores: { reserved: 2, maximum: 2 } } }
- id: ls-2
  kind: hardware
  ha: { mode: active-active, peer: ls-1 }
  licenses: [{ id: cores-4, feature: cores, unit: cores, count: 4, term: perpetual }]
  clients:
    - { id: gw-3, platform: psa, allocations: { concurrent-users: { reserved: ${reserved}, incremental: 110, maximum: 1100 } } }`);
    expect(problemsOf(pair(1000))).toEqual([]);
    expect(problemsOf(pair(1001))).toEqual([
      "fleet.yaml:21:83: reserved 1001 concurrent-users for 'gw-3' brings the reserved total on HA pair 'ls-1' + 'ls-2' to 1001, over the 1000 installed; the reserved counts of a feature add up to at most its installed count (P2)",
    ]);
    const fleet = fleetOf(pair(10));
    expect(fleet.servers.map((s) => s.ha)).toEqual([
      { mode: 'active-active', peer: 1, graceMs: 20 * MS.day },
      { mode: 'active-active', peer: 0, graceMs: 20 * MS.day },
    ]);
  });
});

describe('P9: virtual license servers', () => {
  it('P9: a virtual server reports every 8 hours and is disabled after 24 days; a hardware one has no heartbeat', () => {
    const fleet = fleetOf(policy('- { id: vls, kind: virtual, heartbeat: { restoredGrace: P60D } }'));
    expect(fleet.servers[0]!.heartbeat).toEqual({
      everyMs: 8 * MS.hour,
      disabledAfterMs: 24 * MS.day,
      restoredGraceMs: 60 * MS.day,
    });
    expect(problemsOf(policy('- { id: hls, kind: hardware, heartbeat: { every: PT8H } }'))).toEqual([
      "fleet.yaml:10:34: hardware license server 'hls' has no vendor-cloud heartbeat (P9); remove heartbeat or make it kind: virtual",
    ]);
  });
});

describe('P14: platform families', () => {
  it('P14: platform-specific capacity leases only to clients of the same platform family', () => {
    const families = (reservedPsa: number) =>
      policy(`
- id: ls-1
  kind: hardware
  licenses:
    - { id: any-100, feature: concurrent-users, count: 100, term: perpetual }
    - { id: psa-v-300, feature: concurrent-users, count: 300, platform: psa-v, term: perpetual }
  clients:
    - { id: gw-3, platform: psa-v, allocations: { concurrent-users: { reserved: 100, incremental: 25, maximum: 100 } } }
    - { id: gw-1, platform: psa, allocations: { concurrent-users: { reserved: ${reservedPsa}, incremental: 25, maximum: 200 } } }`);
    // 400 are installed, but only the 100 for any platform lease to the psa gateway: the 300 for psa-v
    // are not for it, however few of them the psa-v client reserves.
    expect(problemsOf(families(100))).toEqual([]);
    expect(problemsOf(families(101))).toEqual([
      "fleet.yaml:17:83: reserved 101 concurrent-users for 'gw-1' (platform psa) brings the reservations that only licenses for any platform can serve to 101, over the 100 installed on license server 'ls-1'; platform-specific capacity (300 for psa-v) leases only to clients of its family (P14)",
    ]);
  });
});

describe('P15: core licenses', () => {
  const cores = (license: string, reserved: number) =>
    policy(`
- id: ls-1
  kind: virtual
  licenses:
    - ${license}
  clients:
    - { id: gw-3, platform: psa-v, allocations: { cores: { reserved: ${reserved}, maximum: ${reserved} } } }`);

  it('P15: limited core packs stack and cap the cores reserved across clients', () => {
    const packs = `{ id: core-20, feature: cores, unit: cores, count: 20, term: perpetual }
    - { id: core-40, feature: cores, unit: cores, count: 40, term: perpetual }`;
    expect(problemsOf(cores(packs, 60))).toEqual([]);
    expect(problemsOf(cores(packs, 61))).toEqual([
      "fleet.yaml:16:74: reserved 61 cores for 'gw-3' brings the reserved total on license server 'ls-1' to 61, over the 60 installed; the reserved counts of a feature add up to at most its installed count (P2)",
    ]);
  });

  it('P15: unlimited core leasing has no cap, and only core licenses are unlimited', () => {
    const unlimited = (unit: string) =>
      `{ id: msp, feature: cores, unit: ${unit}, count: unlimited, term: perpetual }`;
    expect(problemsOf(cores(unlimited('cores'), 100_000))).toEqual([]);
    expect(problemsOf(cores(unlimited('users'), 1))).toEqual([
      'fleet.yaml:13:58: only core licenses can be unlimited (P15: unlimited core leasing); give a count, or unit: cores',
    ]);
    expect(fleetOf(cores(unlimited('cores'), 1)).servers[0]!.licenses[0]!.count).toBe(Infinity);
  });

  it('P15: the nodes of a cluster lease the same number of cores (a warning), and a feature counts one unit', () => {
    const text = policy(`
- id: ls-1
  kind: hardware
  licenses:
    - { id: core-40, feature: cores, unit: cores, count: 40, term: perpetual }
    - { id: core-users, feature: cores, count: 40, term: perpetual }
  clients:
    - { id: gw-1, platform: psa-v, cluster: c, allocations: { cores: { reserved: 8, maximum: 8 } } }
    - { id: gw-2, platform: psa-v, cluster: c, allocations: { cores: { reserved: 4, incremental: 4, maximum: 8 } } }`);
    expect(problemsOf(text)).toEqual([
      "fleet.yaml:14:38: feature 'cores' counts cores elsewhere but users here; a feature counts users or cores, not both",
      "fleet.yaml:17:67: warning: 'gw-2' leases 4–8 cores but 'gw-1' of the same cluster 'c' leases 8–8; the nodes of a cluster lease the same number of cores (P15)",
    ]);
  });
});

describe('the fleet model the leasing dynamics read', () => {
  it('clients are nodes of the policy: their leases add to their site’s pool; features, clusters and indices', () => {
    const fleet = fleetOf(
      policy(`
- id: ls-1
  kind: hardware
  licenses: [${users1000}]
  clients:
    - { id: gw-3, platform: psa, expires: 2027-06-30, allocations: { concurrent-users: { reserved: 50, incremental: 25, maximum: 100 } } }
    - { id: gw-1, platform: psa, cluster: c, allocations: { concurrent-users: { reserved: 50, incremental: 25, maximum: 100 } } }
    - { id: gw-2, platform: psa, cluster: c, allocations: {} }`),
    );
    expect(fleet.clients.map((c) => [c.id, c.node, c.pool, c.cluster])).toEqual([
      ['gw-3', 2, 1, null],
      ['gw-1', 0, 0, 0],
      ['gw-2', 1, 0, 0],
    ]);
    expect(fleet.clientOfNode).toEqual([1, 2, 0]);
    expect(fleet.clusters).toEqual([{ id: 'c', index: 0, server: 0, members: [1, 2] }]);
    expect(fleet.features).toEqual([{ id: 'concurrent-users', index: 0, unit: 'users' }]);
    expect(fleet.clients[0]!.allocations).toEqual([
      { feature: 0, reserved: 50, incremental: 25, maximum: 100 },
    ]);
    // P2: the client configuration is valid through its expiry date, in the policy's zone.
    expect(new Date(fleet.clients[0]!.expiresMs).toISOString()).toBe('2027-07-01T00:00:00.000Z');
    expect(fleet.clients[1]!.expiresMs).toBe(Infinity);
    expect(fleet.servers[0]!.clients).toEqual([0, 1, 2]);
  });

  it('a policy without license servers has no fleet', () => {
    const text = policy('').replace('  licenseServers:\n', '');
    const { loaded } = documentFrom(parseYamlSource('fleet.yaml', text));
    expect(loaded?.kind === 'Policy' && loaded.policy.fleet).toBeNull();
  });

  it('a schema error in an allocation does not hide a P1 error elsewhere in the servers', () => {
    const text = policy(`
- id: ls-1
  kind: hardware
  clients:
    - { id: gw-1, platform: psa, allocations: { concurrent-users: { reserved: -1, maximum: 5 } } }
- id: ls-2
  kind: hardware
  clients:
    - { id: gw-1, platform: psa, allocations: {} }`);
    expect(problemsOf(text)).toEqual([
      'fleet.yaml:13:83: spec.licenseServers[0].clients[0].allocations.concurrent-users.reserved: must be at least 0 (got -1)',
      "fleet.yaml:17:17: client 'gw-1' already leases from license server 'ls-1'; a client belongs to exactly one server (P1)",
    ]);
  });
});

describe('--strict on the command line', () => {
  const file = 'policies/pulse-license-server.yaml';
  const ilqWarning = (line: number) =>
    `${file}:${line}:60: warning: incremental 10 is below 25 while maximum − reserved is 50; the incremental quantum is at least 25 unless maximum − reserved is under 25 (P2)`;

  it("P2: validate accepts the guide's own allocations with warnings (exit 0), and refuses them under --strict (exit 2)", async () => {
    const lenient = await licensim('validate', file);
    expect(lenient.stderr.trimEnd().split('\n')).toEqual([ilqWarning(42), ilqWarning(47)]);
    expect(lenient.stdout).toBe(`ok       ${file}  (Policy pulse-license-server)\n`);
    expect(lenient.code).toBe(0);

    const strict = await licensim('validate', '--strict', file);
    expect(strict.stderr.trimEnd().split('\n')).toEqual(
      [ilqWarning(42), ilqWarning(47)].map((w) => w.replace(': warning: ', ': ')),
    );
    expect(strict.stdout).toBe(`invalid  ${file}  (Policy pulse-license-server)\n`);
    expect(strict.code).toBe(2);
  });

  it('P2: under --strict, simulate and test report a policy warning as an error', async () => {
    const dir = await writeFixture({
      'scenario.yaml': scenarioYaml({
        policy: join(root, file),
        start: '2026-03-02T00:00:00Z',
        duration: 'PT1H',
        expect: [{ peakAtMost: 0 }],
      }),
    });
    try {
      const scenario = join(dir, 'scenario.yaml');
      // Without --strict the ILQ breach stays a warning and the scenario runs.
      const runs = await licensim('simulate', scenario);
      expect(runs.stderr).toContain(': warning: incremental 10 is below 25');
      expect(runs.code).toBe(0);
      for (const command of ['simulate', 'test']) {
        const refused = await licensim(command, '--strict', scenario);
        // At the policy's path as typed from the package folder, though the scenario names it absolutely.
        expect(refused.stderr).toContain(`${file}:42:60: incremental 10 is below 25`);
        expect(refused.code).toBe(2);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
