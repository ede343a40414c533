import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/run/execute.js';
import type { TraceRecord, TraceSink } from '../../src/trace/records.js';
import { runFrom } from '../support/build.js';
import type { LeaseRecord } from '../support/lease-run.js';

type AutoLeaseRecord = Extract<TraceRecord, { type: 'auto-lease' }>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-02T00:00:00Z');
/** P4: however the policy sets it, one continuous disconnection never auto-leases past this. */
const P4_LIMIT_MS = 10 * DAY;

/**
 * Random fleets: one license server with a few user licenses (and, maybe, one a client surrendered to
 * it), its lease durations and auto-leasing settings drawn too, and sites whose gateway is a client or a
 * two-member cluster, each with its allocation; a busy load per site; allocations changed mid-run; WAN
 * links between clients and the server cut for up to 12 days, reconciled at reconnection or not.
 */
interface Site {
  readonly id: string;
  readonly members: number;
  readonly reserved: number;
  readonly incremental: number;
  readonly maximum: number;
  readonly perHour: number;
  readonly expiresDay: number | null;
}

const site = (i: number) =>
  fc
    .record({
      members: fc.integer({ min: 1, max: 2 }),
      reserved: fc.integer({ min: 0, max: 60 }),
      incremental: fc.integer({ min: 1, max: 40 }),
      extra: fc.integer({ min: 0, max: 120 }),
      perHour: fc.integer({ min: 10, max: 200 }),
      expiresDay: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 4 }),
    })
    .map(({ extra, ...s }): Site => ({ id: `s${i}`, ...s, maximum: s.reserved + extra }));

const fleet = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    sites: fc.tuple(...Array.from({ length: n }, (_, i) => site(i))),
    spare: fc.integer({ min: 0, max: 300 }),
    licenses: fc.integer({ min: 1, max: 3 }),
    changes: fc.array(
      fc.record({
        hour: fc.integer({ min: 1, max: 70 }),
        site: fc.integer({ min: 0, max: n - 1 }),
        maximumOffset: fc.option(fc.integer({ min: 0, max: 150 }), { freq: 5 }),
      }),
      { maxLength: 4 },
    ),
    disconnections: fc.array(
      fc.record({
        hour: fc.integer({ min: 1, max: 24 * 4 }),
        site: fc.integer({ min: 0, max: n - 1 }),
        hours: fc.integer({ min: 1, max: 24 * 12 }),
        reconciled: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    autoLease: fc.record({
      threshold: fc.integer({ min: 0, max: 60 }),
      disconnectedForDays: fc.integer({ min: 1, max: 10 }),
      penaltyDays: fc.integer({ min: 1, max: 5 }),
    }),
    reservedLeaseDays: fc.integer({ min: 2, max: 12 }),
    surrendered: fc.option(fc.integer({ min: 1, max: 100 }), { freq: 2 }),
    seed: fc.integer({ min: 0, max: 10_000 }),
  }),
);

type Fleet = typeof fleet extends fc.Arbitrary<infer T> ? T : never;

const clientsOf = (s: Site) => Array.from({ length: s.members }, (_, m) => `${s.id}-gw${m + 1}`);

/** The reserved counts must fit what is installed (P2): the installed total is Σ reserved plus a spare. */
function installed(f: Fleet): number {
  return f.sites.reduce((sum, s) => sum + s.reserved * s.members, 0) + f.spare;
}

/** Everything the server may lease: installed plus what a client surrendered to it (P7). */
function stock(f: Fleet): number {
  return installed(f) + (f.surrendered ?? 0);
}

