import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlertKind, alertOfLevel, usageLevels } from '../../src/vocabulary.js';
import { runScenario, scenarioYaml } from '../support/build.js';
import { cluster, START } from '../support/fixtures.js';

/** The usage level the W10/W11 rules give a count, written from the rule catalogue, by rank. */
function expectedRank(inUse: number, capacity: number, warning: number, critical: number): number {
  if (inUse > capacity) return 3;
  if (capacity > 0 && inUse / capacity >= critical) return 2;
  if (capacity > 0 && inUse / capacity >= warning) return 1;
  return 0;
}

const rankOfAlert = new Map(usageLevels.map((level, rank) => [alertOfLevel[level], rank]));

describe('usage levels (W10, W11) under a busy pool whose capacity changes', () => {
  it('W11: after every admission and release, the alerts standing are those of the level its count and capacity give', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 24 }),
          warning: fc.integer({ min: 30, max: 90 }),
          criticalAbove: fc.integer({ min: 0, max: 10 }),
          load: fc.double({ min: 0.5, max: 1.3, noNaN: true }),
          upgrades: fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 4 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        async ({ capacity, warning, criticalAbove, load, upgrades, seed }) => {
          const warningShare = warning / 100;
          const criticalShare = Math.min(1, (warning + criticalAbove) / 100);
          const policy = cluster(capacity, {
            alerts: { usage: { warning: warningShare, critical: criticalShare } },
            limits: { perUserSessions: 1000, overLimit: 'deny' },
          });
          // Capacity goes back and forth, so that counts meet the rows of capacities seen before.
          const timeline = upgrades.map((count, i) => ({
            at: `PT${(i + 1) * 5}H`,
            upgrade: { license: 'key', count },
          }));
          const r = await runScenario(
            policy,
            scenarioYaml({
              start: START,
              duration: 'P1D',
              seed,
              load: [
                {
                  users: 500,
                  arrivals: { perHour: Math.max(1, capacity * load * 4) },
                  holding: { mean: 'PT15M' },
                },
              ],
              ...(timeline.length ? { timeline } : {}),
            }),
          );
          let cap = capacity;
          let inUse = 0;
          const standing = new Set<AlertKind>();
          const check = () => {
            const shown = Math.max(0, ...[...standing].map((k) => rankOfAlert.get(k) ?? 0));
            expect(shown, `inUse ${inUse} of ${cap}`).toBe(
              expectedRank(inUse, cap, warningShare, criticalShare),
            );
          };
          for (const rec of r.records) {
            if (rec.type === 'admit' || rec.type === 'release') {
              check();
              inUse = rec.inUse;
            } else if (rec.type === 'capacity') {
              cap = rec.capacity;
            } else if (rec.type === 'alert' && rec.kind !== 'expiry-warning') {
              standing.add(rec.kind);
            } else if (rec.type === 'alert-cleared') {
              standing.delete(rec.kind);
            }
          }
          check();
        },
      ),
      { numRuns: 15 },
    );
  });
});
