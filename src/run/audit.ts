import { stat } from 'node:fs/promises';
import { concurrency } from '../analysis/pool-usage.js';
import type { RunResults } from '../analysis/registry.js';
import { UniqueUsers, type UserCount } from '../analysis/unique-users.js';
import { Violations, type ViolationsOfRule } from '../analysis/violations.js';
import type { LogFormat } from '../audit/log-format.js';
import type { ColumnMapping } from '../audit/session-records.js';
import { MappingError } from '../audit/session-records.js';
import {
  importUsageLog,
  type ListedLine,
  type OpenSessionEnding,
  recordedUsage,
  type UsageImport,
} from '../audit/usage-import.js';
import { type Diagnostic, InputError } from '../config/diagnostics.js';
import { displayPath } from '../config/display-path.js';
import type { ScenarioRunReport } from '../config/schema/report.js';
import { whyUnreadable } from '../config/text-file.js';
import { unsimulatedLeasing } from '../leasing/unsimulated.js';
import type { Run } from '../model/bind.js';
import { loadPolicy } from '../model/load.js';
import type { Policy } from '../model/policy.js';
import type { Scenario } from '../model/scenario.js';
import type { TierStep } from '../model/tiers.js';
import { formatInstant } from '../model/time.js';
import type { RunProgress } from '../sim/simulation.js';
import type { TraceSink } from '../trace/records.js';
import { licensedAtStart, withCapacities } from './capacity-search.js';
import { type ExecuteOptions, executeRun, type RunNames } from './execute.js';
import { runReport } from './report.js';

/** L1: how the policy's user limit counts a user. */
export const userCountings = ['user-host', 'username'] as const;
export type UserCounting = (typeof userCountings)[number];

export interface AuditOptions extends Pick<ExecuteOptions, 'onProgress'> {
  readonly format: LogFormat;
  readonly columns?: ColumnMapping;
  readonly openSessions?: OpenSessionEnding;
  /** L1: user-host (the default) or username. */
  readonly countUsersBy?: UserCounting;
  /** Rejected lines are errors: nothing is replayed (exit 2). */
  readonly strict?: boolean;
  /** Receives the policy's warnings and the log's rejected lines (the audit goes on). */
  readonly onWarnings?: (warnings: readonly Diagnostic[]) => void;
  /** Told how far the import of the log has gone (the share of its bytes read, the lines so far). */
  readonly onImportProgress?: (progress: RunProgress) => void;
  /** Extra trace sinks for the replay, given its run (e.g. the gauges of `--format openmetrics`). */
  readonly traceSinks?: (run: Run, names: RunNames) => TraceSink[];
  /** Policy files the log is replayed under too, after the audited one: what-ifs. */
  readonly alsoUnder?: readonly string[];
}

/** The log replayed under another policy than the one audited: what it would have allowed and refused. */
export interface AuditAlternative {
  readonly policy: string;
  readonly policyFile: string;
  readonly compliance: AuditCompliance;
  readonly rightSizing: readonly AuditRightSize[] | null;
  readonly run: ScenarioRunReport;
}

/** A feature of the log: its checkouts and denials, and whether the policy licenses it (else not replayed). */
export interface AuditFeature {
  readonly feature: string;
  readonly checkouts: number;
  readonly denials: number;
  readonly licensed: boolean;
}

/** A count of unique users (L1, L2), its instant as ISO 8601. */
export interface AuditUserCount {
  readonly total: number;
  readonly realtimePeak: number;
  readonly realtimePeakAt: string | null;
}

