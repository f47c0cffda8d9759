import {
  type Awaitable,
  type Coroutine,
  getEventLoop,
  getRunningLoop,
  type Loop,
  TimeoutError,
  timeout,
  type Yieldable,
} from "../asyncio/index.js";

/**
 * The hub: the kernel loop gevent code runs on. Inside a running loop it is that loop; from
 * ordinary code it is gevent's implicit hub, which spindle takes to be asyncio's
 * `getEventLoop()` (the loop set with `setEventLoop`, else a new real-time one). Greenlets spawned
 * from ordinary code wait on it until something runs it: a top-level `joinall`, `join`, `get`,
 * `kill`, `wait` or `sleep`.
 * @example
 * setEventLoop(newEventLoop({ clock: new VirtualClock() })); // the implicit hub, in virtual time
 * const hub = getHub();
 */
export function getHub(): Loop {
  try {
    return getRunningLoop();
  } catch {
    return getEventLoop();
  }
}

/** The running loop, or null outside one. */
export function runningHub(): Loop | null {
  try {
    return getRunningLoop();
  } catch {
    return null;
  }
}

/**
 * An awaitable over a coroutine factory: `yield*` runs the coroutine inline in the calling
 * greenlet; `await` runs it as a task of the running loop, or — from ordinary code, outside any
 * loop — runs the hub until it is done (gevent's implicit hub). If everything blocks, the hub
 * rejects with the kernel's DeadlockError (gevent's LoopExit) and its report.
 */
class HubCall<T> implements Awaitable<T> {
  readonly #make: () => Coroutine<T>;

  constructor(make: () => Coroutine<T>) {
    this.#make = make;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this.#make();
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    let promise: Promise<T>;
    try {
      const running = runningHub();
      promise =
        running !== null
          ? Promise.resolve(running.createTask(this.#make()))
          : getHub().runUntilComplete(this.#make());
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(onFulfilled, onRejected);
  }
}

/**
 * Wraps a coroutine factory as an awaitable usable both inside greenlets and from ordinary code.
 * @internal
 * @example
 * return hubCall(function* () { yield* sleep(1); return 42; });
 */
export function hubCall<T>(make: () => Coroutine<T>): Awaitable<T> {
  return new HubCall(make);
}

/**
 * Waits for `aw` at most `seconds` (null or undefined: no limit); on expiry returns `onTimeout()`
 * (which may throw) instead.
 * @internal
 * @example
 * const ok = yield* withDeadline(1, event.wait(), () => false);
 */
export function* withDeadline<T, U>(
  seconds: number | null | undefined,
  aw: Awaitable<T>,
  onTimeout: () => U,
): Coroutine<T | U> {
  if (seconds === null || seconds === undefined) return yield* aw;
  try {
    return yield* timeout(seconds, function* () {
      return yield* aw;
    });
  } catch (error) {
    if (error instanceof TimeoutError) return onTimeout();
    throw error;
  }
}
