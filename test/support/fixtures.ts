import type { PolicyDocument } from '../../src/config/schema/policy.js';
import type { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { policyYaml, scenarioYaml } from './build.js';

/** Small policies and scenarios that simulation tests build on. */

export type PolicySpec = PolicyDocument['spec'];
export type Session = NonNullable<ScenarioDocument['spec']['sessions']>[number];
export type TimelineEvent = NonNullable<ScenarioDocument['spec']['timeline']>[number];

export const START = '2026-03-02T00:00:00Z';
export const T0 = Date.parse(START);

/** One site, a two-node HA cluster, one pool of `count` perpetual sessions unless `more` says otherwise (W1). */
export function cluster(count: number, more: Partial<PolicySpec> = {}): string {
  return policyYaml({
    timeZone: 'UTC',
    sites: [{ id: 'site-a', nodes: ['node-1', 'node-2'] }],
    licenses: [{ id: 'key', count, term: 'perpetual' }],
    pools: [{ id: 'cluster', licenses: ['key'] }],
    ...more,
  });
}

/** A scenario of explicit sessions and timeline events, starting at START and lasting a day by default. */
export function scenario(
  sessions: Session[],
  timeline: TimelineEvent[] = [],
  more: { start?: string; duration?: string; expect?: ScenarioDocument['spec']['expect'] } = {},
): string {
  return scenarioYaml({
    start: more.start ?? START,
    duration: more.duration ?? 'P1D',
    sessions,
    ...(timeline.length ? { timeline } : {}),
    ...(more.expect ? { expect: more.expect } : {}),
  });
}

/** `count` sessions, one per user (`user-1`, `user-2`, …). */
export const many = (
  user: string,
  count: number,
  rest: Omit<Session, 'user' | 'count' | 'distinctUsers'>,
) => ({
  user,
  count,
  distinctUsers: true,
  ...rest,
});