function policyOf(f: Fleet): string {
  const total = installed(f);
  const counts = Array.from({ length: f.licenses }, (_, i) =>
    i === 0 ? total - Math.floor(total / f.licenses) * (f.licenses - 1) : Math.floor(total / f.licenses),
  );
  const sites = f.sites.map((s) => `    - { id: ${s.id}, nodes: [${clientsOf(s).join(', ')}] }`);
  const pools = f.sites.map(
    (s, i) =>
      `    - { id: ${s.id}, licenses: [${i === 0 && f.surrendered !== null ? 'surrendered' : ''}], sites: [${s.id}] }`,
  );
  const own =
    f.surrendered === null
      ? '[]'
      : `[{ id: surrendered, feature: concurrent-users, count: ${f.surrendered}, term: perpetual }]`;
  const { threshold, disconnectedForDays, penaltyDays } = f.autoLease;
  const autoLease = `{ threshold: ${threshold}%, disconnectedFor: P${disconnectedForDays}D, penalty: P${penaltyDays}D }`;
  const licenses = counts.map(
    (c, i) => `        - { id: users-${i}, feature: concurrent-users, count: ${c}, term: perpetual }`,
  );
  const clients = f.sites.flatMap((s) =>
    clientsOf(s).map((id) => {
      const cluster = s.members > 1 ? `, cluster: ${s.id}` : '';
      const expires = s.expiresDay === null ? '' : `, expires: 2026-03-0${2 + s.expiresDay}`;
      const surrenders = f.surrendered !== null && id === 's0-gw1' ? ', surrenders: [surrendered]' : '';
      const a = `{ reserved: ${s.reserved}, incremental: ${s.incremental}, maximum: ${s.maximum} }`;
      return `        - { id: ${id}, platform: psa${cluster}${expires}${surrenders}, allocations: { concurrent-users: ${a} } }`;
    }),
  );
  return `apiVersion: licensim/v1
kind: Policy
metadata: { name: fleet }
spec:
  timeZone: UTC
  sites:
${sites.join('\n')}
  licenses: ${own}
  pools:
${pools.join('\n')}
  licenseServers:
    - id: ls
      kind: hardware
      leasing: { reservedLease: P${f.reservedLeaseDays}D, autoLease: ${autoLease} }
      licenses:
${licenses.join('\n')}
      clients:
${clients.join('\n')}
`;
}

/** The allocation changes in time order: a new maximum (never below the reserved count), or a deletion. */
function changesOf(f: Fleet) {
  return [...f.changes]
    .sort((a, b) => a.hour - b.hour)
    .map((c) => {
      const s = f.sites[c.site]!;
      const client = clientsOf(s)[0]!;
      return { ...c, client, maximum: c.maximumOffset === null ? null : s.reserved + c.maximumOffset };
    });
}

/** Long enough for a 12-day disconnection to pass P4's 10 days. */
const RUN_DAYS = 14;

function scenarioOf(f: Fleet): string {
  const load = f.sites.map(
    (s) =>
      `    - { site: ${s.id}, users: 2000, arrivals: { perHour: ${s.perHour} }, holding: { mean: PT1H } }`,
  );
  const changes = changesOf(f).map((c) =>
    c.maximum === null
      ? `    - { at: PT${c.hour}H, deallocate: { client: ${c.client}, feature: concurrent-users } }`
      : `    - { at: PT${c.hour}H, allocate: { client: ${c.client}, feature: concurrent-users, maximum: ${c.maximum} } }`,
  );
  const outages = f.disconnections.map(
    (d) =>
      `    - { at: PT${d.hour}H, outage: { clientLink: ${clientsOf(f.sites[d.site]!)[0]}, duration: PT${d.hours}H, reconciled: ${d.reconciled} } }`,
  );
  const timeline = [...changes, ...outages];
  return `apiVersion: licensim/v1
kind: Scenario
metadata: { name: fleet }
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: P${RUN_DAYS}D
  seed: ${f.seed}
  load:
${load.join('\n')}
${timeline.length ? `  timeline:\n${timeline.join('\n')}` : ''}
`;
}

