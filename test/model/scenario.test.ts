import { describe, expect, it } from 'vitest';
import { scenarioFrom } from '../support/build.js';

const withLoad = (load: string) => `apiVersion: licensim/v1
kind: Scenario
metadata: { name: s }
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: P1D
  load:
${load}`;

describe('scenario model', () => {
  it('two load streams with one id are an error at the second id', () => {
    const load = [
      '    - { id: admins, arrivals: { perHour: 5 }, holding: { mean: PT1H } }',
      '    - { id: admins, arrivals: { perHour: 5 }, holding: { mean: PT1H } }',
      '',
    ].join('\n');
    expect(() => scenarioFrom(withLoad(load))).toThrow(
      /mem\/scenario\.yaml:10:\d+: duplicate load id 'admins'/,
    );
  });

  it('a user population beyond 1,000,000 is refused by the schema', () => {
    const load = '    - { users: 2000000, arrivals: { perHour: 5 }, holding: { mean: PT1H } }\n';
    expect(() => scenarioFrom(withLoad(load))).toThrow(/users: must be at most 1000000/);
  });

  it('arrival profiles: a name carries its days; hours alone every day alike; hours, days and month end as written', () => {
    const load = [
      '    - { id: a, arrivals: { perHour: 5, profile: business-hours }, holding: { mean: PT1H } }',
      '    - { id: b, arrivals: { perHour: 5, profile: [0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0] }, holding: { mean: PT1H } }',
      '    - { id: c, arrivals: { perHour: 5, profile: { hours: business-hours } }, holding: { mean: PT1H } }',
      '    - { id: d, arrivals: { perHour: 5, profile: { days: [1, 1, 1, 1, 2, 0, 0], monthEnd: { days: 2, factor: 3 } } }, holding: { mean: PT1H } }',
      '',
    ].join('\n');
    const [a, b, c, d] = scenarioFrom(withLoad(load)).scenario.load;
    expect(a!.profile.days).toEqual([1, 1, 1, 1, 1, 0.1, 0.1]);
    expect(a!.profile.hours[10]).toBe(1);
    expect(b!.profile).toMatchObject({ days: [1, 1, 1, 1, 1, 1, 1], monthEnd: null });
    expect(b!.profile.hours[8]).toBe(1);
    expect(c!.profile).toEqual(a!.profile);
    expect(d!.profile).toEqual({
      hours: new Array(24).fill(1),
      days: [1, 1, 1, 1, 2, 0, 0],
      monthEnd: { days: 2, factor: 3 },
    });
  });

  it('a profile whose days are all 0 is refused where it is written', () => {
    const load =
      '    - { arrivals: { perHour: 5, profile: { days: [0, 0, 0, 0, 0, 0, 0] } }, holding: { mean: PT1H } }\n';
    expect(() => scenarioFrom(withLoad(load))).toThrow(
      /scenario\.yaml:9:\d+: the profile needs at least one hour and one day above 0/,
    );
  });
});
