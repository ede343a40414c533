import { describe, expect, it } from 'vitest';
import { Topology } from '../../src/sim/topology.js';
import { policyFrom, policyYaml } from '../support/build.js';

/** Site `trio` with nodes t1, t2, t3 (indices 0–2); site `solo` with node s1 (index 3). */
function topology(): Topology {
  return new Topology(
    policyFrom(
      policyYaml({
        timeZone: 'UTC',
        sites: [
          { id: 'trio', nodes: ['t1', 't2', 't3'] },
          { id: 'solo', nodes: ['s1'] },
        ],
        licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
        pools: [{ id: 'pool', licenses: ['key'] }],
      }),
    ),
  );
}

describe('topology of sites and nodes (W1, W2)', () => {
  it('W1: sessions of a site go round its nodes in turn, skipping nodes that are down', () => {
    const t = topology();
    expect([0, 1, 2, 3, 4, 5].map(() => t.pickNode(0))).toEqual([0, 1, 2, 0, 1, 2]);
    t.nodeDown(1);
    expect([0, 1, 2, 3].map(() => t.pickNode(0))).toEqual([0, 2, 0, 2]);
  });

  it('a site with one node serves on it while it is up, and nowhere when it is down', () => {
    const t = topology();
    expect(t.pickNode(1)).toBe(3);
    t.nodeDown(3);
    expect(t.pickNode(1)).toBe(-1);
    t.nodeBack(3);
    expect(t.pickNode(1)).toBe(3);
  });

  it('a node is up again only when every outage holding it down has ended, its own and its site’s', () => {
    const t = topology();
    expect(t.nodeDown(0)).toBe(true);
    expect(t.nodeDown(0)).toBe(false);
    t.siteDown(0);
    t.nodeBack(0);
    expect(t.isUp(0)).toBe(false);
    t.siteBack(0);
    expect(t.isUp(0)).toBe(false);
    t.nodeBack(0);
    expect(t.isUp(0)).toBe(true);
    expect([t.isUp(1), t.isUp(2)]).toEqual([true, true]);
  });

  it('with every node of a site down there is no node to pick', () => {
    const t = topology();
    t.siteDown(0);
    expect(t.pickNode(0)).toBe(-1);
    expect(t.pickNode(1)).toBe(3);
  });
});
