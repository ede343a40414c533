/**
 * P4: the time-weighted average of a server's available count of a feature over a trailing window (the
 * guide's 24 hours). The count is a step function: each `note` says what it is from `now` on. Before the
 * first note nothing is known, so the window starts there at the earliest (a run's first day averages what
 * it has seen).
 */
export class AvailableAverage {
  private readonly at: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** The available count is `value` from `now` on. */
  note(now: number, value: number): void {
    const last = this.value.length - 1;
    if (last >= 0 && this.value[last] === value) return;
    if (last >= 0 && this.at[last] === now) {
      this.value[last] = value;
      return;
    }
    this.at.push(now);
    this.value.push(value);
    // Keep one point at or before the window's start: it says what the count was there.
    let drop = 0;
    while (drop + 1 < this.at.length && this.at[drop + 1]! <= now - this.windowMs) drop++;
    if (drop > 0) {
      this.at.splice(0, drop);
      this.value.splice(0, drop);
    }
  }

  /** The average over [now − window, now], from the first note at the earliest; 0 before any. */
  average(now: number): number {
    const n = this.at.length;
    if (n === 0) return 0;
    const from = Math.max(this.at[0]!, now - this.windowMs);
    if (now <= from) return this.value[n - 1]!;
    let area = 0;
    for (let i = 0; i < n; i++) {
      const start = Math.max(this.at[i]!, from);
      const end = i + 1 < n ? Math.min(this.at[i + 1]!, now) : now;
      if (end > start) area += this.value[i]! * (end - start);
    }
    return area / (now - from);
  }
}