/** What `licensim audit` reports: the log's import, every line accounted for, and its replay. */
export interface AuditReport {
  readonly licensim: 'v1';
  readonly audit: {
    readonly policy: string;
    readonly policyFile: string;
    readonly log: string;
    readonly format: LogFormat;
    readonly import: {
      readonly lines: UsageImport['lines'];
      readonly ignored: Readonly<Record<string, number>>;
      readonly rejected: readonly ListedLine[];
      /** Rejected lines beyond those listed. */
      readonly rejectedNotListed: number;
      readonly first: string;
      readonly last: string;
      readonly checkouts: number;
      readonly licenses: number;
      readonly checkins: number;
      readonly denials: number;
      readonly openAtEnd: {
        readonly count: number;
        readonly handling: OpenSessionEnding;
        readonly lines: readonly number[];
      };
      readonly userHostPairs: number;
      readonly features: readonly AuditFeature[];
      readonly sites: readonly string[];
      readonly realms: readonly string[];
    };
    /** L1, L2: unique users of the replay's admissions, both ways, and the way the limit counts. */
    readonly users: {
      readonly userHost: AuditUserCount;
      readonly username: AuditUserCount;
      readonly countedBy: UserCounting;
    };
    /** A3: whether what the log shows happening is what the policy allows. */
    readonly compliance: AuditCompliance;
    /** A4: each pool's right size by the log; null for a policy that leases from license servers. */
    readonly rightSizing: readonly AuditRightSize[] | null;
    readonly run: ScenarioRunReport;
    /** The log replayed under each `alsoUnder` policy, in order; absent when none was given. */
    readonly alternatives?: readonly AuditAlternative[];
  };
}

/** A checkout the log granted and the policy refuses, its instant as ISO 8601. */
export interface AuditViolation {
  readonly at: string;
  readonly session: number;
  readonly user: string;
  readonly pool: string;
  readonly rule: string;
}

/**
 * A4: a pool's right size by the log: the most checkouts the log has open at once when no count limits
 * them (its replay with the pool's keys replaced by an unlimited count; per-user limits still apply),
 * against what the policy licenses.
 */
export interface AuditRightSize {
  readonly pool: string;
  readonly licensed: number;
  readonly needed: number;
  /** The local day of the peak, YYYY-MM-DD, and the 95th percentile of sessions in use over the log. */
  readonly peakDay: string | null;
  readonly p95: number;
  readonly verdict: 'over-licensed' | 'under-licensed' | 'right-sized';
  /** How many sessions over or under; 0 when right-sized. */
  readonly by: number;
  /** The smallest tier step (W3) of at least `needed` sessions; null when none is that large. */
  readonly tier: TierStep | null;
}

/**
 * A3: the log against the policy. A violation is a checkout the log shows granted that the replay under
 * the policy refuses (usage beyond what was bought), or a checkout of a feature the policy does not
 * license at all.
 */
export interface AuditCompliance {
  readonly compliant: boolean;
  /** Checkouts of licensed features the policy refuses, counted by rule, the first ones listed. */
  readonly violations: number;
  readonly byRule: readonly ViolationsOfRule[];
  readonly first: readonly AuditViolation[];
  /** Features the log uses and the policy does not license, with their checkouts. */
  readonly unlicensed: readonly { readonly feature: string; readonly checkouts: number }[];
}

/**
 * Audits a usage log against a policy: imports the log (every line used, ignored or rejected with its
 * reason), then replays its checkouts as the load of a scenario through the same run as `simulate`, with
 * unique users counted from the replay's admissions (L1, L2). Throws InputError (exit 2) when the policy
 * or the log cannot be used.
 */
export async function auditUsage(
  policyFile: string,
  logFile: string,
  options: AuditOptions,
): Promise<AuditReport> {
  const { policy, warnings } = await loadPolicy(policyFile);
  const others = [];
  for (const file of options.alsoUnder ?? []) {
    const other = await loadPolicy(file);
    if (other.warnings.length > 0) options.onWarnings?.(other.warnings);
    others.push(other.policy);
  }
  const imported = await importLog(logFile, options);
  try {
    warn(imported, warnings, options);
    const report = await replay(policy, imported, options);
    if (others.length === 0) return report;
    const alternatives: AuditAlternative[] = [];
    for (const other of others) {
      // A what-if: its own replay, without the primary replay's extra sinks (openmetrics gauges).
      const { audit } = await replay(other, imported, { ...options, traceSinks: undefined });
      const { policy: name, policyFile: file, compliance, rightSizing, run } = audit;
      alternatives.push({ policy: name, policyFile: file, compliance, rightSizing, run });
    }
    return { ...report, audit: { ...report.audit, alternatives } };
  } finally {
    imported.spool.dispose();
  }
}

