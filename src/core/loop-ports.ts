import type { Clock } from "./clock.js";
import { deadlockError } from "./deadlock.js";
import type { DeadlockError } from "./errors.js";
import type { Hooks } from "./instrument.js";
import type { LiveTasks } from "./live-tasks.js";
import type { DriverPorts } from "./node-driver.js";
import type { ReadyPass } from "./pass.js";
import type { Task } from "./task.js";

/**
 * A snapshot of a loop, for monitors: what it holds and how much it has run.
 * @example
 * const { tasks, ready, timers } = loop.statistics();
 */
export interface LoopStatistics {
  /** Unfinished tasks. */
  tasks: number;
  /** Task steps and callbacks ready to run at the next pass. */
  ready: number;
  /** Timers scheduled (callLater, callAt, sleeping tasks), not counting cancelled ones. */
  timers: number;
  /** Outside work the loop waits for: promises, sockets, worker jobs. */
  outside: number;
  /** Passes run so far (asyncio's iterations of `_run_once`). */
  passes: number;
  /** Task steps and callbacks run so far. */
  steps: number;
}

/**
 * What the Node driver asks a loop between passes, and the loop's count of outside work. Its own
 * class, so the driver's hot calls hit prototype methods shared by every loop (per-loop closures
 * were deoptimised after a GC), and loop.ts keeps to the public API.
 * @internal
 */
export class LoopPorts implements DriverPorts {
  readonly clock: Clock;
  readonly #pass: ReadyPass;
  readonly #live: LiveTasks<Task<unknown>>;
  readonly #hooks: Hooks;
  /** Outside work pending (promises, sockets, worker jobs): an idle loop waits for it. */
  outside = 0;
  /** `stop()` was called: the driver finishes after the current pass. */
  stopping = false;
  /** Passes run, and entries (task steps and callbacks) run by them: loop statistics. */
  passes = 0;
  entries = 0;
  #primitiveNumbers: Map<string, number> | null = null;

  constructor(clock: Clock, pass: ReadyPass, live: LiveTasks<Task<unknown>>, hooks: Hooks) {
    this.clock = clock;
    this.#pass = pass;
    this.#live = live;
    this.#hooks = hooks;
  }

  runPass(): number {
    const ran = this.#pass.run();
    this.passes++;
    this.entries += ran;
    return ran;
  }

  hasReady(): boolean {
    return this.#pass.hasWork();
  }

  nextDeadline(): number | null {
    return this.#pass.nextDeadline();
  }

  outsidePending(): boolean {
    return this.outside > 0;
  }

  isStopping(): boolean {
    return this.stopping;
  }

  deadlock(headline: string): DeadlockError {
    return deadlockError(this.#live, headline);
  }

  /** The loop's statistics, given what only the loop holds (ready entries, live timers). */
  statistics(ready: number, timers: number): LoopStatistics {
    return {
      tasks: this.#live.size,
      ready,
      timers,
      outside: this.outside,
      passes: this.passes,
      steps: this.entries,
    };
  }

  /** Unnamed primitives made while the loop runs are numbered per loop and kind. */
  nextPrimitiveNumber(kind: string): number {
    this.#primitiveNumbers ??= new Map();
    const n = (this.#primitiveNumbers.get(kind) ?? 0) + 1;
    this.#primitiveNumbers.set(kind, n);
    return n;
  }

  onIdle(seconds: number): void {
    if (this.#hooks.idle !== null) this.#hooks.call("idle", seconds);
  }
}
