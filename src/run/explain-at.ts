import { type ExplainedDenial, InstantWhy } from '../analysis/instant-why.js';
import type { LeaseWhy } from '../analysis/lease-why.js';
import type { Transition } from '../analysis/lifecycle-log.js';
import type { Run } from '../model/bind.js';
import { formatInstant, formatLocal } from '../model/time.js';
import type { PreparedScenario } from './prepare.js';
import { runPrepared } from './simulate.js';
import { instantSpanMs, WhyError, type WhyReport, whyFor, whyInstant, whyReport } from './why.js';

type Iso<T> = Omit<T, 'at'> & { readonly at: string };

/** `explain SCENARIO --at INSTANT`: the answer of one run, instants in ISO 8601. */
export interface ExplainAtReport {
  readonly scenario: string;
  readonly policy: string;
  readonly timeZone: string;
  readonly subject: string | null;
  readonly from: string;
  /** The end of the instant's span (a minute when written to the minute), exclusive. */
  readonly to: string;
  /** Per pool, the transition that put it in the state it was in. */
  readonly states: Iso<Transition>[];
  /** States entered within the span. */
  readonly entered: Iso<Transition>[];
  readonly denials: { readonly count: number; readonly shown: Iso<ExplainedDenial>[] };
  /** With no denial in the span: the nearest before and after it. */
  readonly before: Iso<ExplainedDenial> | null;
  readonly after: Iso<ExplainedDenial> | null;
  /** When the subject is a license-server client or cluster: its lease decisions (as `simulate --why`). */
  readonly leases: WhyReport | null;
}

/**
 * Replays a prepared scenario and answers, for each of its policies, why sessions were denied or states
 * entered at `instant` (see `whyInstant` for its forms): what the trace records carry, the rule and the
 * facts it saw, kept by a reducer as the run streams. A subject narrows it to a user, a site, a pool, a
 * session (`#N`), or a license-server client or cluster.
 */
export async function explainAt(
  prepared: PreparedScenario,
  instant: string,
  subject: string | null,
): Promise<ExplainAtReport[]> {
  const askers = new Map<Run, { instant: InstantWhy; lease: LeaseWhy | null }>();
  const span = instantSpanMs(instant);
  const windows = prepared.runs.map((run) => {
    const from = whyInstant({ subject: subject ?? '', instant }, run, '--at');
    const { startMs, endMs } = run.scenario;
    if (from < startMs || from > endMs) {
      const local = (ms: number) => formatLocal(ms, run.policy.timeZone);
      throw new WhyError(`--at: ${local(from)} is outside the run (${local(startMs)} to ${local(endMs)})`);
    }
    return { from, to: from + span };
  });
  await runPrepared(prepared, {
    traceSinks: (run, names) => {
      const { from, to } = windows[prepared.runs.indexOf(run)]!;
      const lease = subject === null ? null : whyFor({ subject, instant }, run);
      // A client or cluster's denials are those of its site, when it bears the site's name.
      const { sites, pools } = run.policy;
      const place = [...sites, ...pools].some((x) => x.id === subject);
      const narrowed = lease === null || place ? subject : null;
      const asker = { instant: new InstantWhy(run, names, from, to, narrowed), lease };
      askers.set(run, asker);
      return lease === null ? [asker.instant] : [asker.instant, lease];
    },
  });
  return prepared.runs.map((run) => {
    const asker = askers.get(run)!;
    const answer = asker.instant.result();
    const iso = <T extends { at: number }>(x: T): Iso<T> => ({ ...x, at: formatInstant(x.at) });
    return {
      scenario: run.scenario.name,
      policy: run.policy.name,
      timeZone: run.policy.timeZone,
      subject,
      from: formatInstant(answer.from),
      to: formatInstant(answer.to),
      states: answer.states.map(iso),
      entered: answer.entered.map(iso),
      denials: { count: answer.denials.count, shown: answer.denials.shown.map(iso) },
      before: answer.before === null ? null : iso(answer.before),
      after: answer.after === null ? null : iso(answer.after),
      leases: asker.lease === null ? null : whyReport(run, asker.lease.result()),
    };
  });
}
