import { performance } from "node:perf_hooks";
import type { Clock } from "./clock.js";
import type { ExceptionContext } from "./future.js";
import { Handle } from "./handle.js";
import type { Hooks } from "./instrument.js";
import { RUN, type Runnable } from "./runnable.js";
import type { Scheduler } from "./scheduler.js";
import { Task } from "./task.js";
import type { TimerHeap } from "./timer-heap.js";

/**
 * The loop's pass (asyncio's `_run_once`): the only place callbacks and task steps run.
 *
 * Invariant: a pass runs exactly the entries that were ready when it began (after moving due
 * timers in), so work scheduled during a pass waits for the next one; a callback that throws is
 * reported and the pass goes on.
 * @internal
 */
export class ReadyPass {
  readonly #clock: Clock;
  /** Timers due within this many seconds count as due (a real clock's resolution, as asyncio). */
  readonly #resolution: number;
  readonly #ready: Scheduler;
  readonly #timers: TimerHeap;
  readonly #hooks: Hooks;
  readonly #report: (context: ExceptionContext) => void;

  constructor(
    clock: Clock,
    resolution: number,
    ready: Scheduler,
    timers: TimerHeap,
    hooks: Hooks,
    report: (context: ExceptionContext) => void,
  ) {
    this.#clock = clock;
    this.#resolution = resolution;
    this.#ready = ready;
    this.#timers = timers;
    this.#hooks = hooks;
    this.#report = report;
  }

  /** One pass: due timers to the ready queue, then run what was ready. Returns how many ran. */
  run(): number {
    const timers = this.#timers;
    if (timers.size > 0) {
      const now = this.#clock.time() + this.#resolution;
      for (let t = timers.popDue(now); t !== null; t = timers.popDue(now)) this.#ready.push(t);
    }
    const ready = this.#ready;
    const n = ready.length;
    const hooks = this.#hooks;
    if (hooks.passStarted !== null) hooks.call("passStarted", n);
    const instrumented = hooks.timesSteps || hooks.beforeTaskStep !== null;
    for (let i = 0; i < n; i++) {
      const entry = ready.shift()!;
      if (instrumented) {
        this.#runInstrumented(entry);
        continue;
      }
      try {
        entry[RUN]();
      } catch (error) {
        this.#failed(entry, error);
      }
    }
    if (hooks.passEnded !== null) hooks.call("passEnded");
    return n;
  }

  /** Whether the next pass has work: ready entries or due timers. */
  hasWork(): boolean {
    if (this.#ready.length > 0) return true;
    const next = this.#timers.nextDeadline();
    return next !== null && next <= this.#clock.time() + this.#resolution;
  }

  /** The earliest live timer's deadline, or null (a timer at Infinity never fires). */
  nextDeadline(): number | null {
    const next = this.#timers.nextDeadline();
    return next === null || next === Number.POSITIVE_INFINITY ? null : next;
  }

  #runInstrumented(entry: Runnable): void {
    const hooks = this.#hooks;
    const isTask = entry instanceof Task;
    if (isTask && hooks.beforeTaskStep !== null) hooks.call("beforeTaskStep", entry);
    const start = hooks.timesSteps ? performance.now() : 0;
    try {
      entry[RUN]();
    } catch (error) {
      this.#failed(entry, error);
    }
    if (!hooks.timesSteps) return;
    const seconds = (performance.now() - start) / 1000;
    if (isTask) {
      if (hooks.afterTaskStep !== null) hooks.call("afterTaskStep", entry, seconds);
    } else if (entry instanceof Handle && hooks.callbackRun !== null) {
      hooks.call("callbackRun", entry, seconds);
    }
  }

  #failed(entry: Runnable, error: unknown): void {
    const handle = entry instanceof Handle ? entry : undefined;
    this.#report({
      message: `Exception in callback ${handle?.describe() ?? "<unknown>"}`,
      exception: error,
      ...(handle ? { handle } : {}),
    });
  }
}
