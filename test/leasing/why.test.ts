import { describe, expect, it } from 'vitest';
import { LeaseWhy } from '../../src/analysis/lease-why.js';
import type { TraceRecord } from '../../src/trace/records.js';
import { licensim } from '../support/cli.js';

type LeaseRecord = Extract<TraceRecord, { type: 'lease' }>;

const lease = (at: number, over: Partial<LeaseRecord> = {}): LeaseRecord => ({
  type: 'lease',
  at,
  action: 'granted',
  client: 'gw-1',
  cluster: null,
  feature: 'users',
  count: 10,
  leased: at,
  reason: 'incremental step: allocated and free',
  rule: null,
  ruleIds: 'P3',
  facts: { requested: 10 },
  ...over,
});

describe('--why CLIENT@INSTANT: the lease decision in force, the rule and facts behind it', () => {
  it('keeps per feature the last decision at or before the instant, the last five before it and the next', () => {
    const why = new LeaseWhy('gw-1', 100);
    for (let at = 10; at <= 150; at += 10) {
      why.record(lease(at));
      if (at === 50) why.record(lease(55, { feature: 'cores', leased: 4 }));
      if (at === 70) why.record(lease(75, { client: 'gw-2' }));
    }
    const answer = why.result();
    expect(answer.inForce.map((d) => [d.feature, d.at])).toEqual([
      ['users', 100],
      ['cores', 55],
    ]);
    expect(answer.history.map((d) => d.at)).toEqual([60, 70, 80, 90, 100]);
    expect(answer.next?.at).toBe(110);
  });

  it("P5: a cluster is asked by its id, and its lease leader's decisions answer", () => {
    const why = new LeaseWhy('hq', 50);
    why.record(lease(40, { client: 'hq-1', cluster: 'hq' }));
    why.record(lease(45, { client: 'branch' }));
    expect(why.result().inForce.map((d) => d.client)).toEqual(['hq-1']);
  });

  it('P6: answers why a lease shrank, from the run, with the facts of the decision', async () => {
    const out = await licensim(
      'simulate',
      'scenarios/pulse-allocation-change.yaml',
      '--why',
      'hq@PT11H',
      '--format',
      'json',
    );
    expect(out.code).toBe(0);
    const [answer] = JSON.parse(out.stdout).why;
    expect(answer.at).toBe('2026-03-02T19:00:00.000Z');
    expect(answer.inForce).toEqual([
      expect.objectContaining({
        action: 'cut',
        leased: 150,
        ruleIds: 'P5 P6',
        facts: { memberLeased: 90, maximum: 60 },
      }),
    ]);
    expect(answer.next).toMatchObject({ action: 'granted' });
  });

  it('reads an instant with an offset, a local time in the policy zone, or a duration from the start alike', async () => {
    const answers = [];
    for (const instant of ['2026-03-02T19:00:00Z', '2026-03-02T11:00', '2026-03-02 11:00', 'PT11H']) {
      const out = await licensim(
        'simulate',
        'scenarios/pulse-allocation-change.yaml',
        '--why',
        `hq@${instant}`,
      );
      expect(out.code).toBe(0);
      answers.push(out.stdout);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('Why hq at 2026-03-02 11:00 -08:00');
    expect(answers[0]).toContain('cut 30: pcs-hq-2: maximum lowered to 60');
  });

  it.each([
    [
      'nobody@PT1H',
      "no client or cluster 'nobody' in this scenario's policies; clients and clusters: pcs-hq-1",
    ],
    ['hq@noon', "'noon' is not an instant"],
    ['hq', '--why takes CLIENT@INSTANT'],
    ['hq@P5D', 'is outside the run'],
  ])('refuses %s with a usage error before running (exit 2)', async (question, message) => {
    const out = await licensim('simulate', 'scenarios/pulse-allocation-change.yaml', '--why', question);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stdout).toBe('');
  });
});
