import type { CoverageReport } from '../config/schema/coverage.js';
import type { Report } from '../config/schema/report.js';

/**
 * JUnit XML for CI (GitLab, Jenkins): one test suite per scenario run, one test case per expectation, and
 * one suite with an errored case per file that could not be run. `seconds` gives each run's wall time
 * (shared evenly among its cases); without it, times are 0. The exit code, not the XML, fails the job.
 */
export function renderJunit(report: Report, seconds: readonly number[] = []): string {
  const time = (s: number) => s.toFixed(3);
  const suites = report.scenarios.map((run, i) => {
    const failures = run.expectations.filter((e) => !e.passed).length;
    const name = `${run.scenario} × ${run.policy}`;
    const runTime = seconds[i] ?? 0;
    const caseTime = run.expectations.length > 0 ? runTime / run.expectations.length : 0;
    const cases = run.expectations.map((e) => {
      const attrs = `name="${xml(e.description)}" classname="${xml(`${run.scenario}.${run.policy}`)}" file="${xml(run.file)}" time="${time(caseTime)}"`;
      if (e.passed) return `    <testcase ${attrs}/>`;
      const message = `expected ${e.expected}, actual ${String(e.actual)}`;
      return `    <testcase ${attrs}>\n      <failure message="${xml(message)}">${xml(`${message}\nat ${e.location}`)}</failure>\n    </testcase>`;
    });
    return [
      `  <testsuite name="${xml(name)}" tests="${run.expectations.length}" failures="${failures}" errors="0" skipped="0" time="${time(runTime)}" file="${xml(run.file)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const errored = (report.errors ?? []).map((e) => {
    const lines = e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
    const first = lines[0] ?? 'the file could not be run';
    return [
      `  <testsuite name="${xml(e.file)}" tests="1" failures="0" errors="1" skipped="0" time="0" file="${xml(e.file)}">`,
      `    <testcase name="${xml(`load ${e.file}`)}" classname="licensim.files" file="${xml(e.file)}" time="0">`,
      `      <error message="${xml(first)}">${xml(lines.join('\n'))}</error>`,
      '    </testcase>',
      '  </testsuite>',
    ].join('\n');
  });
  const coverage = report.coverage === undefined ? null : coverageSuite(report.coverage);
  const errors = errored.length;
  const tests =
    report.scenarios.reduce((n, r) => n + r.expectations.length, 0) + errors + (coverage?.tests ?? 0);
  const failures =
    report.scenarios.reduce((n, r) => n + r.expectations.filter((e) => !e.passed).length, 0) +
    (coverage?.failures ?? 0);
  const total = time(seconds.reduce((a, b) => a + b, 0));
  const all = [...suites, ...errored, ...(coverage === null ? [] : [coverage.xml])];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="licensim" tests="${tests}" failures="${failures}" errors="${errors}" time="${total}">\n${all.join('\n')}\n</testsuites>\n`;
}

/**
 * `--coverage` as a test suite of its own: its figures as JUnit properties, and with `--threshold` one
 * case per section, failed when the section is below it.
 */
function coverageSuite(c: CoverageReport): { xml: string; tests: number; failures: number } {
  const sections = [
    ['ruleIds', 'rule IDs', c.ruleIds],
    ['transitions', 'lifecycle transitions', c.transitions],
    ['rules', 'json-rules-engine rules', c.rules],
  ] as const;
  const properties = sections.flatMap(([key, , s]) => [
    `      <property name="coverage.${key}.covered" value="${s.covered}"/>`,
    `      <property name="coverage.${key}.total" value="${s.total}"/>`,
    `      <property name="coverage.${key}.percent" value="${s.percent}"/>`,
  ]);
  if (c.threshold !== null)
    properties.push(`      <property name="coverage.threshold" value="${c.threshold}"/>`);
  const threshold = c.threshold;
  const cases =
    threshold === null
      ? []
      : sections.map(([key, words, s]) => {
          const attrs = `name="${xml(`${words} covered at least ${threshold}%`)}" classname="licensim.coverage" file="" time="0.000"`;
          if (!s.below) return { failed: false, xml: `    <testcase ${attrs}/>` };
          const message = `expected at least ${threshold}%, actual ${s.percent}% (${s.covered}/${s.total} ${key})`;
          return {
            failed: true,
            xml: `    <testcase ${attrs}>\n      <failure message="${xml(message)}">${xml(message)}</failure>\n    </testcase>`,
          };
        });
  const failures = cases.filter((x) => x.failed).length;
  return {
    tests: cases.length,
    failures,
    xml: [
      `  <testsuite name="coverage" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0.000">`,
      '    <properties>',
      ...properties,
      '    </properties>',
      ...cases.map((x) => x.xml),
      '  </testsuite>',
    ].join('\n'),
  };
}

/**
 * Escapes text for XML attributes and content, dropping ANSI escapes and characters XML 1.0 forbids.
 * Line breaks and tabs are written as character references, which an attribute keeps (a parser turns a
 * raw newline in an attribute into a space) and content reads the same.
 */
export function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point.
      .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
      .replace(/\t/g, '&#9;')
  );
}
