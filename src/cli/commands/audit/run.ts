import type { GaugesAt } from '../../../analysis/gauges.js';
import { formatOfFile } from '../../../audit/log-format.js';
import { type ColumnMapping, recordFields } from '../../../audit/session-records.js';
import { displayPath } from '../../../config/display-path.js';
import type { Run } from '../../../model/bind.js';
import { renderAuditText } from '../../../report/audit-text.js';
import { auditHtmlReport, renderHtml } from '../../../report/html-report.js';
import { renderOpenMetrics } from '../../../report/openmetrics.js';
import { sameFile } from '../../../report/output-file.js';
import { type AuditReport, auditUsage } from '../../../run/audit.js';
import { gaugesFor, WhyError } from '../../../run/why.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printWarnings, reportStyle, toJson, writesToStdout } from '../../output.js';
import { progressLine } from '../../progress.js';
import type { AuditCliOptions } from './register.js';

/**
 * Audits the log against the policy and reports it; exit code 0 when the log complies with the policy,
 * 1 when it does not (A3: a CI job can gate on compliance), 2 for input it cannot use.
 */
export async function audit(options: AuditCliOptions, io: CliIo): Promise<ExitCode> {
  const columns = parseColumns(options.columns);
  for (const input of [...options.policy, options.usage]) {
    if (!writesToStdout(options.out) && sameFile(options.out, input)) {
      throw new UsageError(
        `--out ${options.out} would overwrite the input ${displayPath(input)}; write elsewhere`,
      );
    }
  }
  if (options.at !== undefined && options.format !== 'openmetrics') {
    throw new UsageError('--at applies to --format openmetrics only');
  }
  const gauges: GaugesAt[] = [];
  const progress = progressLine(io);
  let report: AuditReport;
  try {
    const [audited, ...alsoUnder] = options.policy;
    report = await auditUsage(audited!, options.usage, {
      alsoUnder,
      format: options.logFormat ?? formatOfFile(options.usage),
      columns,
      openSessions: options.openSessions,
      countUsersBy: options.countUsersBy,
      strict: options.strict,
      onWarnings: (warnings) => printWarnings(warnings, io),
      onImportProgress: progress && ((p) => progress.update('reading the usage log', p, 'lines')),
      onProgress: progress && ((p) => progress.update('replaying the usage log', p)),
      traceSinks:
        options.format === 'openmetrics' ? (run) => [gaugeReader(run, options.at, gauges)] : undefined,
    });
  } finally {
    progress?.clear();
  }
  const more = report.audit.import.rejectedNotListed;
  if (more > 0) io.stderr.write(`${options.usage}: … and ${more} more rejected lines\n`);
  const render: Record<AuditCliOptions['format'], () => string | Promise<string>> = {
    text: () => renderAuditText(report, { style: reportStyle(options.out, io) }),
    json: () => toJson(report),
    html: () => renderHtml(auditHtmlReport(report)),
    openmetrics: () => renderOpenMetrics(gauges.map((g) => g.result())),
  };
  await emit(await render[options.format](), options.out, io);
  return report.audit.compliance.compliant ? ExitCode.ok : ExitCode.checksFailed;
}

/** The reducer of the replay's gauges, kept in `into`; `--at` outside the log's span is a usage error. */
function gaugeReader(run: Run, at: string | undefined, into: GaugesAt[]): GaugesAt {
  try {
    const reader = gaugesFor(run, at);
    into.push(reader);
    return reader;
  } catch (error) {
    if (error instanceof WhyError) throw new UsageError(error.message);
    throw error;
  }
}

/** `start=Begin,user=Login` → { start: 'Begin', user: 'Login' }; a usage error for an unknown field. */
function parseColumns(text: string | undefined): ColumnMapping {
  if (text === undefined) return {};
  const mapping: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    if (eq < 0 || column === '') {
      throw new UsageError(
        `--columns: expected field=column, got '${pair}' (e.g. --columns start=Begin,user=Login)`,
      );
    }
    if (!(recordFields as readonly string[]).includes(field)) {
      throw new UsageError(`--columns: no field '${field}'; the fields are ${recordFields.join(', ')}`);
    }
    mapping[field] = column;
  }
  return mapping;
}
