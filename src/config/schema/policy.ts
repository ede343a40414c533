import { type Static, Type } from '@sinclair/typebox';
import {
  decreaseRules,
  entitlementDefaults,
  existingSessionPolicies,
  keyDownloadDefaults,
  licenseKinds,
  lifetimeDecreaseRules,
  newSessionPolicies,
  overLimitBehaviours,
  type StateName,
  stackings,
  stateDefaults,
  stateNames,
} from '../../vocabulary.js';
import {
  CalendarDate,
  Document,
  Duration,
  Fraction,
  Identifier,
  LicenseTerm,
  MAX_LICENSE_SESSIONS,
  RuleId,
  SessionCount,
  Strict,
} from './common.js';
import { LicenseServer } from './license-servers.js';

export { type StateName, stateNames };

const StateRef = (description: string) =>
  Type.Union(
    stateNames.map((s) => Type.Literal(s)),
    { description },
  );

const Site = Strict(
  {
    id: Identifier('Site identifier, referenced by pools and scenarios.'),
    name: Type.Optional(Type.String({ description: 'Human-readable site name.' })),
    nodes: Type.Optional(
      Type.Array(Identifier('Node identifier.'), {
        minItems: 1,
        uniqueItems: true,
        description:
          'The nodes of the site, forming one HA cluster that shares the site pool (W1). Default: one node named after the site.',
      }),
    ),
  },
  { description: 'A deployment site whose nodes form one HA cluster.' },
);

const License = Strict(
  {
    id: Identifier('License identifier, referenced by pools and scenario timelines.'),
    feature: Type.Optional(Type.String({ description: 'What the license counts. Default: sessions.' })),
    count: SessionCount('Concurrent sessions the license allows', 0, MAX_LICENSE_SESSIONS),
    ...LicenseTerm,
    installed: Type.Optional(
      Type.Boolean({
        description: 'false: the key is held but not yet activated; a scenario `activate` event installs it.',
      }),
    ),
    available: Type.Optional(
      CalendarDate(
        'With installed: false, the day the key can be downloaded from the vendor (P13): the first automatic key download (entitlements.keyDownloads) on or after it installs the key.',
      ),
    ),
    kind: Type.Optional(
      Type.Union(
        licenseKinds.map((k) => Type.Literal(k)),
        {
          description:
            'standard (default); renewal: counts only once the license it renews has expired, and must match it (P11); emergency: dormant until a scenario `enable` event, then counts for `entitlements.emergencyFor` (P10); evaluation: counts for `entitlements.evaluationFor` from its start, or from its installation (P10); named-user: its count is seats, taken first come, first served by identities, each running up to `entitlements.sessionsPerIdentity` sessions; while valid, the concurrent keys of its pool are frozen (P12).',
        },
      ),
    ),
    renews: Type.Optional(
      Identifier(
        'Renewals: the license (a subscription or an earlier renewal) this one renews; it must have the same feature, count and term. Default: the pool’s matching license that ends the day before this one starts.',
      ),
    ),
    stack: Type.Optional(
      Type.Union(
        stackings.map((s) => Type.Literal(s)),
        {
          description:
            'count (default): licenses of a feature add up their counts; duration: each yearly or monthly license of the feature starts when the previous one listed ends, up to `entitlements.durationStackLimit` in all (P11, license-server subscriptions).',
        },
      ),
    ),
  },
  { description: 'A license key: a count of concurrent sessions with a term.' },
);

const Pool = Strict(
  {
    id: Identifier('Pool identifier, used in reports and expectations.'),
    licenses: Type.Array(Identifier('License ID.'), {
      description: 'Licenses whose counts add up to the pool capacity.',
      uniqueItems: true,
    }),
    sites: Type.Optional(
      Type.Array(Identifier('Site ID.'), {
        minItems: 1,
        uniqueItems: true,
        description: 'Sites drawing on this pool (W2). Default: every site.',
      }),
    ),
    allocation: Type.Optional(
      Type.Record(Type.String(), Fraction('Share of the pool.'), {
        description:
          'Per-site shares of the pool capacity (W7), e.g. { A: 0.4, B: 0.3 }; they must sum to 1.',
      }),
    ),
  },
  { description: 'A session pool shared by one or more sites.' },
);

