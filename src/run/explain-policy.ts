import { DateTime } from 'luxon';
import type { Fleet } from '../model/fleet/fleet.js';
import type { License, Policy } from '../model/policy.js';
import type { LicensingRule } from '../rules/rule-sets.js';
import { NO_LIMIT } from '../trace/facts.js';
import { MS, type stateNames } from '../vocabulary.js';
import { policyCatalogue } from './policy-catalogue.js';
import { ruleSentence } from './rule-sentence.js';

/** A lifecycle transition in words: what triggers it and, for a timed state, after how long. */
export interface ExplainedTransition {
  readonly from: string;
  readonly to: string;
  readonly event: string;
  readonly trigger: string;
  /** How long the state lasts before a timeout, in words; null for an event. */
  readonly delay: string | null;
}

/** `licensim explain POLICY`: the policy in plain words, its lifecycles and its rules. */
export interface PolicyExplanation {
  readonly policy: string;
  readonly file: string;
  readonly product: string;
  readonly description: string;
  readonly timeZone: string;
  readonly covers: readonly string[];
  /** What is licensed: each license, pool and license server, a sentence each. */
  readonly licensed: readonly string[];
  readonly onExpiry: readonly string[];
  readonly overLimit: readonly string[];
  readonly offline: readonly string[];
  readonly lifecycles: readonly {
    readonly machine: string;
    readonly initials: readonly string[];
    readonly transitions: readonly ExplainedTransition[];
  }[];
  readonly rules: readonly {
    readonly ruleSet: string;
    readonly rule: string;
    readonly priority: number;
    readonly ruleIds: string;
    readonly sentence: string;
  }[];
}

export function explainPolicy(policy: Policy, file: string): PolicyExplanation {
  const catalogue = policyCatalogue(policy);
  return {
    policy: policy.name,
    file,
    product: policy.product,
    // A folded YAML description ends in a newline, which the text would show escaped.
    description: policy.description.trim(),
    timeZone: policy.timeZone,
    covers: [...policy.covers],
    licensed: licensed(policy),
    onExpiry: onExpiry(policy),
    overLimit: overLimit(policy),
    offline: offline(policy),
    lifecycles: catalogue.machines.map((m) => ({
      machine: m.machine,
      initials: m.initials,
      transitions: m.transitions.map((t) => ({
        from: t.from,
        to: t.to,
        event: t.event,
        trigger: trigger(m.machine, t.event, t.guard),
        delay: t.delay === null ? null : delayOf(policy, t.delay, m.machine),
      })),
    })),
    rules: catalogue.ruleSets.flatMap((set) =>
      set.rules.map((r: LicensingRule) => ({
        ruleSet: set.name,
        rule: r.name,
        priority: r.priority,
        ruleIds: r.event.params.ruleIds,
        sentence: ruleSentence(r, set),
      })),
    ),
  };
}

function licensed(policy: Policy): string[] {
  const out = policy.pools.map((pool) => {
    const sites = pool.sites.map((s) => policy.sites[s]!.id);
    const nodes = pool.sites.flatMap((s) => policy.sites[s]!.nodes.map((n) => policy.nodes[n]!.id));
    const keys = pool.licenses.map((l) => license(policy.licenses[l]!, policy.timeZone));
    const split = pool.allocation === null ? '' : `, split ${shares(pool.allocation, sites)}`;
    const of = keys.length === 0 ? 'no license of its own' : keys.join('; ');
    const cluster = nodes.length > sites.length ? `; nodes ${nodes.join(', ')} share it (W1)` : '';
    return `Pool ${pool.id} (sites ${sites.join(', ')}${split}${cluster}): ${of}.`;
  });
  if (policy.fleet !== null) out.push(...servers(policy.fleet, policy));
  return out;
}

function license(l: License, zone: string): string {
  const kind = l.kind === 'standard' ? '' : ` ${l.kind}`;
  const dates =
    l.startMs === Number.NEGATIVE_INFINITY && l.endMs === Number.POSITIVE_INFINITY
      ? ''
      : ` valid ${dateOf(l.startMs, zone, 'from')} ${dateOf(l.endMs - 1, zone, 'to')}`;
  const installed = l.installed ? '' : ', not installed at the start';
  const feature = l.feature === 'sessions' ? '' : ` of ${l.feature}`;
  return `${l.id}: ${l.count} sessions${feature}, ${l.termName}${kind}${dates}${installed}`;
}

