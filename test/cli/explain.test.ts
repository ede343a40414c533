import { describe, expect, it } from 'vitest';
import type { ExplainAtReport } from '../../src/run/explain-at.js';
import type { PolicyExplanation } from '../../src/run/explain-policy.js';
import { licensim } from '../support/cli.js';

describe('licensim explain POLICY', () => {
  it('W8: draws the lifecycle as a Mermaid state diagram with each trigger and the trial delay', async () => {
    const out = await licensim('explain', 'policies/wallix-unlicensed-trial.yaml');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('```mermaid\nstateDiagram-v2\n');
    expect(out.stdout).toContain('    [*] --> trial\n');
    expect(out.stdout).toMatch(/^ {4}trial --> expired: after P30D \(the period ends\)$/m);
    expect(out.stdout).toMatch(
      /^ {4}expired --> active: ACTIVATE \(a license is activated, and no other cause holds\)$/m,
    );
    // Mermaid ids take no hyphen: the state keeps its name as a label.
    expect(out.stdout).toContain('    state "restricted-access" as restricted_access\n');
  });

  it('W8, W10: says each rule as a sentence read from its json-rules-engine conditions', async () => {
    const out = await licensim('explain', 'policies/wallix-bastion-ha.yaml', '--format', 'json');
    expect(out.code).toBe(0);
    const explained = JSON.parse(out.stdout) as PolicyExplanation;
    const sentence = (rule: string) => explained.rules.find((r) => r.rule === rule)?.sentence;
    expect(sentence('per-user-session-limit')).toBe(
      'When perUserLimit (3) is more than 0 and userSessions is at least perUserLimit (3), the session is refused: "Per-user session limit reached (3)" (W10).',
    );
    expect(sentence('expired-refuses-new-sessions')).toBe(
      'When state is expired, the session is refused: "License has expired" (W9).',
    );
    expect(explained.overLimit[0]).toBe(
      'Over the limit (deny), a session over the licensed count is refused: "License session limit reached".',
    );
    expect(explained.onExpiry[0]).toContain('the pool moves to expired');
    expect(explained.licensed[0]).toContain(
      'bastion-500: 500 sessions, subscription valid from 2026-01-01 to 2027-12-31',
    );
  });

  it('P8, P9: a leasing policy lists its servers, their rule sets and server lifecycles with their graces', async () => {
    const out = await licensim('explain', 'policies/pulse-virtual-license-server.yaml', '--format', 'json');
    const explained = JSON.parse(out.stdout) as PolicyExplanation;
    expect(explained.licensed.some((l) => l.startsWith('License server vls-1 (virtual)'))).toBe(true);
    const heartbeat = explained.lifecycles.find((m) => m.machine === 'license-server-heartbeat')!;
    expect(heartbeat.transitions).toContainEqual({
      from: 'grace',
      to: 'expired',
      event: 'timeout',
      trigger: 'the period ends',
      delay: '24 days',
    });
    expect(new Set(explained.rules.map((r) => r.ruleSet))).toContain('lease-grant');
    expect(explained.rules.find((r) => r.rule === 'client-expired')?.sentence).toBe(
      'When clientExpired is 1, the request is refused: "the client\'s allocation has expired" (P2).',
    );
  });

  it('a policy takes no --at (exit 2)', async () => {
    const out = await licensim('explain', 'policies/wallix-bastion-ha.yaml', '--at', 'PT1H');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--at and --subject question a scenario');
  });
});

describe('licensim explain SCENARIO --at', () => {
  it('W10: answers why a session was denied at an instant, with the rule and the facts it saw', async () => {
    const out = await licensim(
      'explain',
      'scenarios/wallix-4-sites-compare.yaml',
      '--at',
      '2026-03-02T14:39',
      '--subject',
      'site-a',
      '--format',
      'json',
    );
    expect(out.code).toBe(0);
    const [isolated] = (JSON.parse(out.stdout) as { explain: ExplainAtReport[] }).explain;
    expect(isolated!.policy).toBe('wallix-4-sites-isolated');
    expect(isolated!.from).toBe('2026-03-02T13:39:00.000Z');
    expect(isolated!.to).toBe('2026-03-02T13:40:00.000Z');
    const first = isolated!.denials.shown[0]!;
    expect(first).toMatchObject({
      at: '2026-03-02T13:39:59.279Z',
      session: 7976,
      site: 'site-a',
      rule: 'pool-session-limit',
      ruleIds: 'W10',
      message: 'License session limit reached',
    });
    expect(first.facts).toMatchObject({ state: 'active', poolInUse: 500, poolCapacity: 500 });
  });

  it('W8, W9: shows the state entered at the instant and the nearest denials either side, in text', async () => {
    const out = await licensim('explain', 'scenarios/wallix-trial.yaml', '--at', '2026-03-04T09:00');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      '    2026-03-04 09:00 +01:00  bastion: trial → expired on timeout: trial period of 30 days ended\n',
    );
    expect(out.stdout).toContain(
      '  Last denial before:\n    2026-02-03 09:00 +01:00  session #12 of pilot-12',
    );
    expect(out.stdout).toContain(
      '      refused by trial-session-limit [W8] on state=trial poolInUse=10 poolCapacity=10',
    );
    expect(out.stdout).toContain(
      '  Next denial after:\n    2026-03-06 09:00 +01:00  session #13 of after-trial',
    );
    expect(out.stdout).toContain('refused by expired-refuses-new-sessions [W9] on state=expired');
  });

  it('--subject #N narrows to one session; a duration from the start is an instant too', async () => {
    const out = await licensim('explain', 'scenarios/wallix-trial.yaml', '--at', 'P32D', '--subject', '#13');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Denials then: 1\n    2026-03-06 09:00 +01:00  session #13 of after-trial');
  });

  it('a scenario needs --at, within the run, in a form it reads (exit 2)', async () => {
    const none = await licensim('explain', 'scenarios/wallix-trial.yaml');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ask about an instant with --at');
    const outside = await licensim('explain', 'scenarios/wallix-trial.yaml', '--at', '2030-01-01T00:00');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--at: 2030-01-01 00:00 +01:00 is outside the run');
    const garbled = await licensim('explain', 'scenarios/wallix-trial.yaml', '--at', 'tuesday');
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toContain("--at: 'tuesday' is not an instant");
  });
});