/** What a state allows, each key's description stating the state's default (`stateDefaults`). */
const SessionRules = (state: StateName) => {
  const defaults = stateDefaults[state];
  return {
    newSessions: Type.Optional(
      Type.Union(
        newSessionPolicies.map((p) => Type.Literal(p)),
        { description: `Whether new sessions may start in this state. Default: ${defaults.newSessions}.` },
      ),
    ),
    existingSessions: Type.Optional(
      Type.Union(
        existingSessionPolicies.map((p) => Type.Literal(p)),
        {
          description: `What happens to running sessions when the state is entered: keep them or end them. Default: ${defaults.existingSessions}.`,
        },
      ),
    ),
    sessionLimit: Type.Optional(
      SessionCount('A session limit that replaces the licensed capacity in this state. Default: none', 0),
    ),
    message: Type.Optional(
      Type.String({
        description: `What a user refused because of this state is told. Default: "${defaults.message || `No new sessions while ${state}`}".`,
      }),
    ),
  };
};

const TimedState = (state: 'trial' | 'grace', description: string) =>
  Strict(
    {
      ...SessionRules(state),
      duration: Duration(
        'How long the state lasts from when it is entered, in calendar days, months and years of the policy’s time zone (P30D from local midnight ends at local midnight, across daylight-saving changes).',
      ),
      // biome-ignore lint/suspicious/noThenProperty: `then` is a policy key, never awaited as a thenable.
      then: StateRef('The state entered when the duration ends.'),
    },
    { description },
  );

const States = Strict(
  {
    trial: Type.Optional(TimedState('trial', 'The unlicensed trial (W8), e.g. 30 days with 10 sessions.')),
    active: Type.Optional(Strict(SessionRules('active'), { description: 'Licensed and valid.' })),
    grace: Type.Optional(TimedState('grace', 'A grace period after expiry or loss of contact.')),
    'restricted-access': Type.Optional(
      Strict(SessionRules('restricted-access'), {
        description: 'Restricted-access mode, entered on a violation.',
      }),
    ),
    expired: Type.Optional(Strict(SessionRules('expired'), { description: 'The license has expired (W9).' })),
  },
  { description: 'What each lifecycle state allows. Omitted states keep their defaults.' },
);

const Lifecycle = Strict(
  {
    initial: Type.Optional(
      Type.Union([Type.Literal('trial'), Type.Literal('active')], {
        description: 'Starting state. Default: active when a pool has an installed license, else trial.',
      }),
    ),
    states: Type.Optional(States),
    contactCheck: Type.Optional(
      Duration(
        'How often the product checks its license with the license server or vendor (X4: daily, P1D), at least PT1H, counted from the scenario start. A loss of contact is noticed at the first check that fails and its end at the first that succeeds; without it, both take effect at once.',
      ),
    ),
    on: Type.Optional(
      Strict(
        {
          expiry: Type.Optional(
            StateRef(
              'State entered when every license of a pool has expired. Default: grace when the policy declares a grace state, else expired.',
            ),
          ),
          contactLost: Type.Optional(
            Type.Union(
              [StateRef('State entered when the license server is unreachable.'), Type.Literal('none')],
              {
                description:
                  'State entered when the license server is unreachable; none: the pool stays where it is. Default: none.',
              },
            ),
          ),
          violation: Type.Optional(
            Type.Union(
              [
                StateRef('State entered when a limit is exceeded under overLimit: restrict.'),
                Type.Literal('none'),
              ],
              {
                description:
                  'State entered when a limit is exceeded under overLimit: restrict; none: no state change. Default: restricted-access.',
              },
            ),
          ),
        },
        { description: 'Which state each lifecycle event leads to.' },
      ),
    ),
  },
  { description: 'The license lifecycle: trial, active, grace, restricted-access, expired.' },
);

