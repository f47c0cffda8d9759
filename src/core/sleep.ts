import { debugTracked } from "./debug-tracked.js";
import type { Awaitable } from "./future.js";
import type { TimerOwner } from "./handle.js";
import type { Loop } from "./loop.js";
import { getRunningLoop } from "./registry.js";
import { RUN } from "./runnable.js";
import type { TimerEntry } from "./timer-heap.js";
import { Parked, YieldOnce } from "./traps.js";
import { checkDelay } from "./validate.js";

/** What a sleep needs of its loop: to put its timer in the heap. @internal */
export interface SleepHost {
  /** Assigns the entry its sequence number and pushes it into the timer heap. */
  armTimer(entry: TimerEntry & { seq: number; describe(): string }): TimerOwner;
}

/**
 * A task's `sleep(delay)`: one object that is both its timer in the loop's heap and the trap the
 * task parks on — no future, no callback closure. When the timer is due the pass runs it, which
 * wakes the task with `result`; cancelling the task cancels the timer.
 */
class Sleep<T> extends Parked<T> implements TimerEntry {
  readonly #delay: number;
  readonly #when: number;
  readonly #result: T;
  seq = 0;
  /** The heap while the timer is in it, to count a cancellation against; null once out. */
  #heap: TimerOwner | null;

  constructor(host: SleepHost, now: number, delay: number, result: T) {
    super();
    this.#delay = delay;
    this.#when = now + delay;
    this.#result = result;
    this.#heap = host.armTimer(this);
  }

  describe(): string {
    return `sleep(${this.#delay})`;
  }

  when(): number {
    return this.#when;
  }

  cancelled(): boolean {
    return !this.waiting;
  }

  detach(): void {
    this.#heap = null;
  }

  /** @internal Due: wake the sleeper. */
  [RUN](): void {
    if (this.waiting) this.wake(this.#result);
  }

  protected leave(): void {
    this.#heap?.timerCancelled();
    this.#heap = null;
  }
}

/**
 * Suspends the current task for `delay` seconds (float; `sleep(0)`, or a negative delay, just
 * lets others run once) and evaluates to `result`. Cancelling the task cancels the sleep and its
 * timer. The wait's label, in reports, is `sleep(<delay>)`.
 * @example
 * yield* sleep(0.5);
 * const v = yield* sleep(1, "done"); // "done"
 * await sleep(1); // from an async function
 */
export function sleep(delay: number): Awaitable<undefined>;
export function sleep<T>(delay: number, result: T): Awaitable<T>;
export function sleep<T>(delay: number, result?: T): Awaitable<T | undefined> {
  checkDelay("sleep", delay);
  const loop = getRunningLoop(); // even sleep(0) needs one: the error belongs at the call
  if (loop.debugMode.on) {
    loop.debugMode.checkDelay(`sleep(${delay})`, delay);
    return debugTracked(made(loop, delay, result), () => `sleep(${delay})`);
  }
  return made(loop, delay, result);
}

function made<T>(loop: Loop, delay: number, result: T): Awaitable<T> {
  if (delay <= 0) return new YieldOnce(result, loop); // asyncio: sleep(-1) is sleep(0)
  return new Sleep(loop, loop.time(), delay, result);
}
