import { RuleSet } from '../../src/rules/rule-set.js';
import { type EventKind, Priority } from '../../src/sim/kernel.js';
import type { CapacityModel, LicensingModel, ModelHost } from '../../src/sim/licensing-model.js';

/** One step of a capacity schedule: from `afterMs` into the run, the pool may use `sessions`. */
export interface ScheduleStep {
  readonly afterMs: number;
  readonly sessions: number;
}

/**
 * A licensing model written outside src/ to show the seams: capacity that follows a schedule, capped
 * by a contract ceiling through a rule set of its own. It implements the capacity interface, registers
 * its own event kind on the kernel and declares its rule set; nothing in the kernel knows of it.
 */
export function scheduleModel(steps: readonly ScheduleStep[], ceiling: number): LicensingModel {
  return {
    name: 'schedule',
    serves: () => true,
    create: (host) => new ScheduleCapacity(host, steps, ceiling),
  };
}

class ScheduleCapacity implements CapacityModel {
  private current = 0;
  private readonly step: EventKind;
  /** The model's rule set: a step above the ceiling is capped to it. */
  readonly rules: RuleSet;
  private readonly facts;

  constructor(
    private readonly host: ModelHost,
    private readonly steps: readonly ScheduleStep[],
    ceiling: number,
  ) {
    this.rules = new RuleSet({
      name: 'schedule-ceiling',
      facts: ['requested'],
      constants: { ceiling },
      rules: [
        {
          name: 'above-ceiling',
          priority: 1,
          conditions: { all: [{ fact: 'requested', operator: 'greaterThan', value: { fact: 'ceiling' } }] },
          event: { type: 'cap', params: { ruleIds: 'T1', message: 'capped to the contract ceiling' } },
        },
      ],
      fallback: { type: 'grant', message: 'as scheduled' },
    });
    this.facts = this.rules.vector();
    this.step = host.kernel.register({ step: (i) => this.apply(i) }, Priority.licensing).step;
  }

  start(): undefined {
    const { startMs, endMs } = this.host.run.scenario;
    this.steps.forEach((s, i) => {
      if (s.afterMs === 0) this.current = s.sessions;
      else if (startMs + s.afterMs <= endMs) this.host.kernel.schedule(startMs + s.afterMs, this.step, i, 0);
    });
    return undefined;
  }

  private async apply(index: number): Promise<void> {
    const requested = this.steps[index]!.sessions;
    this.facts.values[0] = requested;
    const outcome = await this.rules.decide(this.facts);
    const ceiling = this.rules.spec.constants!.ceiling!;
    this.current = outcome.type === 'cap' ? ceiling : requested;
    await this.host.capacityChanged(0, `schedule step ${index}: ${outcome.message}`);
  }

  sessions(): number {
    return this.current;
  }

  engineRuns(): number {
    return this.rules.engineRuns;
  }

  licensed(): boolean {
    return this.current > 0;
  }

  lastEnd(): number {
    return Number.POSITIVE_INFINITY;
  }

  timeline(): undefined {
    return undefined;
  }
}