const Limits = Strict(
  {
    perUserSessions: Type.Optional(SessionCount('Maximum concurrent sessions per user (W10), e.g. 3', 1)),
    idleTimeout: Type.Optional(Duration('End sessions idle longer than this (W10), e.g. PT60M.')),
    overLimit: Type.Optional(
      Type.Union(
        overLimitBehaviours.map((b) => Type.Literal(b)),
        {
          description:
            'Over the pool limit: deny the session (default), allow it and raise an alert, or allow it and enter restricted-access mode.',
        },
      ),
    ),
    limitMessage: Type.Optional(
      Type.String({ description: 'What a refused user is told. Default: "License session limit reached".' }),
    ),
  },
  { description: 'Session limits enforced by the rules engine.' },
);

const Alerts = Strict(
  {
    usage: Type.Optional(
      Strict(
        {
          warning: Fraction('Usage share that raises a warning (W11: 0.80).'),
          critical: Fraction('Usage share that raises a critical alert (W11: 0.95).'),
        },
        { description: 'Pool usage thresholds.' },
      ),
    ),
    expiry: Type.Optional(
      Strict(
        {
          warnBefore: Duration(
            'Warn while at most this remains before the pool’s licenses end, in whole days or weeks of the policy’s calendar (W11: P90D). The warning is raised at the exact instant the period begins and stands until a renewal, or until the licenses end.',
          ),
          checkEvery: Type.Optional(
            Duration(
              'Raise and clear the warning only at checks this far apart from the scenario start, as a monitoring script would (the WALLIX monitor: PT6H). Default: exactly when the period begins and whenever the licenses change.',
            ),
          ),
        },
        { description: 'License expiry warning (W11).' },
      ),
    ),
  },
  { description: 'Monitoring thresholds (W11).' },
);

const DownloadStep = (what: string) =>
  Strict(
    {
      within: Duration(`How near ${what} must be, in calendar days, weeks or months of the policy’s zone.`),
      every: Duration('How often keys are downloaded then.'),
    },
    { description: `Download more often once ${what} is this near.` },
  );

const KeyDownloads = Strict(
  {
    every: Type.Optional(
      Duration(
        `How often keys are downloaded while no license expires soon (P13). Default: ${keyDownloadDefaults.every}.`,
      ),
    ),
    whenExpiring: Type.Optional(
      Type.Array(DownloadStep('the end of a valid license'), {
        maxItems: 10,
        description: `Sooner schedules while a license is expiring; the nearest that applies wins (P13). Default: ${keyDownloadDefaults.whenExpiring.map((s) => `every ${s.every} within ${s.within}`).join(', ')}.`,
      }),
    ),
    whenGraceEnding: Type.Optional(DownloadStep('the end of a pool’s grace period')),
  },
  {
    description: `P13: the product downloads its license keys from the vendor on a schedule, first at the start of the run; a key held with \`installed: false\` and an \`available\` date is installed by the first download on or after that date. \`{}\` takes the defaults: every ${keyDownloadDefaults.every}, every ${keyDownloadDefaults.whenExpiring[0].every} within ${keyDownloadDefaults.whenExpiring[0].within} of a license's end, every ${keyDownloadDefaults.whenExpiring[1].every} within ${keyDownloadDefaults.whenExpiring[1].within}, every ${keyDownloadDefaults.whenGraceEnding.every} within ${keyDownloadDefaults.whenGraceEnding.within} of a grace period's end.`,
  },
);

