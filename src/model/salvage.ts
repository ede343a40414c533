import type { Rejection } from '../config/schema-check.js';
import { isRecord } from '../config/wording.js';
import type { YamlPath } from '../config/yaml-source.js';

/**
 * "Every problem at once": a document the schema rejects is still checked for the problems that do not
 * depend on what was rejected. Each node the schema rejected is set aside by a stand-in that no other
 * check reads, or that no check can fault (a zone, a count of 0, a section's defaults); keys the schema
 * does not know are dropped, since the model never reads them. When some rejected node has no stand-in,
 * the later checks may depend on it, and only the schema's problems are reported.
 *
 * The stand-ins only feed the semantic checks: a document with any error never yields a model.
 */
export interface StandIn {
  /** The rejected node, `*` matching any array index or key; a rejection at or below it is covered. */
  readonly at: readonly string[];
  /** Replaces the node in `container` (the object holding it) under `key`. */
  readonly apply: (container: Record<string, unknown>, key: string | number) => void;
}

const remove: StandIn['apply'] = (container, key) => {
  delete container[key];
};
const put =
  (value: unknown): StandIn['apply'] =>
  (container, key) => {
    container[key] = value;
  };
/** A license whose term or dates cannot be read is checked as one without dates: its date checks wait. */
const undated: StandIn['apply'] = (license) => {
  license.term = 'perpetual';
  delete license.start;
  delete license.end;
};

/** Optional parts that only their own checks read: their defaults stand in for them. */
const ownSections = (parent: string, keys: readonly string[]): StandIn[] =>
  keys.map((key) => ({ at: [parent, key], apply: remove }));

export const policyStandIns: readonly StandIn[] = [
  // The zone only places license dates on the timeline; no check compares dates across zones.
  { at: ['spec', 'timeZone'], apply: put('UTC') },
  // Only a pool's total reads a count, and a count of 0 cannot push a total over its limit.
  { at: ['spec', 'licenses', '*', 'count'], apply: put(0) },
  ...['term', 'start', 'end'].map((key) => ({ at: ['spec', 'licenses', '*', key], apply: undated })),
  { at: ['spec', 'licenses', '*', 'feature'], apply: remove },
  { at: ['spec', 'licenses', '*', 'installed'], apply: remove },
  // Without its download date, a key held uninstalled is never installed: it can only lower a total.
  { at: ['spec', 'licenses', '*', 'available'], apply: remove },
  ...ownSections('spec', ['product', 'lifecycle', 'limits', 'alerts', 'tiers']),
  ...ownSections('metadata', ['description', 'source', 'covers']),
  ...licenseServerStandIns(['spec', 'licenseServers', '*']),
  // Any other rejection in a license server: the servers are set aside whole. No check outside them reads
  // them, and their own checks may depend on what was rejected.
  { at: ['spec', 'licenseServers'], apply: remove },
];

/**
 * Within a license server: its settings fall back to their defaults, which only their own checks read; a
 * server license's term or dates as for a pool's license, and `installed` by its default (installed),
 * which can only add capacity; a client's allocation or expiry date is set aside, which can only lower a
 * reserved total. Surrenders are not: setting one aside would lower a server's capacity.
 */
function licenseServerStandIns(server: readonly string[]): StandIn[] {
  const license = [...server, 'licenses', '*'];
  const client = [...server, 'clients', '*'];
  return [
    ...['leasing', 'heartbeat'].map((key) => ({ at: [...server, key], apply: remove })),
    { at: [...server, 'ha', 'grace'], apply: remove },
    ...['term', 'start', 'end'].map((key) => ({ at: [...license, key], apply: undated })),
    { at: [...license, 'installed'], apply: remove },
    { at: [...client, 'allocations', '*'], apply: remove },
    { at: [...client, 'expires'], apply: remove },
  ];
}

export const scenarioStandIns: readonly StandIn[] = ownSections('metadata', ['description', 'exercises']);

/**
 * A copy of `value` with every rejected node set aside, or `undefined` when a rejected node has no
 * stand-in. The caller validates the copy again before building a model from it.
 */
export function salvage(
  value: unknown,
  rejected: readonly Rejection[],
  standIns: readonly StandIn[],
): unknown | undefined {
  const edits: { path: YamlPath; apply: StandIn['apply'] }[] = [];
  for (const node of rejected) {
    if (node.unknownKey) {
      edits.push({ path: node.path, apply: remove });
      continue;
    }
    const standIn = standIns.find((s) => covers(s.at, node.path));
    if (!standIn) return undefined;
    edits.push({ path: node.path.slice(0, standIn.at.length), apply: standIn.apply });
  }
  const copy: unknown = structuredClone(value);
  for (const { path, apply } of edits) {
    const container = nodeAt(copy, path.slice(0, -1));
    // A node inside a part already set aside needs nothing more.
    if (isRecord(container)) apply(container, path.at(-1)!);
  }
  return copy;
}

function covers(pattern: readonly string[], path: YamlPath): boolean {
  return pattern.length <= path.length && pattern.every((p, i) => p === '*' || p === path[i]);
}

function nodeAt(root: unknown, path: YamlPath): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string') node = node[segment];
    else return undefined;
  }
  return node;
}
