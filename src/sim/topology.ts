import type { Policy } from '../model/policy.js';

/**
 * Sites, their HA clusters and which nodes are up. Outages may overlap (a node's own and its site's), so
 * each node counts the outages holding it down and is up only when none is.
 */
export class Topology {
  /** The pool each site draws on. */
  readonly sitePool: Int32Array;
  private readonly siteNodes: readonly Int32Array[];
  private readonly nextNode: Int32Array;
  private readonly outages: Int32Array;

  constructor(policy: Policy) {
    this.sitePool = Int32Array.from(policy.sites, (s) => s.pool);
    this.siteNodes = policy.sites.map((s) => Int32Array.from(s.nodes));
    this.nextNode = new Int32Array(policy.sites.length);
    this.outages = new Int32Array(policy.nodes.length);
  }

  isUp(node: number): boolean {
    return this.outages[node] === 0;
  }

  /** Round-robin over the site's nodes that are up (W1: every node of the cluster serves the one pool); -1 if none. */
  pickNode(site: number): number {
    const nodes = this.siteNodes[site]!;
    // Stryker disable next-line ConditionalExpression: the loop below picks the one node alike; this path only skips it
    if (nodes.length === 1) return this.outages[nodes[0]!] === 0 ? nodes[0]! : -1;
    return this.nextUpNode(site, nodes);
  }

  /** Round robin over a site's nodes that are up; a method of its own so that `pickNode` stays small. */
  private nextUpNode(site: number, nodes: Int32Array): number {
    // Stryker disable next-line EqualityOperator: one more turn wraps to a node already found down
    for (let k = 0; k < nodes.length; k++) {
      const i = (this.nextNode[site]! + k) % nodes.length;
      const node = nodes[i]!;
      if (this.outages[node] === 0) {
        this.nextNode[site] = (i + 1) % nodes.length;
        return node;
      }
    }
    return -1;
  }

  /** Starts an outage of one node; true when the node was up until now. */
  nodeDown(node: number): boolean {
    return this.outages[node]!++ === 0;
  }

  nodeBack(node: number): void {
    this.outages[node]!--;
  }

  siteDown(site: number): void {
    for (const node of this.siteNodes[site]!) this.outages[node]!++;
  }

  siteBack(site: number): void {
    for (const node of this.siteNodes[site]!) this.outages[node]!--;
  }
}
