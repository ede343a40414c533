import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, runFrom } from '../support/build.js';
import { leaseRun, leaseScenario, START } from '../support/lease-run.js';

/** The bundled surrender policy (a 100-user server, pcs-hq up to 200, pcs-branch with its own 100), in UTC. */
const policy = readFileSync(new URL('../../policies/pulse-surrender.yaml', import.meta.url), 'utf8').replace(
  'timeZone: America/Los_Angeles',
  'timeZone: UTC',
);

/** 190 users at hq from 02:00, which need a lease of 200: 100 of the server's own, 100 surrendered. */
const hqPeak =
  '    - { user: staff, site: hq, distinctUsers: true, at: PT2H, count: 190, spread: evenly, over: PT4H, duration: P20D }';

const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;
const surrender = '{ at: PT1H, surrender: { client: pcs-branch, license: consec-add-100u } }';

async function run(duration: string, ...events: string[]) {
  const output = await leaseRun(policy, leaseScenario(hqPeak, duration, timeline(surrender, ...events)));
  const hq = output.leases.filter((r) => r.client === 'pcs-hq');
  const events_ = output.results.licenseEvents.items.map((e) => [e.at - START, e.action, e.detail]);
  return { ...output, hq, events: events_ };
}

describe('P7: surrender and recall', () => {
  it('P7: refreshed every 4 hours while connected, a surrendered license keeps counting at the server', async () => {
    const { hq, events } = await run('P15D');
    expect(Math.max(...hq.map((r) => r.leased))).toBe(200);
    expect(hq.at(-1)!.leased).toBe(200);
    expect(events.map((e) => e[1])).toEqual(['surrender']);
  });

  it('P7: cut off, a surrender lapses at the server 10 days after the last refresh', async () => {
    // Refreshes at 05:00, 09:00 … 21:00; the link goes down at 23:00, so the last refresh is at 21:00.
    const { hq, events } = await run(
      'P13D',
      '{ at: PT23H, outage: { clientLink: pcs-branch, duration: P12D } }',
    );
    expect(events[1]).toEqual([
      21 * HOUR + 10 * DAY,
      'expire',
      'surrendered by pcs-branch: license server ls-1 no longer leases it, 10 days after its last refresh',
    ]);
    // pcs-hq's lease from it stays valid until its next renewal (every 4 hours from 00:00).
    const cut = hq.find((r) => r.leased === 100 && r.at > START + DAY)!;
    expect([cut.at - START, cut.action]).toEqual([10 * DAY + 24 * HOUR, 'renewed']);
  });

  it('P7: the expiry and the refresh interval are policy data', async () => {
    const shorter = policy.replace(
      'expiresAfter: P10D, refreshEvery: PT4H',
      'expiresAfter: P2D, refreshEvery: PT6H',
    );
    const { results } = await leaseRun(
      shorter,
      leaseScenario(
        hqPeak,
        'P4D',
        timeline(surrender, '{ at: PT20H, outage: { clientLink: pcs-branch, duration: P3D } }'),
      ),
    );
    // Refreshes at 07:00 and 13:00 (19:00 is the last before the outage): it lapses 2 days after 19:00.
    const lapse = results.licenseEvents.items.find((e) => e.action === 'expire')!;
    expect(lapse.at - START).toBe(19 * HOUR + 2 * DAY);
  });

  it('P7: a recall while connected stops the server at once; what it leased stays until the renewal', async () => {
    const { hq, events, results } = await run(
      'P2D',
      '{ at: P1DT1H, recall: { client: pcs-branch, license: consec-add-100u } }',
    );
    expect(events[1]).toEqual([DAY + HOUR, 'recall', 'by pcs-branch; license server ls-1 stops leasing it']);
    const cut = hq.find((r) => r.at > START + DAY && r.leased === 100)!;
    expect(cut.at - START).toBe(DAY + 4 * HOUR);
    const branch = results.capacity[1]!; // the branch pool
    expect(branch.overTime.items.map((c) => [c.at - START, c.capacity])).toEqual([
      [0, 100],
      [HOUR, 0],
      [DAY + HOUR, 100],
    ]);
  });

  it('P7: only a whole perpetual license of the client’s own pool, not surrendered already; a recall of what it surrendered', () => {
    const bind =
      (...events: string[]) =>
      () =>
        runFrom(policy, leaseScenario(hqPeak, 'P1D', timeline(...events)));
    expect(bind('{ at: PT1H, recall: { client: pcs-branch, license: consec-add-100u } }')).toThrow(
      /mem\/scenario.yaml:\d+:\d+: 'pcs-branch' has not surrendered license 'consec-add-100u'/,
    );
    expect(bind('{ at: PT1H, surrender: { client: pcs-hq, license: consec-add-100u } }')).toThrow(
      /mem\/scenario.yaml:\d+:\d+: license 'consec-add-100u' is not in pool 'hq' of 'pcs-hq'/,
    );
    expect(
      bind(surrender, '{ at: PT2H, surrender: { client: pcs-branch, license: consec-add-100u } }'),
    ).toThrow(/already surrendered by 'pcs-branch'/);
    expect(
      bind(surrender, '{ at: PT2H, recall: { client: pcs-branch, license: consec-add-100u } }'),
    ).not.toThrow();
  });
});