/** The maximum a site's client or cluster may lease at `at`: Σ of its members' maximums then (P5, P6). */
function maximumAt(f: Fleet, s: Site, at: number): number {
  const start = Date.parse('2026-03-02T00:00:00Z');
  const perMember = clientsOf(s).map(() => s.maximum);
  for (const c of changesOf(f)) {
    if (start + c.hour * 3_600_000 > at || f.sites[c.site] !== s) continue;
    perMember[0] = c.maximum ?? 0;
  }
  return perMember.reduce((a, b) => a + b, 0);
}

/** A trace sink that keeps the lease and auto-leasing records only: a 14-day run admits too many sessions to keep. */
class LeaseRecords implements TraceSink {
  readonly records: (LeaseRecord | AutoLeaseRecord)[] = [];
  admit(): void {}
  release(): void {}
  deny(): void {}
  alert(): void {}
  record(r: TraceRecord): void {
    if (r.type === 'lease' || r.type === 'auto-lease') this.records.push(r);
  }
}

/**
 * One continuous disconnection of a site's client or cluster: from its first link down to the instant no
 * link is down (overlapping outages chain; the run's end closes any still open), and the instant past
 * which it may not auto-lease: P4's 10 days, the policy's limit and its reserved lease, whichever first.
 */
interface Disconnection {
  readonly site: Site;
  readonly from: number;
  readonly to: number;
  readonly autoUntil: number;
}

function disconnectionsOf(f: Fleet): Disconnection[] {
  const end = START + RUN_DAYS * DAY;
  const allowance = Math.min(
    P4_LIMIT_MS,
    f.autoLease.disconnectedForDays * DAY,
    // Its reserved lease was renewed at most at the instant it was cut off.
    f.reservedLeaseDays * DAY,
  );
  const windows: Disconnection[] = [];
  for (const [i, site] of f.sites.entries()) {
    const outages = f.disconnections
      .filter((d) => d.site === i)
      .map((d) => ({ from: START + d.hour * HOUR, to: Math.min(end, START + (d.hour + d.hours) * HOUR) }))
      .sort((a, b) => a.from - b.from);
    for (const o of outages) {
      const last = windows.at(-1);
      // Only an overlap is sure to be one disconnection: links down and up at one instant may be two.
      if (last !== undefined && last.site === site && o.from < last.to) {
        windows[windows.length - 1] = { ...last, to: Math.max(last.to, o.to) };
      } else {
        windows.push({ site, from: o.from, to: o.to, autoUntil: o.from + allowance });
      }
    }
  }
  return windows;
}

async function fleetRun(f: Fleet) {
  const sink = new LeaseRecords();
  await executeRun(runFrom(policyOf(f), scenarioOf(f)), { sinks: () => [sink] });
  return sink.records;
}

