import { formatDiagnostics, InputError, simulateScenario } from 'licensim';

// Replays a scenario against each of its policies, as `licensim simulate` does, and reads the reports.
const file = process.argv[2] ?? 'examples/ha-failover.yaml';
try {
  for (const run of await simulateScenario(file)) {
    const denied = run.pools.reduce((sum, pool) => sum + pool.denied, 0);
    const held = run.expectations.filter((e) => e.passed).length;
    console.log(`${run.policy}: ${denied} denied, ${held}/${run.expectations.length} expectations held`);
    if (!run.passed) process.exitCode = 1;
  }
} catch (error) {
  // Bad input (a YAML error, an unknown reference) comes with every problem located as file:line:col.
  if (!(error instanceof InputError)) throw error;
  for (const line of formatDiagnostics(error.diagnostics)) console.error(line);
  process.exitCode = 2;
}
