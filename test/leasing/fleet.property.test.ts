import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeaseRecord } from '../support/lease-run.js';
import { leaseRun } from '../support/lease-run.js';

/**
 * Random fleets: one license server with a few user licenses, and sites whose gateway is a client or a
 * two-member cluster, each with its allocation; a busy load per site; allocations changed mid-run.
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
      perHour: fc.integer({ min: 10, max: 400 }),
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
    seed: fc.integer({ min: 0, max: 10_000 }),
  }),
);

type Fleet = typeof fleet extends fc.Arbitrary<infer T> ? T : never;

const clientsOf = (s: Site) => Array.from({ length: s.members }, (_, m) => `${s.id}-gw${m + 1}`);

/** The reserved counts must fit what is installed (P2): the installed total is Σ reserved plus a spare. */
function installed(f: Fleet): number {
  return f.sites.reduce((sum, s) => sum + s.reserved * s.members, 0) + f.spare;
}

function policyOf(f: Fleet): string {
  const total = installed(f);
  const counts = Array.from({ length: f.licenses }, (_, i) =>
    i === 0 ? total - Math.floor(total / f.licenses) * (f.licenses - 1) : Math.floor(total / f.licenses),
  );
  const sites = f.sites.map((s) => `    - { id: ${s.id}, nodes: [${clientsOf(s).join(', ')}] }`);
  const pools = f.sites.map((s) => `    - { id: ${s.id}, licenses: [], sites: [${s.id}] }`);
  const licenses = counts.map(
    (c, i) => `        - { id: users-${i}, feature: concurrent-users, count: ${c}, term: perpetual }`,
  );
  const clients = f.sites.flatMap((s) =>
    clientsOf(s).map((id) => {
      const cluster = s.members > 1 ? `, cluster: ${s.id}` : '';
      const expires = s.expiresDay === null ? '' : `, expires: 2026-03-0${2 + s.expiresDay}`;
      const a = `{ reserved: ${s.reserved}, incremental: ${s.incremental}, maximum: ${s.maximum} }`;
      return `        - { id: ${id}, platform: psa${cluster}${expires}, allocations: { concurrent-users: ${a} } }`;
    }),
  );
  return `apiVersion: licensim/v1
kind: Policy
metadata: { name: fleet }
spec:
  timeZone: UTC
  sites:
${sites.join('\n')}
  licenses: []
  pools:
${pools.join('\n')}
  licenseServers:
    - id: ls
      kind: hardware
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

function scenarioOf(f: Fleet): string {
  const load = f.sites.map(
    (s) =>
      `    - { site: ${s.id}, users: 2000, arrivals: { perHour: ${s.perHour} }, holding: { mean: PT1H } }`,
  );
  const timeline = changesOf(f).map((c) =>
    c.maximum === null
      ? `    - { at: PT${c.hour}H, deallocate: { client: ${c.client}, feature: concurrent-users } }`
      : `    - { at: PT${c.hour}H, allocate: { client: ${c.client}, feature: concurrent-users, maximum: ${c.maximum} } }`,
  );
  return `apiVersion: licensim/v1
kind: Scenario
metadata: { name: fleet }
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: P3D
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

describe('leasing on random fleets (P2, P3, P5, P6)', () => {
  it('P3, P5, P6: the server never leases more than it has installed, and no client or cluster more than its maximum then', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, async (f) => {
        const { leases } = await leaseRun(policyOf(f), scenarioOf(f));
        const leased = new Map<string, number>();
        const siteOf = new Map(f.sites.map((s) => [s.id, s]));
        for (const s of f.sites) for (const c of clientsOf(s)) siteOf.set(c, s);
        for (const r of leases as LeaseRecord[]) {
          const subject = r.cluster ?? r.client;
          leased.set(subject, r.leased);
          const total = [...leased.values()].reduce((a, b) => a + b, 0);
          expect(total, `server total after ${r.action} at ${r.at}`).toBeLessThanOrEqual(installed(f));
          expect(r.leased, `${subject} after ${r.action}`).toBeLessThanOrEqual(
            maximumAt(f, siteOf.get(subject)!, r.at),
          );
          expect(r.leased).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 20 },
    );
  });
});
