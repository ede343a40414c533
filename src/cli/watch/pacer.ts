/** Real time between two slices of the replay: ten redraws a second. */
export const TICK_MS = 100;

/** The replay was quit before its end (`q`): not an error, the watch just ends. */
export class WatchQuit extends Error {
  override readonly name = 'WatchQuit';
}

/** What a live view shows of the pacing, beside the run itself. */
export interface PaceStatus {
  readonly paused: boolean;
  /** Virtual milliseconds replayed per real second. */
  readonly speed: number;
  readonly finished: boolean;
}

/** The most real time one slice makes up for: a stalled machine does not make the clock leap. */
const MAX_CATCH_UP_MS = 1000;

/**
 * Paces a replay on a real timer, slice by slice: every `TICK_MS` or so of real time, the simulation
 * replays `speed ×` the real time gone since the last slice, so that a busy machine slows the redraws,
 * not the pace. Paused, it waits until resumed, or replays one `TICK_MS` slice per `step`. The timer
 * (`wait`) and the clock (`now`) are given, so that tests pace without real ones.
 */
export class Pacer {
  paused = false;
  finished = false;
  private wake: (() => void) | null = null;
  private stepping = 0;
  private quitting = false;
  private last: number;

  constructor(
    /** Virtual milliseconds per real second. */
    public speed: number,
    private readonly wait: (ms: number) => Promise<void>,
    private readonly now: () => number,
    /** Told after each slice and each change of pace, to redraw. */
    private readonly changed: () => void = () => {},
  ) {
    this.last = now();
  }

  get status(): PaceStatus {
    return { paused: this.paused, speed: this.speed, finished: this.finished };
  }

  /** For SimulationOptions.pace: waits a tick (or while paused), then says how far to replay. */
  readonly pace = async (reached: number): Promise<number> => {
    this.changed();
    await this.wait(TICK_MS);
    let real = this.now() - this.last;
    while (this.paused && this.stepping === 0 && !this.quitting) {
      await new Promise<void>((resume) => {
        this.wake = resume;
      });
      real = TICK_MS;
    }
    if (this.quitting) throw new WatchQuit('quit');
    if (this.stepping > 0) {
      this.stepping--;
      real = TICK_MS;
    }
    this.last = this.now();
    return reached + (this.speed * Math.min(MAX_CATCH_UP_MS, Math.max(0, real))) / 1000;
  };

  togglePause(): void {
    this.paused = !this.paused;
    this.resume();
  }

  /** Paused: replays one slice. Running: nothing (the replay is moving anyway). */
  step(): void {
    if (!this.paused) return;
    this.stepping++;
    this.resume();
  }

  faster(): void {
    this.speed *= 2;
    this.changed();
  }

  /** Halves the pace, down to one virtual second per real second. */
  slower(): void {
    this.speed = Math.max(1000, this.speed / 2);
    this.changed();
  }

  quit(): void {
    this.quitting = true;
    this.resume();
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
    this.changed();
  }
}
