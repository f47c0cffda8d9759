// Node's own timers, not the globals: spindle/gevent's monkey patching replaces those.
import { clearInterval, setInterval } from "node:timers";
import type { Awaitable, Yieldable } from "../core/index.js";
import { describeValue, MAX_NODE_DELAY_MS, type NodeTimer } from "../core/internal.js";

/**
 * The awaitable form of a blocking call (`acquireAsync()`, `waitAsync()`): a Promise driven by
 * `Atomics.waitAsync`, wrapped so that a spindle task can `yield*` it and be cancelled.
 *
 * Cancellation: when the task waiting on it is cancelled, the wrapper marks the attempt
 * abandoned. The attempt then stops at its next wake-up without taking anything — and passes the
 * wake-up on, so no other waiter misses it — or, if it had already taken the permit, gives it
 * back. No lost wake-up, no leaked lock.
 * @internal
 */
export class Attempt {
  abandoned = false;
  /** Whether the attempt got what it waited for (then abandoning it must give that back). */
  won = false;
  /** Settles the attempt's promise (set by the primitive that queues it). */
  settle: (won: boolean) => void = () => {};
  timer: NodeTimer | null = null;
}

/** @internal */
export class AttemptAwaitable<T> implements Awaitable<T> {
  readonly #promise: Promise<T>;
  readonly #attempt: Attempt;
  readonly #giveBack: () => void;
  readonly #onAbandon: () => void;

  constructor(
    promise: Promise<T>,
    attempt: Attempt,
    giveBack: () => void,
    onAbandon: () => void = () => {},
  ) {
    this.#onAbandon = onAbandon;
    this.#promise = promise;
    this.#attempt = attempt;
    this.#giveBack = giveBack;
  }

  *[Symbol.iterator](): Generator<Yieldable, T, unknown> {
    try {
      return (yield this.#promise) as T;
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  /** Gives up the wait (what a cancelled task does); a permit already won is returned. */
  abandon(): void {
    const attempt = this.#attempt;
    if (attempt.abandoned) return;
    attempt.abandoned = true;
    this.#onAbandon();
    if (attempt.won) {
      attempt.won = false;
      this.#giveBack();
    }
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#promise.then(onFulfilled, onRejected);
  }
}

/** Milliseconds left until `deadline` (performance.now based), Infinity for none. @internal */
export function remaining(deadline: number): number {
  return deadline === Number.POSITIVE_INFINITY
    ? Number.POSITIVE_INFINITY
    : Math.max(0, deadline - performance.now());
}

/**
 * Turns Python's (blocking, timeout) pair into a deadline; timeout in seconds, -1 or undefined
 * for none. @internal
 */
export function deadlineOf(timeout: number | undefined, where: string): number {
  if (timeout === undefined || timeout === -1) return Number.POSITIVE_INFINITY;
  if (typeof timeout !== "number" || Number.isNaN(timeout) || timeout < 0) {
    throw new RangeError(
      `${where}: timeout must be a number of seconds >= 0 (or -1 for none), got ${String(timeout)}`,
    );
  }
  return performance.now() + timeout * 1000;
}

/**
 * Checks a blocking `acquire(blocking, timeout)`'s arguments before it tries anything, as Python
 * does (a free lock does not make a bad call good): a timeout with `blocking` false is a
 * RangeError (Python's ValueError). With `timeoutChecked` (Lock and RLock, whose Python
 * counterparts refuse a negative timeout other than -1 up front) the timeout is checked too.
 * @internal
 */
export function checkAcquire(
  where: string,
  blocking: boolean,
  timeout: number,
  timeoutChecked: boolean,
): void {
  if (timeout === -1) return;
  if (!blocking) {
    throw new RangeError(
      `${where}: can't specify a timeout for a non-blocking call (Python's rule); use acquire(false), or acquire(true, ${String(timeout)})`,
    );
  }
  if (timeoutChecked) deadlineOf(timeout, where);
}

/**
 * Waits (async) while `view[index] === value`, up to `deadline`; resolves "ok" | "not-equal" |
 * "timed-out". A pending `Atomics.waitAsync` does not keep Node's event loop alive, so a ref'd
 * interval does until the wait settles: an awaited acquire is pending work, as it is in Python.
 * @internal
 */
export function waitAsyncUntil(
  view: Int32Array,
  index: number,
  value: number,
  deadline: number,
): Promise<string> | string {
  const left = remaining(deadline);
  const r = waitAsync(view, index, value, left === Number.POSITIVE_INFINITY ? undefined : left);
  if (!r.async) return r.value;
  // The keep-alive lasts until the wait settles, however long (an interval has no end to
  // overflow): V8 delivers a waitAsync timeout as a platform task, which does not count as
  // pending work either, so a timer ending with the deadline could let Node exit first.
  const keepAlive = setInterval(() => {}, MAX_NODE_DELAY_MS);
  return (r.value as Promise<string>).finally(() => clearInterval(keepAlive));
}

/** `Atomics.waitAsync` (Node >= 16; typed here because the project's lib is ES2023). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      view: Int32Array,
      index: number,
      value: number,
      timeout?: number,
    ): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/** A primitive's options, checked: an object, or nothing (then `{}`). @internal */
export function checkOptions<T extends ThreadingOptions>(call: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${call}: options must be an object like { name: "jobs" } or omitted, got ${describeValue(options)}`,
    );
  }
  return options;
}

/** A name for a primitive: the one given, or `Kind#n`. @internal */
let counter = 0;
export function nameOf(kind: string, name: string | undefined): string {
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    throw new TypeError(`new ${kind}({ name }): name must be a non-empty string`);
  }
  return name ?? `${kind}#${++counter}`;
}

/**
 * Options every threading primitive takes.
 * @example
 * new Lock({ name: "counter" });
 */
export interface ThreadingOptions {
  /** A name for reports and statistics. */
  readonly name?: string;
}

/** A Promise as a spindle awaitable (waiting takes nothing, so no clean-up on cancel). @internal */
export class PromiseLikeAwaitable<T> implements Awaitable<T> {
  readonly #promise: Promise<T>;

  constructor(promise: Promise<T>) {
    this.#promise = promise;
  }

  *[Symbol.iterator](): Generator<Yieldable, T, unknown> {
    return (yield this.#promise) as T;
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#promise.then(onFulfilled, onRejected);
  }
}
