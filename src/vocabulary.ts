/**
 * licensim's words, each list defined once. Schemas, types, rule sets, trace records and reports derive
 * from these lists, so a word added here reaches every layer (and a layer that must handle every word,
 * such as a table keyed by them, fails to compile until it does).
 */

/** Lifecycle states; a state's position is its code in the rules' `state` fact. */
export const stateNames = ['trial', 'active', 'grace', 'restricted-access', 'expired'] as const;
export type StateName = (typeof stateNames)[number];

/** What a state does with new sessions and with those already running. */
export const newSessionPolicies = ['allow', 'deny'] as const;
export const existingSessionPolicies = ['keep', 'end'] as const;

/**
 * What each state allows when the policy does not say: sessions keep running everywhere; restricted-access
 * and expired refuse new ones. The schema's descriptions and the README quote these.
 */
export const stateDefaults = {
  trial: { newSessions: 'allow', existingSessions: 'keep', message: '' },
  active: { newSessions: 'allow', existingSessions: 'keep', message: '' },
  grace: { newSessions: 'allow', existingSessions: 'keep', message: '' },
  'restricted-access': {
    newSessions: 'deny',
    existingSessions: 'keep',
    message: 'Restricted-access mode: new sessions are refused',
  },
  expired: { newSessions: 'deny', existingSessions: 'keep', message: 'License has expired' },
} as const satisfies Record<
  StateName,
  {
    newSessions: (typeof newSessionPolicies)[number];
    existingSessions: (typeof existingSessionPolicies)[number];
    message: string;
  }
>;

/** What happens to a session over a limit (W10). */
export const overLimitBehaviours = ['deny', 'allow-and-alert', 'restrict'] as const;
export type OverLimit = (typeof overLimitBehaviours)[number];

/** A pool's usage levels in rising order, as the usage rules name them. */
export const usageLevels = ['normal', 'warning', 'critical', 'over-limit'] as const;
export type UsageLevel = (typeof usageLevels)[number];

/** Alerts: one per usage level above normal, and the expiry warning (W11). */
export const alertKinds = ['usage-warning', 'usage-critical', 'over-limit', 'expiry-warning'] as const;
export type AlertKind = (typeof alertKinds)[number];
/** The alert a usage level raises, by level. */
export const alertOfLevel: { readonly [level in UsageLevel]: AlertKind | null } = {
  normal: null,
  warning: 'usage-warning',
  critical: 'usage-critical',
  'over-limit': 'over-limit',
};

/** Why a session ended; a cause's position is its code on the hot path. */
export const releaseCauses = ['completed', 'idle-timeout', 'outage', 'lifecycle'] as const;
export type ReleaseCauseName = (typeof releaseCauses)[number];

/** Holding-time distributions of a load. */
export const holdingDistributions = ['exponential', 'lognormal', 'fixed'] as const;
export type HoldingDistribution = (typeof holdingDistributions)[number];

/** How the sessions of a batch with a window (`over`) start over it: at even steps or at random. */
export const spreadKinds = ['evenly', 'random'] as const;
export type SpreadKind = (typeof spreadKinds)[number];

/** Built-in hourly arrival profiles, by the name scenarios use. */
export const profileNames = ['flat', 'business-hours'] as const;
export type ProfileName = (typeof profileNames)[number];

/**
 * What an outage in a scenario's timeline takes down. P8: one license server of an HA pair (its peer takes
 * over), or the link between the two (a split); P9: a virtual server's contact with the vendor cloud;
 * P4: the WAN link between a license-server client and its server.
 */
export const outageTargets = [
  'site',
  'node',
  'license',
  'license-server',
  'ha-server',
  'ha-link',
  'vendor-cloud',
  'client-link',
] as const;
export type OutageTarget = (typeof outageTargets)[number];

/** Timeline events other than outages, each aimed at one license; P7 surrenders and recalls one to a server. */
export const licenseActions = [
  'activate',
  'renew',
  'upgrade',
  'expire',
  'enable',
  'disable',
  'surrender',
  'recall',
] as const;
export type LicenseAction = (typeof licenseActions)[number];

/**
 * What happened to a client's lease (P3, P5, P6): a request granted (in full or in part) or refused, a
 * renewal, an incremental step released when unused, a lease reclaimed when not renewed, or a lease cut
 * by a lowered maximum or a deleted allocation.
 */
export const leaseActions = ['granted', 'refused', 'renewed', 'released', 'reclaimed', 'cut'] as const;
export type LeaseAction = (typeof leaseActions)[number];

/**
 * What a license server's lifecycle answers for (P8, P9), each on its own lifecycle keyed by the server:
 * its HA pairing (a failover or a split starts the grace on the pair's licenses, then the server falls back
 * to its own), its vendor-cloud heartbeat, and the grace of a secondary restored from a backup.
 */
export const serverConcerns = ['ha', 'heartbeat', 'restored'] as const;
export type ServerConcern = (typeof serverConcerns)[number];

/**
 * What a license key is (P10, P11): a standard key counts from its start to its end; a renewal counts only
 * once the license it renews has expired; an emergency key is dormant until enabled, then counts for a
 * limited time; an evaluation key counts for a limited time from its start or installation; a named-user
 * key gives seats that identities take first come, first served, and freezes the concurrent keys (P12).
 */
export const licenseKinds = ['standard', 'renewal', 'emergency', 'evaluation', 'named-user'] as const;
export type LicenseKind = (typeof licenseKinds)[number];

