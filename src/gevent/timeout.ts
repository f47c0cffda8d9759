import {
  type Awaitable,
  type Coroutine,
  currentTask,
  getRunningLoop,
  RuntimeError,
  type TimerHandle,
} from "../asyncio/index.js";
import { describeValue } from "../core/internal.js";
import { type CurrentGreenlet, greenletOf } from "./current.js";
import { hubCall } from "./hub.js";

/**
 * What a fired Timeout throws in: itself (undefined, the default), another error, or nothing
 * (`false`: the `run()` block just ends).
 * @example
 * new Timeout(1, new RangeError("too slow"));
 */
export type TimeoutException = Error | false | undefined;

/**
 * gevent's Timeout: an error that is also an alarm. `start()` arms it for the current greenlet;
 * when `seconds` pass before `cancel()`, the greenlet gets the Timeout itself thrown in where it
 * waits (or `exception`, when one was given). `run(body)` is the block form (Python's
 * `with Timeout(seconds):`); with `exception` false the block just ends early, silently.
 * `seconds` undefined or null means no limit; 0 or less means already expired: it fires at the
 * greenlet's first wait, as in gevent (a computed `deadline - now` may be negative). NaN is a
 * TypeError.
 * @example
 * const t = new Timeout(2);
 * t.start();
 * try {
 *   yield* slowThing();
 * } catch (e) {
 *   if (e !== t) throw e;
 *   console.log("gave up after 2 s");
 * } finally {
 *   t.cancel();
 * }
 */
export class Timeout extends Error {
  override name = "Timeout";
  /** The limit in seconds, or null for none. */
  readonly seconds: number | null;
  readonly #exception: TimeoutException;
  #timer: TimerHandle | null = null;
  /** It fired into this greenlet, and the throw-in may not be delivered yet. */
  #fired: { greenlet: CurrentGreenlet; error: unknown } | null = null;

  constructor(seconds?: number | null, exception?: TimeoutException, message?: string) {
    const limit = checkSeconds(seconds);
    super(
      message ??
        (limit === null
          ? "Timeout with no limit"
          : limit <= 0
            ? `Timeout(${limit}) was already expired, so it fired at the greenlet's first wait; catch Timeout to handle it`
            : `${limit} second${limit === 1 ? "" : "s"} passed: the greenlet's Timeout expired; catch Timeout (or give Timeout a smaller job) to handle it`),
    );
    if (exception !== undefined && exception !== false && !(exception instanceof Error)) {
      throw new TypeError(
        `Timeout's exception must be an Error, false (end the block silently) or undefined (throw the Timeout itself); got ${describeValue(exception)}`,
      );
    }
    this.seconds = limit;
    this.#exception = exception;
  }

  /**
   * A started Timeout (gevent's `Timeout.start_new`).
   * @example
   * const t = Timeout.startNew(1);
   */
  static startNew(seconds?: number | null, exception?: TimeoutException): Timeout {
    const t = new Timeout(seconds, exception);
    t.start();
    return t;
  }

  /** Whether it is armed and has not fired. */
  get pending(): boolean {
    return this.#timer !== null;
  }

  /**
   * Arms it for the current greenlet. Throws RuntimeError outside a greenlet, or if it is
   * already armed.
   */
  start(): void {
    const greenlet = greenletOf(currentTask());
    if (greenlet === null) {
      throw new RuntimeError(
        "Timeout.start() must be called inside a gevent greenlet (started with spawn() or gevent's run()), which then gets the Timeout thrown in",
      );
    }
    if (this.#timer !== null) {
      throw new RuntimeError("Timeout.start(): this Timeout is already armed; cancel() it first");
    }
    if (this.seconds === null) return;
    this.#timer = getRunningLoop().callLater(this.seconds, () => {
      this.#timer = null;
      const error =
        this.#exception === undefined || this.#exception === false ? this : this.#exception;
      greenlet.throwIn(error);
      this.#fired = { greenlet, error };
    });
  }

  /**
   * Disarms it (harmless when it is not armed). If it fired but the greenlet had already been
   * woken with what it waited for (a value delivered in the same pass), the throw-in is taken
   * back: a wake-up that came first wins, as in gevent.
   */
  cancel(): void {
    this.#timer?.cancel();
    this.#timer = null;
    const fired = this.#fired;
    this.#fired = null;
    fired?.greenlet.withdrawThrowIn(fired.error);
  }

  /**
   * Runs `body` in the current greenlet under this Timeout (Python's `with Timeout(s):`): it is
   * started before and cancelled after. With `exception` false, an expiry ends the block and
   * evaluates to undefined.
   * @example
   * const page = yield* new Timeout(5).run(function* () { return yield* fetch(url); });
   */
  run<T>(body: () => Coroutine<T>): Awaitable<T | undefined> {
    if (typeof body !== "function") {
      throw new TypeError(
        `Timeout.run() needs a generator function to run under the timeout; got ${describeValue(body)}`,
      );
    }
    const self = this;
    const block = function* (): Coroutine<T | undefined> {
      self.start();
      try {
        return yield* body();
      } catch (error) {
        if (error === self && self.#exception === false) return undefined;
        throw error;
      } finally {
        self.cancel();
      }
    };
    return hubCall(block);
  }
}

function checkSeconds(seconds: unknown): number | null {
  if (seconds === undefined || seconds === null) return null;
  if (typeof seconds !== "number" || Number.isNaN(seconds)) {
    throw new TypeError(
      `Timeout(seconds) needs a number of seconds (or null for none); got ${describeValue(seconds)}`,
    );
  }
  return seconds; // negative: already expired, it fires at the first wait (gevent's rule)
}