/** The policy's warnings and the log's rejected lines, told as warnings, or as errors when strict. */
function warn(imported: UsageImport, warnings: readonly Diagnostic[], options: AuditOptions): void {
  const rejected = imported.rejected.first.map(
    (r): Diagnostic => ({
      file: imported.file,
      line: r.line,
      column: r.column,
      severity: 'warning',
      message: r.message,
    }),
  );
  if (options.strict && rejected.length > 0) {
    throw new InputError(rejected.map((d) => ({ ...d, severity: 'error' as const })));
  }
  if (warnings.length > 0 || rejected.length > 0) options.onWarnings?.([...warnings, ...rejected]);
}

/** Replays an imported log against the policy and reports both. */
async function replay(policy: Policy, imported: UsageImport, options: AuditOptions): Promise<AuditReport> {
  const run = auditRun(policy, imported);
  const reasons = unsimulatedLeasing(policy);
  if (reasons.length > 0) {
    const message = `policy '${policy.name}' relies on license-server features licensim does not simulate yet: ${reasons.join('; ')}`;
    throw new InputError([{ file: policy.file, line: 1, column: 1, severity: 'error', message }]);
  }
  let users: UniqueUsers | null = null;
  let violations: Violations | null = null;
  const output = await executeRun(run, {
    onProgress: options.onProgress,
    sinks: (names) => {
      users = new UniqueUsers(names.user);
      violations = new Violations(names);
      return [users, violations, ...(options.traceSinks?.(run, names) ?? [])];
    },
  });
  const rightSizing = await rightSize(run, output.results, options);
  const counted = (users as UniqueUsers | null)!.result();
  const refused = (violations as Violations | null)!.result();
  const summary = importSummary(imported, policy);
  const unlicensed = summary.features
    .filter((f) => !f.licensed && f.checkouts > 0)
    .map((f) => ({ feature: f.feature, checkouts: f.checkouts }));
  return {
    licensim: 'v1',
    audit: {
      policy: policy.name,
      policyFile: displayPath(policy.file),
      log: displayPath(imported.file),
      format: imported.format,
      import: summary,
      users: {
        userHost: isoCount(counted.userHost),
        username: isoCount(counted.username),
        countedBy: options.countUsersBy ?? 'user-host',
      },
      compliance: {
        compliant: refused.count === 0 && unlicensed.length === 0,
        violations: refused.count,
        byRule: refused.byRule,
        first: refused.first.map((v) => ({ ...v, at: formatInstant(v.at) })),
        unlicensed,
      },
      rightSizing,
      run: runReport(run, output, []),
    },
  };
}

/** Checkouts open at once with no count limiting them: a count no log comes near. */
const UNLIMITED = 1_000_000_000;

/** A4: replays the log once more with every pool unlimited, and weighs its peaks against the policy. */
async function rightSize(
  run: Run,
  audited: RunResults,
  options: AuditOptions,
): Promise<AuditRightSize[] | null> {
  if (run.policy.fleet !== null) return null;
  // A replay that refused no checkout and cut none short already ran every session in full: an
  // unlimited count would give the same figures, so the log is replayed again only when it did.
  const untouched = audited.usage.pools.every(
    (p) => p.denied === 0 && p.unavailable === 0 && Object.keys(p.endedBy).length === 0,
  );
  const results = untouched
    ? audited
    : (
        await executeRun(
          withCapacities(
            run,
            run.policy.pools.map(() => UNLIMITED),
          ),
          { onProgress: options.onProgress },
        )
      ).results;
  const licensed = licensedAtStart(run);
  return run.policy.pools.map((pool, p) => {
    const usage = results.usage.pools[p]!;
    const days = results.usageOverTime.pools[p]!.days;
    const peakDay = days.reduce<(typeof days)[number] | null>(
      (best, d) => (best === null || d.peak > best.peak ? d : best),
      null,
    );
    const needed = usage.peak;
    const by = Math.abs(licensed[p]! - needed);
    return {
      pool: pool.id,
      licensed: licensed[p]!,
      needed,
      peakDay: needed > 0 && peakDay !== null ? peakDay.date : null,
      p95: concurrency(usage).p95,
      verdict:
        licensed[p]! > needed ? 'over-licensed' : licensed[p]! < needed ? 'under-licensed' : 'right-sized',
      by,
      tier: run.policy.tiers.find((t) => t.sessions >= needed) ?? null,
    };
  });
}