function dateOf(ms: number, zone: string, word: 'from' | 'to'): string {
  if (!Number.isFinite(ms)) return word === 'from' ? 'from the start' : 'with no end';
  return `${word} ${DateTime.fromMillis(ms, { zone }).toISODate()}`;
}

function shares(allocation: readonly number[], sites: readonly string[]): string {
  return allocation.map((share, i) => `${sites[i]} ${Math.round(share * 1000) / 10} %`).join(', ');
}

function servers(fleet: Fleet, policy: Policy): string[] {
  return fleet.servers.map((s) => {
    const keys = s.licenses.map((l) => {
      const count = Number.isFinite(l.count) ? String(l.count) : 'unlimited';
      const unit = fleet.features[l.feature]!;
      const platform = l.platform === null ? '' : ` (only to ${l.platform} clients)`;
      return `${count} ${unit.unit} of ${unit.id}${platform}`;
    });
    const clients = s.clients.map((c) => {
      const client = fleet.clients[c]!;
      const each = client.allocations
        .map((a) => `${fleet.features[a.feature]!.id} ${a.reserved}+${a.incremental}…${a.maximum}`)
        .join(', ');
      return `${client.id} at ${policy.sites[client.site]!.id} (${each})`;
    });
    const ha = s.ha === null ? '' : `, ${s.ha.mode} HA with ${fleet.servers[s.ha.peer]!.id}`;
    return `License server ${s.id} (${s.kind}${ha}) leases ${keys.join(', ') || 'nothing'} to ${clients.join('; ') || 'no client'} (reserved+incremental…maximum, P2).`;
  });
}

function stateWords(policy: Policy, state: (typeof stateNames)[number]): string {
  const rules = policy.lifecycle.states[state];
  const limit = rules.sessionLimit === null ? '' : ` (at most ${rules.sessionLimit} sessions)`;
  const message = rules.message ? `: "${rules.message}"` : '';
  return `${state} ${rules.newSessions === 'deny' ? 'refuses new sessions' : 'admits new sessions'}${limit} and ${rules.existingSessions === 'end' ? 'ends' : 'keeps'} those open${message}`;
}

function onExpiry(policy: Policy): string[] {
  const { states, on } = policy.lifecycle;
  const out = [`When the licenses expire, the pool moves to ${on.expiry}: ${stateWords(policy, on.expiry)}.`];
  for (const name of ['grace', 'trial'] as const) {
    const s = states[name];
    if (s.duration !== null) {
      out.push(
        `The ${name} lasts ${s.duration} (calendar days in ${policy.timeZone}), then ${s.then ?? 'expired'}; ${stateWords(policy, name)}.`,
      );
    }
  }
  if (policy.alerts.expiry !== null) {
    out.push(
      `An expiry warning is raised while at most ${policy.alerts.expiry.warnBeforeDays} days are left (W11).`,
    );
  }
  out.push('A renewal or a new activation brings the pool back to active once nothing else holds it.');
  return out;
}

function overLimit(policy: Policy): string[] {
  const { limits, alerts } = policy;
  const what = {
    deny: `a session over the licensed count is refused: "${limits.limitMessage}"`,
    'allow-and-alert': `a session over the licensed count is admitted and an over-limit alert raised: "${limits.limitMessage}"`,
    restrict: `a session over the licensed count is admitted and the pool moves to ${policy.lifecycle.on.violation ?? 'restricted-access'} until usage is back within it`,
  }[limits.overLimit];
  const out = [`Over the limit (${limits.overLimit}), ${what}.`];
  if (limits.perUserSessions !== null && limits.perUserSessions !== NO_LIMIT) {
    out.push(`A user may hold at most ${limits.perUserSessions} sessions at once.`);
  }
  if (limits.idleTimeoutMs !== null) out.push(`A session idle for ${words(limits.idleTimeoutMs)} is ended.`);
  const levels = [
    alerts.usageWarning === null ? null : `a warning at ${Math.round(alerts.usageWarning * 100)} %`,
    alerts.usageCritical === null ? null : `a critical alert at ${Math.round(alerts.usageCritical * 100)} %`,
  ].filter((x) => x !== null);
  if (levels.length > 0) out.push(`Usage of a pool's capacity raises ${levels.join(' and ')} (W11).`);
  return out;
}

