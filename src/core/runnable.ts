/**
 * What the ready queue holds: a callback handle or a task, each runnable in one call.
 * The loop calls `entry[RUN]()`; queueing the task itself (not a closure per step) is what keeps a
 * task switch allocation-free (STYLE.md item 1).
 */
export const RUN: unique symbol = Symbol("spindle.run");

/**
 * A ready-queue entry: a task or a callback handle. A custom {@link Scheduler} only moves entries
 * around; the loop runs them.
 * @example
 * class Lifo implements Scheduler { #s: Runnable[] = []; push(e: Runnable) { this.#s.push(e); } ... }
 */
export interface Runnable {
  [RUN](): void;
}