function isoCount(count: UserCount): AuditUserCount {
  const at = count.realtimePeakAt;
  return { ...count, realtimePeakAt: at === null ? null : formatInstant(at) };
}

/** Imports the log, with what makes it unusable as a whole turned into located errors. */
async function importLog(file: string, options: AuditOptions): Promise<UsageImport> {
  const error = (line: number, column: number, message: string) =>
    new InputError([{ file, line, column, severity: 'error', message }]);
  const info = await stat(file).catch((e: unknown) => e as Error);
  if (info instanceof Error) throw error(1, 1, `cannot read the usage log: ${whyUnreadable(info)}`);
  if (info.isDirectory()) throw error(1, 1, 'cannot read the usage log: it is a folder, not a file');
  let imported: UsageImport;
  try {
    imported = await importUsageLog(file, {
      format: options.format,
      columns: options.columns,
      openSessions: options.openSessions,
      onProgress: options.onImportProgress,
    });
  } catch (e) {
    if (e instanceof MappingError) throw error(1, e.column, e.message);
    throw error(1, 1, `cannot read the usage log: ${whyUnreadable(e)}`);
  }
  if (imported.lines.read === 0 || Number.isNaN(imported.firstMs)) imported.spool.dispose();
  if (imported.lines.read === 0) throw error(1, 1, 'the usage log is empty: no line to audit');
  if (Number.isNaN(imported.firstMs)) {
    const { read, ignored, rejected } = imported.lines;
    const first = imported.rejected.first[0];
    const why = first ? `; the first rejected, line ${first.line}: ${first.message}` : '';
    throw error(
      first?.line ?? 1,
      first?.column ?? 1,
      `no usage in the log: of ${read} lines, ${ignored} ignored and ${rejected} rejected${why}`,
    );
  }
  return imported;
}

/** The scenario of an audit: the log's span, its checkouts as the only load. */
function auditRun(policy: Policy, imported: UsageImport): Run {
  const startMs = imported.firstMs;
  const scenario: Scenario = {
    name: `audit of ${displayPath(imported.file)}`,
    file: imported.file,
    description: '',
    exercises: [],
    policies: [{ file: policy.file, path: [] }],
    startMs,
    // A run lasts longer than zero, even for a log of one instant.
    endMs: Math.max(imported.lastMs, startMs + 1),
    seed: 1,
    load: [],
    sessions: [],
    timeline: [],
    expectations: [],
    recorded: recordedUsage(imported),
  };
  return { scenario, policy, load: [], sessions: [], timeline: [] };
}

function importSummary(imported: UsageImport, policy: Policy): AuditReport['audit']['import'] {
  const licensed = new Set(policy.licenses.map((l) => l.feature));
  return {
    lines: { ...imported.lines },
    ignored: Object.fromEntries(Object.entries(imported.ignored).sort(([a], [b]) => a.localeCompare(b))),
    rejected: imported.rejected.first,
    rejectedNotListed: imported.rejected.count - imported.rejected.first.length,
    first: formatInstant(imported.firstMs),
    last: formatInstant(imported.lastMs),
    checkouts: imported.checkouts.count,
    licenses: imported.checkouts.licenses,
    checkins: imported.checkins,
    denials: imported.denials,
    openAtEnd: {
      count: imported.openAtEnd.count,
      handling: imported.openSessions,
      lines: imported.openAtEnd.first.map((l) => l.line),
    },
    userHostPairs: imported.users.pairs.size,
    features: imported.features.list.map((feature, f) => ({
      feature,
      checkouts: imported.perFeature.checkouts[f]!,
      denials: imported.perFeature.denials[f]!,
      licensed: licensed.has(feature),
    })),
    sites: [...imported.sites.list],
    realms: [...imported.realms.list],
  };
}