/**
 * What happened to an entitlement (P10, P11, X3): it became valid or ended at a term boundary, is waiting
 * for the license it renews to expire, will never count (a renewal matching nothing), lies dormant (an
 * emergency key before it is enabled), was enabled or disabled (emergency mode), a change of its count
 * was refused (X3), or its named-user seats are near or at their limit (P12).
 */
export const entitlementActions = [
  'valid',
  'ended',
  'waiting',
  'never',
  'dormant',
  'enabled',
  'disabled',
  'refused',
  'near-limit',
  'limit-reached',
  'downloaded',
] as const;
export type EntitlementAction = (typeof entitlementActions)[number];

/** How licenses of one feature in a pool add up (P11): in count (100 + 100 users), or in duration (1 + 2 years). */
export const stackings = ['count', 'duration'] as const;
export type Stacking = (typeof stackings)[number];

/** License terms (X2): lifetime is another name for perpetual; monthly and yearly run whole periods from a start. */
export const licenseTerms = ['perpetual', 'subscription', 'lifetime', 'monthly', 'yearly'] as const;
export type LicenseTermName = (typeof licenseTerms)[number];

/**
 * Entitlement durations a policy may omit, as the Pulse guide (001) states them. The emergency time is
 * elapsed time used while enabled (the key counts down while emergency mode is on); the evaluation and
 * stacking limits are licence time (calendar days of the policy's zone).
 */
export const entitlementDefaults = {
  /** P10: an enabled emergency (ICE) key gives its capacity for 8 weeks. */
  emergencyFor: 'P8W',
  /** P10: an evaluation key is valid for 8 weeks. */
  evaluationFor: 'P8W',
  /** P11: license-server subscriptions stack in duration to at most 3 years. */
  durationStackLimit: 'P3Y',
  /** P12: an identity holding a named-user seat runs at most 5 sessions at once. */
  sessionsPerIdentity: 5,
  /** P12: "The named user limit has a 10% overage." */
  namedUserOverage: 0.1,
  /** W12: a license's count may go down as freely as up. */
  decreases: 'allowed',
  /** W12: lifetime licenses may be decreased like any other. */
  lifetimeDecreases: 'allowed',
} as const;

/**
 * P13: how often keys are downloaded from the vendor: "once every 3 months if there are no expiring
 * licenses; once a month if a license is expiring within the next 3 months; once a week if a license is
 * expiring within the next 2 weeks; once a day if a license grace period is expiring within the next week".
 */
export const keyDownloadDefaults = {
  every: 'P3M',
  whenExpiring: [
    { within: 'P3M', every: 'P1M' },
    { within: 'P14D', every: 'P7D' },
  ],
  whenGraceEnding: { within: 'P7D', every: 'P1D' },
} as const;

/** X3: whether a license's count may be decreased: freely, or only by an approved change. */
export const decreaseRules = ['allowed', 'approval'] as const;
export type DecreaseRule = (typeof decreaseRules)[number];
/** X3: whether a lifetime license's count may be decreased at all. */
export const lifetimeDecreaseRules = ['allowed', 'never'] as const;
export type LifetimeDecreaseRule = (typeof lifetimeDecreaseRules)[number];

/** Fixed lengths of time units: durations mean the same span wherever they start. */
export const MS = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
} as const;

/** What a license server runs on (P1, P9): an appliance, or a virtual machine that reports to the vendor cloud. */
export const licenseServerKinds = ['hardware', 'virtual'] as const;
export type LicenseServerKind = (typeof licenseServerKinds)[number];

/** How the two nodes of a license-server HA pair share their licenses (P8). */
export const haModes = ['active-passive', 'active-active'] as const;
export type HaMode = (typeof haModes)[number];

/** What a license server's license counts: concurrent users, or cores leased to virtual appliances (P15). */
export const capacityUnits = ['users', 'cores'] as const;
export type CapacityUnit = (typeof capacityUnits)[number];

/**
 * License-server settings a policy may omit, as the Pulse guide (001) states them: the schema's
 * descriptions, the model and the README quote these. Durations are elapsed time.
 */
export const licenseServerDefaults = {
  leasing: {
    /** P3: reserved leases last 10 days (the guide's 14,400 minutes). */
    reservedLease: 'P10D',
    /** P3: the guide's default incremental lease duration, 1,440 minutes. */
    incrementalLease: 'P1D',
    /** P3: the guide's default lease renewal interval, 240 minutes. */
    renewEvery: 'PT4H',
    /** P3: an incremental lease is kept at least 24 hours even when load falls. */
    minimumHold: 'P1D',
  },
  autoLease: {
    /** P4: enabled when the 24-hour average available count exceeds 30 % of Σ(MUC − leased). */
    threshold: 0.3,
    averagedOver: 'P1D',
    /** P4: a disconnected client auto-leases for at most 10 days. */
    disconnectedFor: 'P10D',
    /** P4: an auto-lease the server cannot reconcile switches auto-leasing off for 5 days. */
    penalty: 'P5D',
  },
  surrender: {
    /** P7: a surrendered license expires at the server 10 days after the client's last refresh. */
    expiresAfter: 'P10D',
    /** P7: the client refreshes the transfer every 4 hours. */
    refreshEvery: 'PT4H',
  },
  ha: {
    /** P8: after a failover or a split, the whole cluster license stays usable for 20 days. */
    grace: 'P20D',
  },
  heartbeat: {
    /** P9: a virtual server reports to the vendor cloud every 8 hours… */
    every: 'PT8H',
    /** …and licensing is disabled after 24 days without contact. */
    disabledAfter: 'P24D',
    /** P9: a secondary server restored from a backup runs on a 90-day grace period. */
    restoredGrace: 'P90D',
  },
} as const;
