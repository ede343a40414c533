import { LiveState } from '../../../analysis/live-state.js';
import { printable } from '../../../config/printable.js';
import type { Run } from '../../../model/bind.js';
import { executeRun } from '../../../run/execute.js';
import type { PreparedScenario } from '../../../run/prepare.js';
import { prepareScenario } from '../../../run/simulate.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { printWarnings } from '../../output.js';
import { Pacer, WatchQuit } from '../../watch/pacer.js';
import { PLAIN_SLICES, plainLine } from '../../watch/plain.js';
import type { WatchOptions } from './register.js';

/** Real seconds a whole run lasts at the default pace. */
const DEFAULT_SECONDS = 60;

/**
 * Replays the scenario against one of its policies, live: on a terminal, the ink view paced by a real
 * timer with its keys; on a pipe, a file or `TERM=dumb`, plain progress lines at full speed. Exit code 0
 * whether the run finished or was quit; expectations are `simulate`'s and `test`'s business.
 */
export async function watch(file: string, options: WatchOptions, io: CliIo): Promise<ExitCode> {
  const prepared = await prepareScenario(file, { seed: options.seed });
  if (prepared.warnings.length > 0) printWarnings(prepared.warnings, io);
  const run = chosenRun(prepared, options.policy);
  if (!io.stdout.isTTY || io.env.TERM === 'dumb') return plainWatch(run, io);
  const span = run.scenario.endMs - run.scenario.startMs;
  const speed = options.speed !== undefined ? options.speed * 1000 : Math.max(1000, span / DEFAULT_SECONDS);
  return liveWatch(run, speed, io);
}

/** The run of the policy named by `--policy`, else the scenario's first. */
function chosenRun(prepared: PreparedScenario, policy: string | undefined): Run {
  if (policy === undefined) return prepared.runs[0]!;
  const run = prepared.runs.find((r) => r.policy.name === policy);
  if (run === undefined) {
    const names = prepared.runs.map((r) => printable(r.policy.name)).join(', ');
    throw new UsageError(`--policy: the scenario runs no policy '${printable(policy)}'; it runs ${names}`);
  }
  return run;
}

/** Progress lines on standard output, one per twentieth of the run and one at its end, unpaced. */
async function plainWatch(run: Run, io: CliIo): Promise<ExitCode> {
  const live = new LiveState(run);
  const { startMs, endMs } = run.scenario;
  const slice = Math.max(1, (endMs - startMs) / PLAIN_SLICES);
  await executeRun(run, {
    sinks: () => [live],
    pace: async (reached) => {
      io.stdout.write(`${plainLine(live.snapshot(reached))}\n`);
      return reached + slice;
    },
  });
  io.stdout.write(`${plainLine(live.snapshot(endMs))}\n`);
  return ExitCode.ok;
}

/**
 * The ink view on the process's terminal. chalk, which ink brings, ignores NO_COLOR: it is mapped to
 * FORCE_COLOR=0 before ink is loaded, which is why the view is imported here and not at the top.
 */
async function liveWatch(run: Run, speed: number, io: CliIo): Promise<ExitCode> {
  if (io.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const [{ render }, { watchApp }] = await Promise.all([inkOnTerminal(), import('../../watch/view.js')]);
  const live = new LiveState(run);
  let reached = run.scenario.startMs;
  let app: ReturnType<typeof render> | undefined;
  const view = () => watchApp({ snapshot: live.snapshot(reached), status: pacer.status, controls: pacer });
  // The only real timer of a replay: the pace of the view, never the simulation's own time.
  const pacer = new Pacer(
    speed,
    (ms) => new Promise((resume) => setTimeout(resume, ms)),
    io.now,
    () => app?.rerender(view()),
  );
  app = render(view(), { exitOnCtrlC: false, patchConsole: false });
  try {
    await executeRun(run, {
      sinks: () => [live],
      pace: (at) => {
        reached = at;
        return pacer.pace(at);
      },
    });
    reached = run.scenario.endMs;
    pacer.finished = true;
    app.rerender(view());
  } catch (error) {
    if (!(error instanceof WatchQuit)) {
      app.unmount();
      throw error;
    }
  }
  await app.waitUntilExit();
  return ExitCode.ok;
}

/**
 * ink, loaded as for a terminal. Where CI or CONTINUOUS_INTEGRATION is set, ink draws nothing until it
 * exits, then only the last frame, and its exit can leave the process waiting on nothing (exit code 13).
 * A terminal is a terminal in a CI job too, so ink reads neither while it loads: it reads them once, then.
 */
async function inkOnTerminal(): Promise<typeof import('ink')> {
  const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].map((name) => [name, process.env[name]] as const);
  for (const [name] of hidden) delete process.env[name];
  try {
    return await import('ink');
  } finally {
    for (const [name, value] of hidden) if (value !== undefined) process.env[name] = value;
  }
}
