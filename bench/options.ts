/** Command-line options of `npm run bench -- …`. */
export interface BenchOptions {
  readonly help: boolean;
  readonly json: boolean;
  /** Arrivals per M/M/c/c load (about). */
  readonly arrivals: number;
  /** Horizon of the enterprise and hybrid loads, days. */
  readonly days: number;
  /** Horizon of the license-server fleet load, days. */
  readonly fleetDays: number;
  /** Paired runs per load. */
  readonly repeats: number;
  /** Spawns per start-up command. */
  readonly startupRuns: number;
}

export const USAGE = `usage: npm run bench -- [--help] [--json] [--arrivals N] [--days N] [--fleet-days N] [--repeats N] [--startup-runs N]
  --json            print every figure as one JSON object instead of tables
  --arrivals N      arrivals per M/M/c/c load (default 1000000)
  --days N          horizon of the enterprise and hybrid loads in days (default 90)
  --fleet-days N    horizon of the license-server fleet load in days (default 30)
  --repeats N       paired bare/simulator runs per load (default 5)
  --startup-runs N  spawns of each start-up command (default 11)`;

const numeric = {
  '--arrivals': 'arrivals',
  '--days': 'days',
  '--fleet-days': 'fleetDays',
  '--repeats': 'repeats',
  '--startup-runs': 'startupRuns',
} as const;

/** A mistake on the command line; the message ends with the usage. */
export class UsageError extends Error {}

/** Parses the arguments; throws a UsageError on anything it does not know. */
export function parseOptions(args: readonly string[]): BenchOptions {
  const options = {
    help: false,
    json: false,
    arrivals: 1_000_000,
    days: 90,
    fleetDays: 30,
    repeats: 5,
    startupRuns: 11,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      options.help = true;
    } else if (arg === '--json') {
      options.json = true;
    } else if (Object.hasOwn(numeric, arg)) {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 1) {
        throw new UsageError(`${arg} needs a whole number of at least 1, got ${args[i]}\n${USAGE}`);
      }
      options[numeric[arg as keyof typeof numeric]] = value;
    } else {
      throw new UsageError(`unknown option '${arg}'\n${USAGE}`);
    }
  }
  return options;
}
