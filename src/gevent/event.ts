import { Event as AsyncioEvent, type Awaitable, type PrimitiveOptions } from "../asyncio/index.js";
import { hubCall, withDeadline } from "./hub.js";
import { Timeout } from "./timeout.js";

/**
 * gevent's event.Event: spindle's asyncio Event whose `wait(timeout)` evaluates to the flag
 * (false when the timeout passed first) instead of throwing.
 * @example
 * const ready = new Event();
 * spawn(function* () { yield* sleep(1); ready.set(); });
 * const ok = yield* ready.wait(5); // true after one second
 */
export class Event extends AsyncioEvent {
  constructor(options?: PrimitiveOptions) {
    super(options);
  }

  /** Waits until set, at most `timeout` seconds; evaluates to whether it is set. */
  override wait(timeout?: number | null): Awaitable<true> & Awaitable<boolean> {
    if (timeout === undefined || timeout === null) return super.wait();
    const waitSet = () => super.wait();
    return hubCall(() => withDeadline(timeout, waitSet(), () => false)) as Awaitable<true> &
      Awaitable<boolean>;
  }
}

/**
 * A snapshot of an {@link AsyncResult}.
 * @example
 * const { ready, successful, waiters } = result.statistics();
 */
export interface AsyncResultStatistics {
  ready: boolean;
  successful: boolean;
  waiters: number;
}

/**
 * gevent's event.AsyncResult: a one-shot value or error that greenlets (and ordinary code) wait
 * for — a future by gevent's names. `get()` evaluates to the value or throws the error.
 * @example
 * const result = new AsyncResult<number>();
 * spawn(function* () { yield* sleep(1); result.set(42); });
 * const v = yield* result.get(); // 42
 */
export class AsyncResult<T = unknown> {
  readonly #event = new AsyncioEvent({ name: "AsyncResult" });
  #value: T | undefined = undefined;
  #exception: unknown = undefined;

  /** Sets the value and wakes every waiter. */
  set(value?: T): void {
    this.#value = value;
    this.#exception = undefined;
    this.#event.set();
  }

  /** Sets an error (thrown by `get()`) and wakes every waiter. */
  setException(error: unknown): void {
    this.#exception = error;
    this.#event.set();
  }

  /** Whether a value or an error was set. */
  ready(): boolean {
    return this.#event.isSet();
  }

  /** Whether a value (not an error) was set. */
  successful(): boolean {
    return this.ready() && this.#exception === undefined;
  }

  /** The value, once set (undefined before). */
  get value(): T | undefined {
    return this.#value;
  }

  /** The error, once set (undefined before, or when it holds a value). */
  get exception(): unknown {
    return this.#exception;
  }

  /**
   * The value, waiting for it if `block` (default), at most `timeout` seconds; throws the error
   * set with `setException`, or gevent's `Timeout` when not ready in time (at once if not blocking).
   */
  get(block = true, timeout?: number | null): Awaitable<T> {
    const self = this;
    return hubCall(function* () {
      if (!self.ready()) {
        if (!block)
          throw new Timeout(0, undefined, "AsyncResult.get(false): no value has been set yet");
        const ok = yield* withDeadline(timeout, self.#event.wait(), () => false);
        if (!ok)
          throw new Timeout(
            timeout ?? 0,
            undefined,
            `AsyncResult.get(): no value within ${timeout} seconds`,
          );
      }
      if (self.#exception !== undefined) throw self.#exception;
      return self.#value as T;
    });
  }

  /** Waits until ready (at most `timeout` seconds) and evaluates to the value, never throwing. */
  wait(timeout?: number | null): Awaitable<T | undefined> {
    const self = this;
    return hubCall(function* () {
      if (!self.ready()) yield* withDeadline(timeout, self.#event.wait(), () => false);
      return self.#value;
    });
  }

  /** A snapshot for tests and the monitor. */
  statistics(): AsyncResultStatistics {
    return {
      ready: this.ready(),
      successful: this.successful(),
      waiters: this.#event.statistics().waiters,
    };
  }
}
