import type { Coroutine, Task } from "../asyncio/index.js";

/**
 * What the current greenlet can be asked to do by code that must not import the Greenlet class
 * (Timeout: the two would import each other).
 * @internal
 */
export interface CurrentGreenlet {
  readonly name: string;
  /** Throws `error` in at the greenlet's current wait. */
  throwIn(error: unknown): void;
  /** Takes back a throw-in of `error` not delivered yet; false if there is none. */
  withdrawThrowIn(error: unknown): boolean;
}

/**
 * Where a greenlet's coroutine (the relay generator its task drives) points back to it. A property
 * on the generator object rather than a WeakMap: every relay generator gets it at creation, so
 * they all share one shape, and a spawn pays one store instead of an ephemeron-table insert (a
 * WeakMap took a fifth of spawn + joinall's time and made the GC's work much heavier).
 */
const GREENLET: unique symbol = Symbol("spindle.gevent.greenlet");

type Marked = Coroutine<unknown> & { [GREENLET]?: CurrentGreenlet };

/**
 * Records that `greenlet` drives `coro` (its task's coroutine).
 * @internal
 * @example
 * registerGreenlet(coro, this);
 */
export function registerGreenlet(coro: Coroutine<unknown>, greenlet: CurrentGreenlet): void {
  (coro as Marked)[GREENLET] = greenlet;
}

/**
 * The greenlet driving `task`, or null.
 * @internal
 * @example
 * const g = greenletOf(currentTask());
 */
export function greenletOf(task: Task<unknown> | null): CurrentGreenlet | null {
  if (task === null) return null;
  const coro = task.getCoro() as Marked | null;
  return coro?.[GREENLET] ?? null;
}
