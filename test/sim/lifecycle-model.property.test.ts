import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Policy } from '../../src/model/policy.js';
import { policyFrom, timedState } from '../support/build.js';
import { lifecycleCommands, scenarioStarts } from '../support/lifecycle-commands.js';
import { type DeclaredTerm, LifecycleReference } from '../support/lifecycle-reference.js';
import { PlannedRun } from '../support/planned-run.js';

/**
 * Model-based lifecycle tests: fast-check drives each bundled policy through waits, activations,
 * renewals, upgrades, expiries, license and license-server outages and sessions, and after every step
 * compares the simulator with a reference model written from the rule catalogue: each pool's state, its
 * capacity, its sessions in use, and whether a session offered then is admitted (and by which rule it is
 * refused). `npm run fuzz` runs many more cases (FUZZ_RUNS).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED === undefined ? 20261201 : Number(process.env.FUZZ_SEED);
const MAX_COMMANDS = 15;

interface Subject {
  readonly policy: Policy;
  /** The licenses' dates as written, for the reference to read for itself (P11). */
  readonly terms: readonly DeclaredTerm[];
}

const folder = join(import.meta.dirname, '../../policies');
const documents = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, doc: parse(readFileSync(join(folder, name), 'utf8')) }));

/**
 * The reference knows the policy's own licenses, not leases: a policy's license servers are left out here
 * (their leasing is held to P3, P5, P6 in test/leasing), so that its pools' own licenses are checked alone.
 */
function subject(doc: { spec: { licenses: DeclaredTerm[] } }, file: string): Subject {
  const { licenseServers: _, ...spec } = doc.spec as { licenses: DeclaredTerm[]; licenseServers?: unknown };
  return { policy: policyFrom(stringify({ ...doc, spec }), file), terms: doc.spec.licenses };
}

/**
 * The bundled policies declare no grace period and ignore the license server: these variants add both
 * (P9: a 10-day grace after expiry or loss of contact), so that those declarations are held to the
 * reference too.
 */
function withGrace(name: string): Subject {
  const { doc } = documents.find((d) => d.name === `${name}.yaml`)!;
  const lifecycle = doc.spec.lifecycle ?? {};
  const states = { ...lifecycle.states, grace: timedState('P10D', 'expired') };
  const spec = { ...doc.spec, lifecycle: { ...lifecycle, states, on: { contactLost: 'grace' } } };
  return subject({ ...doc, spec }, `policies/${name}.yaml, with grace`);
}

/** The catalogue rules a policy's run exercises, given what the policy declares. */
function rulesCovered(policy: Policy): string {
  const { states } = policy.lifecycle;
  const ids = [
    policy.pools.length > 1 && 'W2',
    policy.pools.some((p) => p.allocation !== null) && 'W7',
    policy.lifecycle.hasTrial && states.trial.durationMs !== null && 'W8',
    'W9',
    policy.limits.overLimit === 'deny' && 'W10',
    'W12',
    states.grace.durationMs !== null && 'P9',
    'P11',
  ];
  return ids.filter(Boolean).join(' ');
}

/** Runs the commands against the reference and, once planned, the simulator; fails at the first difference. */
function followsTheReference({ policy, terms }: Subject) {
  return async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...scenarioStarts(policy)),
        fc.commands(lifecycleCommands(policy), { maxCommands: MAX_COMMANDS }),
        async (startMs, commands) => {
          const reference = new LifecycleReference(policy, terms, startMs);
          const planned = new PlannedRun(policy, startMs).start(reference);
          fc.modelRun(() => ({ model: reference, real: planned }), commands);
          await planned.verify();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  };
}

const STEP_BY_STEP = 'state, admission and capacity match the reference after every step';

describe('bundled policies follow the rule catalogue step by step (model-based)', () => {
  for (const { name, doc } of documents) {
    const bundled = subject(doc, `policies/${name}`);
    // The reference reads keys as the license book counts them; keys that change over time (renewal,
    // emergency, evaluation, named-user: P10 to P12) are held to their own reference in
    // test/entitlements/capacity.property.test.ts.
    if (bundled.policy.entitlements !== null) continue;
    const title = `${rulesCovered(bundled.policy)}: ${bundled.policy.name}: ${STEP_BY_STEP}`;
    it(title, followsTheReference(bundled), 600_000);
  }
});

describe('declared grace and contact loss follow the rule catalogue step by step (model-based)', () => {
  for (const name of ['wallix-bastion-ha', 'wallix-unlicensed-trial']) {
    const variant = withGrace(name);
    const title = `${rulesCovered(variant.policy)}: ${name} with a 10-day grace: ${STEP_BY_STEP}`;
    it(title, followsTheReference(variant), 600_000);
  }
});