const Entitlements = Strict(
  {
    emergencyFor: Type.Optional(
      Duration(
        `How long an enabled emergency key gives its capacity, counted while enabled (P10). Default: ${entitlementDefaults.emergencyFor}.`,
      ),
    ),
    evaluationFor: Type.Optional(
      Duration(
        `How long an evaluation key is valid, in calendar days of the policy’s zone (P10). Default: ${entitlementDefaults.evaluationFor}.`,
      ),
    ),
    durationStackLimit: Type.Optional(
      Duration(
        `The longest term licenses stacked in duration may add up to (P11). Default: ${entitlementDefaults.durationStackLimit}.`,
      ),
    ),
    sessionsPerIdentity: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: `Sessions one identity holding a named-user seat may run at once (P12). Default: ${entitlementDefaults.sessionsPerIdentity}.`,
      }),
    ),
    namedUserOverage: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: `The share of named-user seats that may be taken beyond the limit (P12): 0.1 lets 100 seats seat 110 identities. Default: ${entitlementDefaults.namedUserOverage}.`,
      }),
    ),
    decreases: Type.Optional(
      Type.Union(
        decreaseRules.map((r) => Type.Literal(r)),
        {
          description: `Whether an upgrade event may lower a license's count (X3): allowed, or approval (only an upgrade with approved: true; any other is refused, in the trace). Default: ${entitlementDefaults.decreases}.`,
        },
      ),
    ),
    keyDownloads: Type.Optional(KeyDownloads),
    lifetimeDecreases: Type.Optional(
      Type.Union(
        lifetimeDecreaseRules.map((r) => Type.Literal(r)),
        {
          description: `Whether a lifetime license's count may be lowered at all (X3): allowed, or never (a scenario that lowers one is invalid). Default: ${entitlementDefaults.lifetimeDecreases}.`,
        },
      ),
    ),
  },
  {
    description:
      'How entitlements change over time: renewal, emergency and evaluation keys, stacking, named users (P10, P11, P12). Declaring it, or any license kind other than standard, simulates the policy with the entitlements model.',
  },
);

export const PolicySpec = Strict(
  {
    product: Type.Optional(Type.String({ description: 'The licensed product, e.g. WALLIX Bastion.' })),
    timeZone: Type.String({
      minLength: 1,
      description: 'IANA time zone in which license dates are read, e.g. Europe/Paris.',
    }),
    sites: Type.Optional(
      Type.Array(Site, { minItems: 1, description: 'Deployment sites. Default: one site named main.' }),
    ),
    licenses: Type.Array(License, { description: 'License keys held.' }),
    pools: Type.Array(Pool, { minItems: 1, description: 'Session pools; each site draws on exactly one.' }),
    lifecycle: Type.Optional(Lifecycle),
    entitlements: Type.Optional(Entitlements),
    limits: Type.Optional(Limits),
    alerts: Type.Optional(Alerts),
    licenseServers: Type.Optional(
      Type.Array(LicenseServer, {
        minItems: 1,
        description:
          'License servers leasing capacity to the gateways of this policy (P1–P9, P14, P15). Default: none, each pool counts its own licenses.',
      }),
    ),
    tiers: Type.Optional(
      Type.Array(
        Type.Union([
          SessionCount('A tier step: a session count sold as one license', 1),
          Strict(
            {
              sessions: SessionCount('The session count of the step', 1),
              name: Type.String({
                minLength: 1,
                description: "The vendor's name for the tier, e.g. Medium.",
              }),
            },
            { title: 'named tier step', description: 'A tier step with its name in the price list.' },
          ),
        ]),
        {
          minItems: 1,
          description: 'License tier steps for sizing recommendations (W3), in ascending order.',
        },
      ),
    ),
  },
  { description: 'What is licensed and how it behaves.' },
);

export const PolicyMetadata = Strict(
  {
    name: Identifier('Policy name, shown in reports.'),
    description: Type.Optional(Type.String({ description: 'What the policy models.' })),
    source: Type.Optional(Type.String({ description: 'The source document the policy is modelled on.' })),
    covers: Type.Optional(
      Type.Array(RuleId, {
        uniqueItems: true,
        description: 'Rule IDs from the rule catalogue (docs/rule-catalogue.md) this policy expresses.',
      }),
    ),
  },
  { description: "The policy's name, its source and the rule IDs it covers." },
);

export const PolicyDocument = Document('Policy', PolicySpec, PolicyMetadata);
export type PolicyDocument = Static<typeof PolicyDocument>;
