import type { AuditReport } from '../run/audit.js';
import type { ComparisonReport } from '../run/compare.js';
import type { HtmlReport } from './html/page.js';

export type { HtmlReport } from './html/page.js';

/**
 * The report as one self-contained HTML file. The renderer and its chart library load only when a report
 * is rendered as HTML: every other command starts without them.
 */
export async function renderHtml(report: HtmlReport): Promise<string> {
  const { renderHtmlReport } = await import('./html/page.js');
  return renderHtmlReport(report);
}

/** `compare` as one self-contained HTML page; its chart library, too, loads only then. */
export async function renderComparisonHtml(report: ComparisonReport): Promise<string> {
  const { renderComparisonPage } = await import('./html/compare-page.js');
  return renderComparisonPage(report);
}

/** The audit as an HTML page: the log's import and unique users as a summary, then its replay. */
export function auditHtmlReport({ audit }: AuditReport): HtmlReport {
  const { import: log, users } = audit;
  const count = (k: 'userHost' | 'username') => {
    const c = users[k];
    return `${c.total} in all, at most ${c.realtimePeak} in 14 days${c.realtimePeakAt ? ` (first at ${c.realtimePeakAt})` : ''}`;
  };
  return {
    title: `licensim audit of ${audit.log} against ${audit.policy}`,
    summary: [
      ['log', `${audit.log} (${audit.format}), ${log.first} → ${log.last}`],
      ['policy', `${audit.policy} (${audit.policyFile})`],
      [
        'lines',
        `${log.lines.read} read: ${log.lines.used} used, ${log.lines.ignored} ignored, ${log.lines.rejected} rejected`,
      ],
      [
        'checkouts',
        `${log.checkouts} (${log.licenses} licenses), ${log.checkins} checkins, ${log.denials} denied in the log`,
      ],
      [
        'features',
        log.features
          .map((f) => `${f.feature}${f.licensed ? '' : ' (not licensed: not replayed)'}`)
          .join(', '),
      ],
      ['users by user-host (L1)', count('userHost')],
      ['users by username (L1)', count('username')],
      ['users counted by', users.countedBy],
      ...(audit.rightSizing ?? []).map((r): [string, string] => [
        `right size of ${r.pool} (A4)`,
        `licensed ${r.licensed}, needs ${r.needed}${r.peakDay ? ` (peak on ${r.peakDay})` : ''}: ${r.verdict}${r.by > 0 ? ` by ${r.by}` : ''}`,
      ]),
    ],
    // What-ifs follow the audited policy's replay, each its own run.
    runs: [audit.run, ...(audit.alternatives ?? []).map((a) => a.run)],
    passed: audit.run.passed,
  };
}
