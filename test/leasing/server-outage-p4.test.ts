import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/trace/records.js';
import { HOUR } from '../support/build.js';
import { leasePolicy, leaseRun, leaseScenario, START } from '../support/lease-run.js';

type AutoLeaseRecord = Extract<TraceRecord, { type: 'auto-lease' }>;

/** hq's 100 users from the start, 30 more at 10:00; the server weighs auto-leasing on at 04:00 (P4). */
const sessions = [
  '    - { user: hq, site: hq, distinctUsers: true, at: PT0S, count: 100, duration: P3D }',
  '    - { user: peak, site: hq, distinctUsers: true, at: PT10H, count: 30, spread: evenly, over: PT1H, duration: P3D }',
].join('\n');
const timeline = (...events: string[]) => `  timeline:\n${events.map((e) => `    - ${e}`).join('\n')}\n`;
const serverDown = '{ at: PT6H, outage: { licenseServer: true, duration: PT20H } }';

async function run(...events: string[]) {
  const { leases, recorder } = await leaseRun(
    leasePolicy(400),
    leaseScenario(sessions, 'P2D', timeline(...events)),
  );
  const switches = recorder.records
    .filter((r): r is AutoLeaseRecord => r.type === 'auto-lease' && r.client !== null)
    .map((r) => [r.client, (r.at - START) / HOUR, r.enabled]);
  return { leases, recorder, switches };
}

describe('P4: the license server unreachable', () => {
  it('P4: every client is cut off at once, keeps its leases, auto-leases, and is reconciled when the server is back', async () => {
    const { leases, recorder, switches } = await run(serverDown);
    expect(switches).toEqual([
      ['gw-1', 6, true],
      ['gw-b', 6, true],
      ['gw-1', 26, false],
      ['gw-b', 26, false],
    ]);
    const auto = leases.filter((r) => r.reason === 'auto-lease step while disconnected');
    // hq leased a step at its 04:00 renewal (100 of 100 in use); its peak needs one more, taken itself.
    expect(auto.map((r) => [r.client, r.count, r.leased])).toEqual([['gw-1', 20, 140]]);
    expect(auto.every((r) => r.at >= START + 10 * HOUR && r.at < START + 11 * HOUR)).toBe(true);
    const reconciled = leases.find((r) => r.reason === 'auto-leased steps reconciled at reconnection')!;
    expect([reconciled.client, (reconciled.at - START) / HOUR, reconciled.count]).toEqual(['gw-1', 26, 20]);
    // The gateways' pools keep their leases: no lifecycle loses contact as a pool without leases would.
    const transitions = recorder.records.filter((r) => r.type === 'transition' && r.at > START);
    expect(transitions).toEqual([]);
  });

  it('P4: a client whose own link is down too reconnects only when both are back', async () => {
    const { switches } = await run(serverDown, '{ at: PT5H, outage: { clientLink: gw-b, duration: PT25H } }');
    expect(switches.filter(([client]) => client === 'gw-b')).toEqual([
      ['gw-b', 5, true],
      ['gw-b', 30, false],
    ]);
  });
});