function offline(policy: Policy): string[] {
  const out: string[] = [];
  const lost = policy.lifecycle.on.contactLost;
  out.push(
    lost === null
      ? 'Losing contact with the license source changes nothing: the pool stays in its state.'
      : `Losing contact with the license source moves the pool to ${lost}: ${stateWords(policy, lost)}.`,
  );
  const every = policy.lifecycle.contactCheckMs;
  if (every !== null) {
    out.push(
      `The license is checked every ${words(every)}: a loss of contact counts from the first check that fails, its end from the first that succeeds (X4).`,
    );
  }
  for (const s of policy.fleet?.servers ?? []) {
    if (s.ha !== null) {
      out.push(
        `${s.id}: after its HA peer fails, it serves the pair's licenses for ${words(s.ha.graceMs)}, then only its own (P8).`,
      );
    }
    if (s.heartbeat !== null) {
      out.push(
        `${s.id}: calls the vendor cloud every ${words(s.heartbeat.everyMs)}; after ${words(s.heartbeat.disabledAfterMs)} without contact its licensing is disabled; restored from a backup it runs on a ${words(s.heartbeat.restoredGraceMs)} grace (P9).`,
      );
    }
    const auto = s.leasing.autoLease;
    out.push(
      `${s.id}: a disconnected client may auto-lease for up to ${words(auto.disconnectedForMs)}; a failed reconciliation switches auto-leasing off for ${words(auto.penaltyMs)} (P4).`,
    );
  }
  return out;
}

const eventWords: Readonly<Record<string, string>> = {
  ACTIVATE: 'a license is activated',
  RENEW: 'a license is renewed or starts',
  EXPIRE: 'the licenses expire',
  CONTACT_LOST: 'contact with the license source is lost',
  CONTACT_RESTORED: 'contact is restored',
  VIOLATION_RAISED: 'usage goes over the licensed count',
  VIOLATION_CLEARED: 'usage is back within the licensed count',
};

const serverEventWords: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'license-server-ha': { LOST: 'the HA peer fails or the pair splits', RESTORED: 'the pair rejoins' },
  'license-server-heartbeat': {
    LOST: 'vendor-cloud contact is lost',
    RESTORED: 'vendor-cloud contact is back',
  },
  'license-server-restored': {
    LOST: 'the server is restored from a backup',
    RESTORED: 'the restore is resolved',
  },
};

function trigger(machine: string, event: string, guard: string | null): string {
  if (event === 'timeout') return 'the period ends';
  const said = serverEventWords[machine]?.[event] ?? eventWords[event] ?? event;
  return guard === 'clearAfterEvent' ? `${said}, and no other cause holds` : said;
}

function delayOf(policy: Policy, delay: string, machine: string): string {
  if (delay === 'trial' || delay === 'grace') return policy.lifecycle.states[delay].duration ?? 'no limit';
  const servers = policy.fleet?.servers ?? [];
  const ms = servers.flatMap((s) => {
    if (machine === 'license-server-ha') return s.ha === null ? [] : [s.ha.graceMs];
    if (machine === 'license-server-heartbeat')
      return s.heartbeat === null ? [] : [s.heartbeat.disabledAfterMs];
    return s.heartbeat === null ? [] : [s.heartbeat.restoredGraceMs];
  });
  return [...new Set(ms)].map(words).join(' or ') || delay;
}

function words(ms: number): string {
  const [n, unit] =
    ms % MS.day === 0
      ? [ms / MS.day, 'day']
      : ms % MS.hour === 0
        ? [ms / MS.hour, 'hour']
        : [ms / MS.minute, 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