describe('leasing on random fleets (P2, P3, P4, P5, P6, P7)', () => {
  it('P3, P4, P5, P6, P7: the server never leases more than installed plus surrendered, and no client or cluster more than its maximum then, auto-leasing included', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, async (f) => {
        const records = await fleetRun(f);
        const siteOf = new Map(f.sites.map((s) => [s.id, s]));
        for (const s of f.sites) for (const c of clientsOf(s)) siteOf.set(c, s);
        const leased = new Map<string, number>();
        // P4: what each lessee auto-leased while cut off, which its server does not count until it reconciles.
        const auto = new Map<string, number>();
        for (const r of records) {
          if (r.type !== 'lease') continue;
          const subject = r.cluster ?? r.client;
          leased.set(subject, r.leased);
          auto.set(subject, autoLeasedAfter(r, auto.get(subject) ?? 0));
          const atServer = [...leased].reduce((sum, [s, n]) => sum + n - (auto.get(s) ?? 0), 0);
          expect(atServer, `server total after ${r.action} at ${r.at}`).toBeLessThanOrEqual(stock(f));
          // The seed lets a disconnected client grow its lease on its own (P4), never past its maximum.
          expect(r.leased, `${subject} after ${r.action} (${r.reason})`).toBeLessThanOrEqual(
            maximumAt(f, siteOf.get(subject)!, r.at),
          );
          expect(r.leased).toBeGreaterThanOrEqual(0);
          expect(auto.get(subject)!).toBeLessThanOrEqual(r.leased);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('P4: a disconnected client auto-leases only within 10 days of one disconnection (and the policy’s limit and its reserved lease), and its auto-leased steps end there', async () => {
    let autoLeasingRuns = 0;
    await fc.assert(
      fc.asyncProperty(fleet, async (f) => {
        const records = await fleetRun(f);
        if (records.some((r) => r.type === 'lease' && r.reason.startsWith('auto-lease step')))
          autoLeasingRuns++;
        const siteOf = new Map<string, Site>();
        for (const s of f.sites) for (const c of [s.id, ...clientsOf(s)]) siteOf.set(c, s);
        const windows = disconnectionsOf(f);
        const windowOf = (site: Site, at: number) =>
          windows.find((w) => w.site === site && w.from <= at && at < w.to);
        const auto = new Map<Site, number>();
        /** Auto-leased per site after the records at or before each window's `autoUntil`. */
        const autoAtLimit = new Map<Disconnection, number>();
        for (const r of records) {
          const site = siteOf.get(r.type === 'lease' ? (r.cluster ?? r.client) : (r.client ?? ''));
          if (site === undefined) continue;
          for (const w of windows) {
            if (w.site === site && w.autoUntil < r.at && !autoAtLimit.has(w))
              autoAtLimit.set(w, auto.get(site) ?? 0);
          }
          if (r.type === 'auto-lease') {
            if (!r.enabled) continue;
            const w = windowOf(site, r.at);
            expect(w, `${r.client} may auto-lease at ${r.at} only while disconnected`).toBeDefined();
            expect(
              r.at - w!.from,
              `${r.client} switched on ${r.at - w!.from} ms into its disconnection`,
            ).toBeLessThan(w!.autoUntil - w!.from);
            continue;
          }
          const before = auto.get(site) ?? 0;
          const after = autoLeasedAfter(r, before);
          auto.set(site, after);
          if (after <= before || r.action !== 'granted') continue;
          const w = windowOf(site, r.at);
          expect(w, `${r.client} auto-leased at ${r.at} while connected`).toBeDefined();
          expect(
            r.at - w!.from,
            `${r.client} auto-leased ${r.at - w!.from} ms into its disconnection`,
          ).toBeLessThan(w!.autoUntil - w!.from);
          expect(r.at - w!.from).toBeLessThan(P4_LIMIT_MS);
        }
        for (const w of windows) {
          if (w.autoUntil >= w.to) continue;
          const left = autoAtLimit.get(w) ?? auto.get(w.site) ?? 0;
          expect(left, `auto-leased steps of ${w.site.id} left past its allowance`).toBe(0);
        }
      }),
      { numRuns: 30 },
    );
    // About a third of the fleets auto-lease: the checks above ran on some.
    expect(autoLeasingRuns).toBeGreaterThan(0);
  });
});

/**
 * What a lessee has auto-leased after the record `r` (P4): its own steps while cut off, which end when its
 * auto-leasing does (released under P4), with its reserved lease (reclaimed), or when the server books them
 * as its own at the reconnection. A cut (P6) takes the newest steps first, which are the auto-leased ones.
 */
function autoLeasedAfter(r: LeaseRecord, before: number): number {
  if (r.action === 'granted' && r.reason.startsWith('auto-lease step')) return before + r.count;
  if (r.action === 'granted' && r.reason.startsWith('auto-leased steps reconciled')) return 0;
  if (r.action === 'released' && r.ruleIds.includes('P4')) return Math.max(0, before - r.count);
  if (r.action === 'reclaimed' && r.facts.reservedExpired === 1) return 0;
  if (r.action === 'cut') return Math.max(0, before - r.count);
  return Math.min(before, r.leased);
}
