import type { CapacityUnit, HaMode, LicenseServerKind } from '../../vocabulary.js';

/**
 * The license servers of a policy and the clients they lease to (the Pulse guide, 001): the typed model
 * that `buildFleet` makes from `spec.licenseServers` and that the leasing dynamics read.
 *
 * Everything refers to everything else by index (servers, clients, features, clusters here; nodes, sites,
 * pools and licenses of the policy), so that a simulation can keep its per-client and per-feature state
 * in arrays. Durations are elapsed milliseconds; dates are epoch milliseconds in the policy's zone.
 *
 * How leases reach sessions: every client is a node of the policy's sites, so what it leases is capacity
 * of its site's pool, beside the pool's own licenses (less those it surrendered). The members of a client
 * cluster share one pool, as the nodes of a site share one (W1).
 */
export interface Fleet {
  readonly servers: readonly LicenseServer[];
  readonly clients: readonly LicenseClient[];
  readonly features: readonly Feature[];
  readonly clusters: readonly ClientCluster[];
  readonly serverIds: ReadonlyMap<string, number>;
  readonly clientIds: ReadonlyMap<string, number>;
  readonly featureIds: ReadonlyMap<string, number>;
  /** The client of each node of the policy, by node index; -1 where the node leases from no server. */
  readonly clientOfNode: readonly number[];
}

/** What a server's licenses count, named by the policy (`concurrent-users`, `cores`): data, not code. */
export interface Feature {
  readonly id: string;
  readonly index: number;
  readonly unit: CapacityUnit;
}

export interface LicenseServer {
  readonly id: string;
  readonly index: number;
  readonly kind: LicenseServerKind;
  /** P8: the other node of its HA pair, by server index; null for a standalone server. */
  readonly ha: { readonly mode: HaMode; readonly peer: number; readonly graceMs: number } | null;
  /** P9: the vendor-cloud heartbeat of a virtual server; null for a hardware server. */
  readonly heartbeat: Heartbeat | null;
  readonly leasing: LeaseSettings;
  readonly licenses: readonly ServerLicense[];
  /** Its clients, by client index, in file order. */
  readonly clients: readonly number[];
}

export interface Heartbeat {
  readonly everyMs: number;
  readonly disabledAfterMs: number;
  readonly restoredGraceMs: number;
}

export interface LeaseSettings {
  /** P3 */
  readonly reservedLeaseMs: number;
  readonly incrementalLeaseMs: number;
  readonly renewEveryMs: number;
  readonly minimumHoldMs: number;
  /** P4 */
  readonly autoLease: {
    readonly threshold: number;
    readonly averagedOverMs: number;
    readonly disconnectedForMs: number;
    readonly penaltyMs: number;
  };
  /** P7 */
  readonly surrender: { readonly expiresAfterMs: number; readonly refreshEveryMs: number };
}

export interface ServerLicense {
  readonly id: string;
  readonly feature: number;
  /** Users or cores; Infinity for unlimited core leasing (P15). */
  readonly count: number;
  /** P14: the platform family it leases to; null when it leases to any. */
  readonly platform: string | null;
  readonly term: 'perpetual' | 'subscription';
  /** Valid from startMs (inclusive) to endMs (exclusive); -Infinity / Infinity when open. */
  readonly startMs: number;
  readonly endMs: number;
  readonly installed: boolean;
}

export interface LicenseClient {
  readonly id: string;
  readonly index: number;
  readonly server: number;
  /** The policy node the client is, its site and the pool its leases add to. */
  readonly node: number;
  readonly site: number;
  readonly pool: number;
  readonly platform: string;
  /** P5: its cluster, by cluster index; null for a standalone client. */
  readonly cluster: number | null;
  /** P2: the server rejects its requests from this instant (24:00 of its expiry date); Infinity when none. */
  readonly expiresMs: number;
  readonly allocations: readonly Allocation[];
  /** P7: licenses of its pool (indices into the policy's licenses) surrendered to its server. */
  readonly surrenders: readonly number[];
}

/** P2: what a client may lease of one feature. */
export interface Allocation {
  readonly feature: number;
  /** RUC */
  readonly reserved: number;
  /** ILQ */
  readonly incremental: number;
  /** MUC */
  readonly maximum: number;
}

/** P5: clients that lease as one through a lease leader. */
export interface ClientCluster {
  readonly id: string;
  readonly index: number;
  readonly server: number;
  readonly members: readonly number[];
}
