import type { Report } from '../config/schema/report.js';

/**
 * JUnit XML for CI (GitLab, Jenkins): one test suite per scenario run, one test case per expectation.
 * The exit code, not the XML, fails the job.
 */
export function renderJunit(report: Report): string {
  const suites = report.scenarios.map((run) => {
    const failures = run.expectations.filter((e) => !e.passed).length;
    const name = `${run.scenario} × ${run.policy}`;
    const cases = run.expectations.map((e) => {
      const attrs = `name="${xml(e.description)}" classname="${xml(`${run.scenario}.${run.policy}`)}" file="${xml(run.file)}" time="0"`;
      if (e.passed) return `    <testcase ${attrs}/>`;
      const message = `expected ${e.expected}, actual ${String(e.actual)}`;
      return `    <testcase ${attrs}>\n      <failure message="${xml(message)}">${xml(`${message}\nat ${e.location}`)}</failure>\n    </testcase>`;
    });
    return [
      `  <testsuite name="${xml(name)}" tests="${run.expectations.length}" failures="${failures}" errors="0" skipped="0" time="0" file="${xml(run.file)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = report.scenarios.reduce((n, r) => n + r.expectations.length, 0);
  const failures = report.scenarios.reduce((n, r) => n + r.expectations.filter((e) => !e.passed).length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="licensim" tests="${tests}" failures="${failures}" errors="0" time="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Escapes text for XML attributes and content, dropping ANSI escapes and characters XML 1.0 forbids. */
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
  );
}
