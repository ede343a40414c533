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

/** What an outage in a scenario's timeline takes down. */
export const outageTargets = ['site', 'node', 'license', 'license-server'] as const;
export type OutageTarget = (typeof outageTargets)[number];

/** Timeline events other than outages, each aimed at one license. */
export const licenseActions = ['activate', 'renew', 'upgrade', 'expire'] as const;
export type LicenseAction = (typeof licenseActions)[number];

/** Fixed lengths of time units: durations mean the same span wherever they start. */
export const MS = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
} as const;
