import { DateTime } from 'luxon';
import { GaugesAt } from '../analysis/gauges.js';
import type { LeaseDecision } from '../analysis/lease-log.js';
import { LeaseWhy, type LeaseWhyAnswer } from '../analysis/lease-why.js';
import type { Run } from '../model/bind.js';
import { durationMs, formatInstant, formatLocal, instantMs } from '../model/time.js';

/**
 * `--why CLIENT@INSTANT`: which client or cluster, and when. The instant is read in one of three forms:
 * an ISO 8601 instant with its offset (`2026-03-12T14:02:00Z`), a local date and time in the policy's
 * zone (`2026-03-12T14:02`, or with a space), or an ISO 8601 duration from the scenario's start
 * (`P11DT14H2M`: 14:02 on day 12).
 */
export interface WhyQuestion {
  readonly subject: string;
  readonly instant: string;
}

/** A question that cannot be asked of these runs: the message says why (a usage error, exit 2). */
export class WhyError extends Error {
  override name = 'WhyError';
}

const LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** Splits `CLIENT@INSTANT` at its last `@`, so that a client id may itself hold one. */
export function parseWhy(text: string): WhyQuestion {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) {
    throw new WhyError(
      `--why takes CLIENT@INSTANT, e.g. gw-03@2026-03-12T14:02 or gw-03@P11DT14H2M (got '${text}')`,
    );
  }
  return { subject: text.slice(0, at), instant: text.slice(at + 1) };
}

/** The instant of a question in one run, in epoch ms; `flag` names the option in messages. */
export function whyInstant(question: WhyQuestion, run: Run, flag = '--why'): number {
  const { instant } = question;
  const exact = instantMs(instant);
  if (exact !== null) return exact;
  if (LOCAL.test(instant)) {
    const local = DateTime.fromISO(instant.replace(' ', 'T'), { zone: run.policy.timeZone });
    if (local.isValid) return local.toMillis();
  }
  const offset = instant.startsWith('P') ? durationMs(instant) : null;
  if (offset !== null) return run.scenario.startMs + offset;
  throw new WhyError(
    `${flag}: '${instant}' is not an instant: write 2026-03-12T14:02:00Z, a local 2026-03-12T14:02 ` +
      `(in the policy's zone, ${run.policy.timeZone}), or a duration from the start such as P11DT14H2M`,
  );
}

/**
 * How long the instant as written lasts: a minute when written to the minute (`2026-03-12T14:02`,
 * `P11DT14H2M`), a second to the second, a millisecond with a fraction; an hour or a day for a duration
 * that stops there. `explain --at` looks at everything in that span.
 */
export function instantSpanMs(instant: string): number {
  if (instant.startsWith('P')) {
    if (instant.includes('.')) return 1;
    const unit = instant.at(-1);
    const inTime = instant.includes('T');
    if (unit === 'S') return 1000;
    if (unit === 'M' && inTime) return 60_000;
    if (unit === 'H') return 3_600_000;
    return 86_400_000;
  }
  const time = /[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?/.exec(instant);
  if (time === null) return 1;
  if (time[4] !== undefined) return 1;
  return time[3] !== undefined ? 1000 : 60_000;
}

/**
 * `--at INSTANT` (any form `--why` takes): the reducer reading the run's W11 gauges at that instant, or
 * at the run's end without one. An instant outside the run is a WhyError (a usage error).
 */
export function gaugesFor(run: Run, instant: string | undefined): GaugesAt {
  if (instant === undefined) return new GaugesAt(run);
  const at = whyInstant({ subject: '', instant }, run, '--at');
  const { startMs, endMs } = run.scenario;
  if (at < startMs || at > endMs) {
    const local = (ms: number) => formatLocal(ms, run.policy.timeZone);
    throw new WhyError(`--at: ${local(at)} is outside the run (${local(startMs)} to ${local(endMs)})`);
  }
  return new GaugesAt(run, at);
}

/** The reducer that answers the question in one run, or null when the run has no such client or cluster. */
export function whyFor(question: WhyQuestion, run: Run): LeaseWhy | null {
  if (!subjectsOf(run).includes(question.subject)) return null;
  const at = whyInstant(question, run);
  const { startMs, endMs } = run.scenario;
  if (at < startMs || at > endMs) {
    const local = (ms: number) => formatLocal(ms, run.policy.timeZone);
    throw new WhyError(`--why: ${local(at)} is outside the run (${local(startMs)} to ${local(endMs)})`);
  }
  return new LeaseWhy(question.subject, at);
}

/** Why no run can answer: the subject is none of their clients or clusters, which the message lists. */
export function unknownSubject(question: WhyQuestion, runs: readonly Run[]): WhyError {
  const known = [...new Set(runs.flatMap(subjectsOf))];
  const listed =
    known.length === 0 ? 'its policies lease to no client' : `clients and clusters: ${list(known)}`;
  return new WhyError(
    `--why: no client or cluster '${question.subject}' in this scenario's policies; ${listed}`,
  );
}

function subjectsOf(run: Run): string[] {
  const fleet = run.policy.fleet;
  return fleet === null ? [] : [...fleet.clientIds.keys(), ...fleet.clusters.map((c) => c.id)];
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}

/** A lease decision as JSON reports write it: its instant in ISO 8601. */
export type LeaseDecisionReport = Omit<LeaseDecision, 'at'> & { readonly at: string };

/** The answer of one run, in the shape of the JSON output and the text renderer's input. */
export interface WhyReport {
  readonly scenario: string;
  readonly policy: string;
  readonly timeZone: string;
  readonly subject: string;
  readonly at: string;
  readonly inForce: LeaseDecisionReport[];
  readonly history: LeaseDecisionReport[];
  readonly next: LeaseDecisionReport | null;
}

export function whyReport(run: Run, answer: LeaseWhyAnswer): WhyReport {
  const decision = (d: LeaseDecision): LeaseDecisionReport => ({ ...d, at: formatInstant(d.at) });
  return {
    scenario: run.scenario.name,
    policy: run.policy.name,
    timeZone: run.policy.timeZone,
    subject: answer.subject,
    at: formatInstant(answer.at),
    inForce: answer.inForce.map(decision),
    history: answer.history.map(decision),
    next: answer.next === null ? null : decision(answer.next),
  };
}
