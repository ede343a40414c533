import { printableDeep } from '../config/printable.js';
import type { CapacitySearchReport } from '../run/capacity-search.js';
import { percent, rateInterval, targetMetricWords } from './rates.js';
import { table } from './table.js';

/** `size --scenario --target` for people: the target, then per policy each pool's answer and its evidence. */
export function renderCapacitySearch(given: readonly CapacitySearchReport[]): string {
  const searches = printableDeep(given).map((r) => r.search);
  const first = searches[0]!;
  const words = targetMetricWords[first.target.metric];
  const warmUp = first.warmUpHours > 0 ? `, the first ${first.warmUpHours} h of each left out (warm-up)` : '';
  const growth =
    first.growth === undefined
      ? []
      : [
          `  headroom: whole months the load can grow by ${percent(first.growth.monthly)} a month with the licensed count still meeting the target (followed ${first.growth.months} months, up to 4× today's load)`,
        ];
  const lines = [
    `Capacity search: scenario ${first.scenario} (${first.file})`,
    `  target: ${words} at most ${percent(first.target.atMost)} in each pool, met when the upper end of its 95% confidence interval is`,
    `  ${first.replications} replications per capacity tried, the same seeds for every capacity${warmUp}`,
    ...growth,
  ];
  for (const s of searches) {
    lines.push(
      '',
      `Policy ${s.policy}: ${s.evaluations} capacities tried`,
      indent(
        table(
          [
            'pool',
            'licensed',
            'needed',
            `${words} there (95% CI)`,
            'one fewer',
            'tier',
            'offered',
            'Erlang B',
            ...(s.growth === undefined ? [] : ['headroom']),
          ],
          s.pools.map((p) => [
            p.id,
            String(p.licensed),
            p.needed === null ? 'none fits' : String(p.needed),
            p.atNeeded === null ? '' : rateInterval(p.atNeeded),
            p.belowNeeded === null ? '' : rateInterval(p.belowNeeded),
            p.tier === null ? (p.needed === null ? '' : 'above every tier step') : tierName(p.tier),
            `${p.offeredLoad.toFixed(1)} E`,
            p.erlangB === null ? '' : String(p.erlangB),
            ...(s.growth === undefined ? [] : [headroom(p.headroomMonths ?? null, s.growth.months)]),
          ]),
          'lrrlllrrr',
        ),
      ),
    );
    for (const p of s.pools) {
      if (p.largestTried !== null) {
        const { sessions, metric } = p.largestTried;
        lines.push(
          `  ${p.id}: no count meets the target: at ${sessions} sessions the ${words} is still ${rateInterval(metric)};`,
          "    what refuses sessions there is not the pool's count (a per-user limit, a lifecycle state, an outage)",
        );
      }
      if (p.needed === null) continue;
      const delta = p.licensed - p.needed;
      if (delta > 0) lines.push(`  ${p.id}: licensed ${delta} sessions more than the target needs`);
      else if (delta < 0) lines.push(`  ${p.id}: ${-delta} sessions short of the target`);
    }
  }
  lines.push(
    '',
    'offered: erlangs at the busiest hour (arrivals per hour × mean holding time), which is also the W4',
    "formula's users × concurrency with no peak factor or margin. Erlang B: the fewest sessions refusing at",
    "most the target's share of that load, steady, with no profile over the day, outage or per-user limit;",
    'the search simulates the scenario with all of them.',
  );
  return `${lines.join('\n')}\n`;
}

/** Months the licensed count holds at the growth rate. */
function headroom(months: number | null, followed: number): string {
  if (months === null) return `over ${followed} months`;
  if (months < 0) return 'none: fails now';
  return `${months} ${months === 1 ? 'month' : 'months'}`;
}

function tierName(t: { sessions: number; name: string | null }): string {
  return t.name === null ? String(t.sessions) : `${t.name} (${t.sessions})`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
