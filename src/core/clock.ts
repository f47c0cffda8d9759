import { performance } from "node:perf_hooks";

/**
 * Where the loop reads the time, and how it sleeps when idle: one of the kernel's two seams.
 * Times are seconds (float), as in Python.
 * @example
 * // A clock that runs at ten times real speed:
 * class FastClock implements Clock {
 *   #real = new RealClock();
 *   time() { return this.#real.time() * 10; }
 *   sleepTime(deadline: number) { return Math.max(0, (deadline - this.time()) / 10); }
 *   slept() {}
 * }
 */
export interface Clock {
  /** The current loop time, in seconds. */
  time(): number;
  /**
   * The loop has nothing ready and its next timer is due at `deadline`. Returns how many *real*
   * seconds to wait for outside events (I/O, workers, promises) before calling {@link slept}.
   * `outsidePending` says whether any such event could come at all.
   */
  sleepTime(deadline: number, outsidePending: boolean): number;
  /** The idle wait for `deadline` ended with nothing else happening. */
  slept(deadline: number): void;
}

/**
 * Monotonic real time from `performance.now()`, in seconds.
 * @example
 * await run(main, { clock: new RealClock() }); // the default
 */
export class RealClock implements Clock {
  time(): number {
    return performance.now() / 1000;
  }

  sleepTime(deadline: number): number {
    return Math.max(0, deadline - this.time());
  }

  slept(): void {}
}

/**
 * Options of a {@link VirtualClock}.
 * @example
 * new VirtualClock({ start: 100, autojumpThreshold: 0.005 });
 */
export interface VirtualClockOptions {
  /** Where time starts, in seconds (default 0). */
  start?: number;
  /**
   * Real seconds to wait for outside events (sockets, workers, foreign promises) before jumping
   * to the next deadline while such events are pending (default 0.001). With nothing outside
   * pending the clock jumps at once.
   */
  autojumpThreshold?: number;
}

/**
 * Virtual time for tests: time stands still while tasks run and jumps straight to the next
 * deadline when every task is blocked (Trio's MockClock with autojump), so `sleep(3600)` takes
 * microseconds and timing-dependent code runs the same every time.
 * @example
 * const clock = new VirtualClock();
 * await run(function* () { yield* sleep(3600); }, { clock });
 * clock.time(); // 3600
 */
export class VirtualClock implements Clock {
  #now: number;
  readonly #autojumpThreshold: number;

  constructor(options: VirtualClockOptions = {}) {
    const { start = 0, autojumpThreshold = 0.001 } = options;
    if (!Number.isFinite(start)) {
      throw new RangeError(`VirtualClock start must be a finite number of seconds; got ${start}`);
    }
    if (!(autojumpThreshold >= 0) || !Number.isFinite(autojumpThreshold)) {
      throw new RangeError(
        `VirtualClock autojumpThreshold must be a finite number of seconds >= 0; got ${autojumpThreshold}`,
      );
    }
    this.#now = start;
    this.#autojumpThreshold = autojumpThreshold;
  }

  time(): number {
    return this.#now;
  }

  sleepTime(_deadline: number, outsidePending: boolean): number {
    return outsidePending ? this.#autojumpThreshold : 0;
  }

  slept(deadline: number): void {
    if (deadline > this.#now) this.#now = deadline;
  }

  /**
   * Moves time forward by `seconds`; timers now due run at the loop's next pass.
   * @example
   * clock.advance(0.5);
   */
  advance(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) {
      throw new RangeError(
        `VirtualClock.advance() needs a finite number of seconds >= 0; got ${seconds}`,
      );
    }
    this.#now += seconds;
  }
}
