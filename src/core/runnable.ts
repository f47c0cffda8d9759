/**
 * What the ready queue holds: a callback handle or a task, each runnable in one call.
 * The loop calls `entry[RUN]()`; queueing the task itself (not a closure per step) is what keeps a
 * task switch allocation-free (STYLE.md item 1).
 * @internal
 */
export const RUN: unique symbol = Symbol("spindle.run");

/** @internal */
export interface Runnable {
  [RUN](): void;
}
