import { Type } from '@sinclair/typebox';
import { capacityUnits, haModes, licenseServerDefaults, licenseServerKinds } from '../../vocabulary.js';
import {
  atMost,
  CalendarDate,
  Duration,
  Fraction,
  grouped,
  Identifier,
  LicenseTerm,
  MAX_LICENSE_SESSIONS,
  MAX_POOL_SESSIONS,
  SessionCount,
  Strict,
} from './common.js';

/**
 * License servers and their clients (the Pulse guide, 001: P1–P9, P14, P15). A server leases capacity to
 * the gateways of the policy: each client is a node of `spec.sites`, so what it leases becomes capacity of
 * its site's pool. Every default is stated in `licenseServerDefaults` (vocabulary.ts) and quoted here.
 */

const defaults = licenseServerDefaults;
const percent = (share: number) => `${Math.round(share * 100)}%`;

const Term = {
  ...LicenseTerm,
  installed: Type.Optional(
    Type.Boolean({
      description:
        'false: the key is held but not yet installed; it counts toward nothing until installed. Default: true.',
    }),
  ),
};

const ServerLicense = Strict(
  {
    id: Identifier('License identifier, unique among all the licenses of the policy.'),
    feature: Identifier(
      'The feature the license counts, e.g. concurrent-users or cores: client allocations name it.',
    ),
    count: Type.Union(
      [
        SessionCount('Users or cores the license counts', 0, MAX_LICENSE_SESSIONS),
        // `const` alone, without `type: string`: a wrong count then reads "must be at least 0 or unlimited".
        Type.Unsafe<'unlimited'>({
          const: 'unlimited',
          description: 'Unlimited core leasing (P15): no cap.',
        }),
      ],
      {
        description: `How many users or cores the license counts ${atMost(MAX_LICENSE_SESSIONS)}; licenses of one feature add up (core packs stack, P15). unlimited: unlimited core leasing, for cores only.`,
      },
    ),
    unit: Type.Optional(
      Type.Union(
        capacityUnits.map((u) => Type.Literal(u)),
        {
          description:
            'What the license counts: concurrent users, or cores leased to virtual appliances (P15). Default: users.',
        },
      ),
    ),
    platform: Type.Optional(
      Identifier(
        'The platform family the license is specific to (P14): its capacity leases only to clients of that family. Default: none, it leases to any client.',
      ),
    ),
    ...Term,
  },
  { description: 'A license installed on the license server.' },
);

const Allocation = Strict(
  {
    reserved: SessionCount('Reserved count (RUC): leased to the client whatever its load', 0),
    incremental: Type.Optional(
      SessionCount(
        'Incremental lease quantum (ILQ): the client leases above its reserved count in steps of this size. P2: at least 25 unless maximum − reserved < 25, and at least 10 % of maximum − reserved. Default: 0',
        0,
      ),
    ),
    maximum: SessionCount('Maximum count (MUC): at least the reserved count', 0),
  },
  { description: 'What the client may lease of one feature (P2).' },
);

const Client = Strict(
  {
    id: Identifier(
      'License client ID: a node of this policy (a node in spec.sites, or the id of a site without nodes), whose site’s pool gets the capacity the client leases.',
    ),
    platform: Identifier(
      'Platform family of the client, e.g. psa or psa-v: platform-specific licenses lease only to their family (P14).',
    ),
    cluster: Type.Optional(
      Identifier(
        'The cluster the client is a node of (P5): one lease leader leases for every member. Members are nodes of one site and clients of one server. Default: none, a standalone client.',
      ),
    ),
    expires: Type.Optional(
      CalendarDate(
        'Last day of the client configuration (P2): from the next day the server rejects its requests. Default: none.',
      ),
    ),
    allocations: Type.Record(Type.String(), Allocation, {
      description:
        'What the client may lease, per feature of its server, e.g. { concurrent-users: { reserved: 50, incremental: 25, maximum: 100 } }.',
    }),
    surrenders: Type.Optional(
      Type.Array(Identifier('License ID.'), {
        uniqueItems: true,
        description:
          'Perpetual licenses of the client’s pool (spec.licenses) surrendered to the server, which leases them like its own to clients of the same platform family (P7). Default: none.',
      }),
    ),
  },
  { description: 'A license client: a gateway node that leases from this server (P1: from this one only).' },
);

