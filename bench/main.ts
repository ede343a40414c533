// npm run bench [-- --json] [-- --arrivals N --days N --repeats N --startup-runs N]
//
// Compares the full simulator with a bare event loop written for each load (same arrivals, same draws,
// same admissions; no rules, trace or lifecycle), in paired alternating runs, on four loads: two M/M/c/c
// points checked against Erlang B, and the bundled 4-site enterprise and hybrid policies under the load
// of the bundled comparison scenario. Also reports how often the rules engine itself runs, the peak RSS
// of a 12-month run beside a 1-month run, and the CLI's start-up. It reports targets; it does not gate.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAgainstClosureLoop } from './closure-check.js';
import { writeLoads } from './loads.js';
import { parseOptions, USAGE, UsageError } from './options.js';
import { erlangCheck, type LoadFigures, measureLoad } from './paired-runs.js';
import { measurePeakRss, RSS_CHILD_FLAG, rssChild } from './peak-rss.js';
import type { BenchResult } from './result.js';
import { measureStartup } from './start-up.js';
import { textReport } from './text-report.js';

async function main(args: readonly string[]): Promise<void> {
  const childAt = args.indexOf(RSS_CHILD_FLAG);
  if (childAt >= 0) return rssChild(args[childAt + 1]);
  const options = parseOptions(args);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const progress = (line: string) => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };
  const dir = mkdtempSync(join(tmpdir(), 'licensim-bench-'));
  try {
    const loads = writeLoads(dir, options);
    const figures: LoadFigures[] = [];
    for (const load of loads) {
      progress(`measuring ${load.name} (${options.repeats} pairs)…`);
      figures.push(await measureLoad(load, options.repeats));
    }
    progress('measuring the bare loop against the closure loop…');
    const mmcc = loads.filter((l) => l.erlang !== null);
    const closureCheck = [];
    for (const load of mmcc) closureCheck.push(await checkAgainstClosureLoop(load, options.repeats));
    progress('measuring peak RSS over 30 and 365 days (one child process each)…');
    const rss = measurePeakRss();
    progress(`measuring start-up (${options.startupRuns} spawns per command)…`);
    const startup = measureStartup(options.startupRuns);
    const worst = figures.reduce((a, b) => (b.ratio.median < a.ratio.median ? b : a));
    const result: BenchResult = {
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      repeats: options.repeats,
      ratio: worst.ratio.median,
      worstLoad: worst.name,
      simulatorEventsPerSec: Math.round(worst.simulatorEventsPerSec),
      bareEventsPerSec: Math.round(worst.bareEventsPerSec),
      loads: figures,
      erlang: loads.flatMap((load, i) => erlangCheck(load, figures[i]!) ?? []),
      closureCheck,
      rss,
      startup,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : textReport(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 3;
}
