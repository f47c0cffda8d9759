import type { Clock } from "./clock.js";
import { deadlockError } from "./deadlock.js";
import type { DeadlockError } from "./errors.js";
import type { Hooks } from "./instrument.js";
import type { LiveTasks } from "./live-tasks.js";
import type { DriverPorts } from "./node-driver.js";
import type { ReadyPass } from "./pass.js";
import type { Task } from "./task.js";

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

  constructor(clock: Clock, pass: ReadyPass, live: LiveTasks<Task<unknown>>, hooks: Hooks) {
    this.clock = clock;
    this.#pass = pass;
    this.#live = live;
    this.#hooks = hooks;
  }

  runPass(): number {
    return this.#pass.run();
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

  onIdle(seconds: number): void {
    if (this.#hooks.idle !== null) this.#hooks.call("idle", seconds);
  }
}