const AutoLease = Strict(
  {
    threshold: Type.Optional(
      Fraction(
        `P4: auto-leasing is on for a feature while the average available count exceeds this share of Σ(maximum − leased) over clients. Default: ${percent(defaults.autoLease.threshold)}.`,
      ),
    ),
    averagedOver: Type.Optional(
      Duration(`P4: the window of that average. Default: ${defaults.autoLease.averagedOver}.`),
    ),
    disconnectedFor: Type.Optional(
      Duration(
        `P4: a disconnected client auto-leases for at most this long, and no longer than its reserved leases. Default: ${defaults.autoLease.disconnectedFor}.`,
      ),
    ),
    penalty: Type.Optional(
      Duration(
        `P4: auto-leasing is off for every client this long after a reconciliation fails. Default: ${defaults.autoLease.penalty}.`,
      ),
    ),
  },
  { description: 'Auto-leasing while clients cannot reach the server (P4).' },
);

const Surrender = Strict(
  {
    expiresAfter: Type.Optional(
      Duration(
        `P7: a surrendered license stops leasing this long after the client's last refresh. Default: ${defaults.surrender.expiresAfter}.`,
      ),
    ),
    refreshEvery: Type.Optional(
      Duration(
        `P7: how often the client refreshes a surrender. Default: ${defaults.surrender.refreshEvery}.`,
      ),
    ),
  },
  { description: 'Surrendered licenses (P7).' },
);

const Leasing = Strict(
  {
    reservedLease: Type.Optional(
      Duration(`P3: how long a reserved lease lasts. Default: ${defaults.leasing.reservedLease}.`),
    ),
    incrementalLease: Type.Optional(
      Duration(
        `P3: how long an incremental lease lasts; a renewal extends a lease to now + this, capped by the client's expiry. Default: ${defaults.leasing.incrementalLease}.`,
      ),
    ),
    renewEvery: Type.Optional(
      Duration(
        `P3: the lease renewal interval, from PT1H to half the incremental lease duration. Default: ${defaults.leasing.renewEvery}.`,
      ),
    ),
    minimumHold: Type.Optional(
      Duration(
        `P3: an incremental lease is kept at least this long, even when load falls. Default: ${defaults.leasing.minimumHold}.`,
      ),
    ),
    autoLease: Type.Optional(AutoLease),
    surrender: Type.Optional(Surrender),
  },
  { description: 'Lease settings of the server (P3, P4, P7). Omitted settings keep their defaults.' },
);

const HighAvailability = Strict(
  {
    mode: Type.Union(
      haModes.map((m) => Type.Literal(m)),
      {
        description:
          'active-passive: one node serves, the other takes over; active-active: both serve (two nodes only). P8.',
      },
    ),
    peer: Identifier('The other license server of the pair; it names this one as its peer.'),
    grace: Type.Optional(
      Duration(
        `P8: after a failover or a split, how long a node may use the whole pair's licenses before falling back to its own. Default: ${defaults.ha.grace}.`,
      ),
    ),
  },
  { description: 'The server is one node of an HA pair (P8).' },
);

const Heartbeat = Strict(
  {
    every: Type.Optional(
      Duration(`P9: how often the server reports to the vendor cloud. Default: ${defaults.heartbeat.every}.`),
    ),
    disabledAfter: Type.Optional(
      Duration(
        `P9: licensing is disabled after this long without contact. Default: ${defaults.heartbeat.disabledAfter}.`,
      ),
    ),
    restoredGrace: Type.Optional(
      Duration(
        `P9: the grace period of a secondary server restored from a backup. Default: ${defaults.heartbeat.restoredGrace}.`,
      ),
    ),
  },
  {
    description:
      'The vendor-cloud heartbeat of a virtual license server (P9). Omitted settings keep their defaults.',
  },
);

export const LicenseServer = Strict(
  {
    id: Identifier(
      'License server identifier. A server is a device of its own: never a client, never a node serving sessions (P1).',
    ),
    kind: Type.Union(
      licenseServerKinds.map((k) => Type.Literal(k)),
      {
        description:
          'hardware: an appliance; virtual: a virtual license server with a vendor-cloud heartbeat (P9).',
      },
    ),
    ha: Type.Optional(HighAvailability),
    heartbeat: Type.Optional(Heartbeat),
    leasing: Type.Optional(Leasing),
    licenses: Type.Optional(
      Type.Array(ServerLicense, {
        description: `Licenses installed on the server. Default: none. Each feature's installed count is at most ${grouped(MAX_POOL_SESSIONS)}.`,
      }),
    ),
    clients: Type.Optional(
      Type.Array(Client, {
        description:
          'The clients the server leases to, with their allocations. The reserved counts of a feature add up to at most its installed count (P2, P14). Default: none.',
      }),
    ),
  },
  { description: 'A license server that leases capacity to client gateways (P1–P9, P14, P15).' },
);
