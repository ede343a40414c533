/**
 * licensim's library API. The command line uses only what is exported here.
 *
 * @example
 * import { simulateScenario, combine, renderText } from 'licensim';
 * const report = combine(await simulateScenario('scenarios/wallix-4-sites-compare.yaml'));
 * console.log(renderText(report));
 */

export type { Analysis, Reducer } from './analysis/analysis.js';
export { coverageOf, type RunCoverage } from './analysis/coverage.js';
export {
  type GaugeReading,
  GaugesAt,
  type LicenseStatus,
  type PoolGauges,
  statusOfState,
} from './analysis/gauges.js';
export type { LeaseWhy } from './analysis/lease-why.js';
export {
  LATEST,
  type LiveNotice,
  type LivePool,
  type LiveSnapshot,
  LiveState,
} from './analysis/live-state.js';
export { type AnalysisName, analyses, type RunResults } from './analysis/registry.js';
export { type Summary, studentT975, summarise } from './analysis/replication-stats.js';
export {
  type ArrivalLoad,
  allocateBySite,
  type FormulaInputs,
  offeredLoadOf,
  type Recommendation,
  recommendTier,
  requiredSessions,
  type SizeResult,
  type SizingTarget,
  sizeByEngset,
  sizeByErlangB,
  sizeByErlangC,
  sizeByFormula,
  sizeByTeams,
  type TeamInput,
  teamSizing,
  tierStepsProblem,
} from './analysis/sizing.js';
export { UniqueUsers, type UniqueUsersResult, type UserCount } from './analysis/unique-users.js';
export { formatOfFile, type LogFormat, logFormats } from './audit/log-format.js';
export { type ColumnMapping, recordFields } from './audit/session-records.js';
export {
  importUsageLog,
  type OpenSessionEnding,
  openSessionEndings,
  recordedUsage,
  type UsageImport,
} from './audit/usage-import.js';
export {
  type Diagnostic,
  formatDiagnostic,
  formatDiagnostics,
  InputError,
  MAX_PRINTED_PER_FILE,
  type Paint,
  paintedDiagnostic,
  sortDiagnostics,
  strictly,
} from './config/diagnostics.js';
export { displayPath } from './config/display-path.js';
export { printable } from './config/printable.js';
export type { CoverageReport } from './config/schema/coverage.js';
export { schemaFiles } from './config/schema/files.js';
export type { Report, ScenarioRunReport } from './config/schema/report.js';
export { parseRate, readTeams, type Team } from './config/teams.js';
export { readTextFile } from './config/text-file.js';
export { parseYamlSource, readYamlFile, type YamlSource } from './config/yaml-source.js';
export { checkExpectation, type ExpectationResult } from './expectations/check.js';
export { LifecycleLoopError } from './lifecycle/lifecycle-loop-error.js';
export type { Run } from './model/bind.js';
export type {
  Allocation,
  ClientCluster,
  Feature,
  Fleet,
  LeaseSettings,
  LicenseClient,
  LicenseServer,
  ServerLicense,
} from './model/fleet/fleet.js';
export { documentFrom, type Loaded, loadDocument, loadPolicy, loadScenario } from './model/load.js';
export type { Policy } from './model/policy.js';
export type { Scenario } from './model/scenario.js';
export { DEFAULT_TIERS, type TierStep, unnamedTiers } from './model/tiers.js';
export { durationMs, formatLocal } from './model/time.js';
export { renderAuditText } from './report/audit-text.js';
export { renderCapacitySearch } from './report/capacity-search-text.js';
export { renderComparison } from './report/compare-text.js';
export { renderCoverage } from './report/coverage-text.js';
export { renderPolicyDiff } from './report/diff-text.js';
export { renderExplainAt, renderPolicyExplanation } from './report/explain-text.js';
export { auditHtmlReport, type HtmlReport, renderComparisonHtml, renderHtml } from './report/html-report.js';
export { renderJunit } from './report/junit.js';
export { renderOpenMetrics } from './report/openmetrics.js';
export {
  OutputError,
  OutputFile,
  removeTemporaryFiles,
  sameFile,
  writeOutputFile,
} from './report/output-file.js';
export { renderReplications } from './report/replications-text.js';
export { num, renderSizing } from './report/sizing-text.js';
export { mark, plain, type Style, stateTone, type Tone, tones } from './report/style.js';
export { table } from './report/table.js';
export {
  renderTestRun,
  renderTestSummary,
  renderTestTally,
  renderText,
  type TextOptions,
} from './report/text.js';
export { filteredTrace, parseTraceFilter, TraceFilterError } from './report/trace-filter.js';
export { TraceWriter } from './report/trace-writer.js';
export { cell as csvCell, renderUsageCsv, usageCsvColumns } from './report/usage-csv.js';
export { renderWhy } from './report/why-text.js';
export {
  type AuditFeature,
  type AuditOptions,
  type AuditReport,
  type AuditUserCount,
  auditUsage,
  type UserCounting,
  userCountings,
} from './run/audit.js';
export {
  type CapacitySearchReport,
  type CapacityTarget,
  growthHeadroom,
  growthMonths,
  licensedAtStart,
  type PoolCapacity,
  parseTarget,
  searchCapacity,
  searchMetrics,
  unsearchable,
  withCapacities,
} from './run/capacity-search.js';
export {
  type ComparedPolicy,
  type ComparedPool,
  type ComparisonReport,
  comparedScenario,
  comparePolicies,
} from './run/compare.js';
export { runCoverage } from './run/coverage.js';
export { type ExecuteOptions, executeRun, type RunNames, type RunOutput } from './run/execute.js';
export { type ExplainAtReport, explainAt } from './run/explain-at.js';
export { explainPolicy, type PolicyExplanation } from './run/explain-policy.js';
export { mergePartials, type PartialFile } from './run/merge.js';
export { type PolicyCatalogue, type PolicyMachine, policyCatalogue } from './run/policy-catalogue.js';
export { diffPolicies, type PolicyDiffReport } from './run/policy-diff.js';
export { type PreparedScenario, prepareRuns } from './run/prepare.js';
export {
  type ReplicationPartial,
  type ReplicationPlan,
  type ReplicationReport,
  type ReplicationValues,
  replicationMetrics,
  replicationPlan,
  replicationSeed,
  runReplication,
  shardIndices,
  summariseReplications,
  warmUpHours,
} from './run/replications.js';
export { combine, runReport } from './run/report.js';
export { prepareScenario, runPrepared, type SimulateOptions, simulateScenario } from './run/simulate.js';
export {
  gaugesFor,
  parseWhy,
  unknownSubject,
  WhyError,
  type WhyReport,
  whyFor,
  whyInstant,
  whyReport,
} from './run/why.js';
export { erlangB, erlangBServersFor } from './sim/erlang.js';
export type { CapacityModel, CapacitySource, LicensingModel, ModelHost } from './sim/licensing-model.js';
export { type RunProgress, type RunStats, Simulation, type SimulationOptions } from './sim/simulation.js';
export type { FactVector, RuleDecision, RuleOutcome } from './trace/facts.js';
export { type TraceKind, traceKinds } from './trace/record-kinds.js';
export type { TraceRecord, TraceSink } from './trace/records.js';
