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
});
