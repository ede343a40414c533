import { executeRun } from '../../src/run/execute.js';
import type { TraceRecord } from '../../src/trace/records.js';
import { HOUR, runFrom, TraceRecorder } from './build.js';

export type LeaseRecord = Extract<TraceRecord, { type: 'lease' }>;

export const START = Date.parse('2026-03-02T00:00:00Z');
export const DAY = 24 * HOUR;

/** A two-node gateway cluster (the guide's example allocations) and a branch, leasing from one server. */
export function leasePolicy(serverCount: number, branchExpires = '2027-12-31'): string {
  return `apiVersion: licensim/v1
kind: Policy
metadata: { name: leased }
spec:
  timeZone: UTC
  sites:
    - { id: hq, nodes: [gw-1, gw-2] }
    - { id: branch, nodes: [gw-b] }
  licenses: []
  pools:
    - { id: hq, licenses: [], sites: [hq] }
    - { id: branch, licenses: [], sites: [branch] }
  licenseServers:
    - id: ls
      kind: hardware
      licenses: [{ id: users, feature: concurrent-users, count: ${serverCount}, term: perpetual }]
      clients:
        - { id: gw-1, platform: psa, cluster: hq, allocations: { concurrent-users: { reserved: 50, incremental: 10, maximum: 100 } } }
        - { id: gw-2, platform: psa, cluster: hq, allocations: { concurrent-users: { reserved: 50, incremental: 10, maximum: 100 } } }
        - { id: gw-b, platform: psa, expires: ${branchExpires}, allocations: { concurrent-users: { reserved: 10, incremental: 25, maximum: 60 } } }
`;
}

export function leaseScenario(sessions: string, duration = 'P3D', timeline = ''): string {
  return `apiVersion: licensim/v1
kind: Scenario
metadata: { name: s }
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: ${duration}
  sessions:
${sessions}
${timeline}`;
}

export async function leaseRun(policyText: string, scenarioText: string) {
  const recorder = new TraceRecorder();
  const output = await executeRun(runFrom(policyText, scenarioText), { sinks: () => [recorder] });
  const leases = recorder.records.filter((r): r is LeaseRecord => r.type === 'lease');
  return { ...output, recorder, leases };
}
