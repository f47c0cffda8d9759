import { Future, type Loop, TimeoutError, type TimerHandle } from "../../core/index.js";
import { checkDelay } from "../../core/internal.js";
import {
  type AwaitableInput,
  copyOutcome,
  loopFor,
  type ResultOf,
  seconds,
  toFuture,
} from "./inputs.js";

/**
 * The future waitFor returns: it mirrors the inner future, and at the deadline cancels it, waits
 * for it to finish cancelling, and fails with TimeoutError.
 *
 * Invariant: the outcome is set only once the inner future is done, so when the waiter resumes
 * (with the result, the TimeoutError or CancelledError) the inner work has really stopped.
 */
class WaitForFuture<T> extends Future<T> {
  readonly #inner: Future<T>;
  readonly #timeout: number | null;
  #timer: TimerHandle | null = null;
  #timedOut = false;
  #cancelRequested = false;
  #cancelMessage: string | undefined = undefined;

  constructor(loop: Loop, inner: Future<T>, timeout: number | null) {
    super(loop, `waitFor(${inner.describe()}${timeout === null ? "" : `, ${timeout}`})`);
    this.owner = this; // reported as what it is, not as "a future nothing will complete"
    this.#inner = inner;
    this.#timeout = timeout;
    if (timeout !== null && !inner.done()) {
      if (timeout <= 0) this.#expire();
      else this.#timer = loop.callLater(timeout, () => this.#expire());
    }
    inner.addListener(this);
  }

  /** Cancels the inner future; this one ends cancelled once the inner is done. */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    this.#cancelRequested = true;
    this.#cancelMessage = message;
    this.#timer?.cancel();
    this.#inner.cancel(message);
    return true;
  }

  /** @internal The inner future finished. */
  futureDone(): void {
    this.#timer?.cancel();
    this.#timer = null;
    if (this.done()) return;
    const inner = this.#inner;
    if (this.#cancelRequested) {
      if (!inner.cancelled()) retrieve(inner); // its outcome has nowhere to go: we were cancelled
      super.cancel(this.#cancelMessage);
      return;
    }
    if (this.#timedOut && inner.cancelled()) {
      const error = new TimeoutError(`waitFor() timed out after ${seconds(this.#timeout ?? 0)}`);
      try {
        inner.result();
      } catch (cancelled) {
        error.cause = cancelled;
      }
      super.setException(error);
      return;
    }
    // Finished in time, or finished despite the cancellation (asyncio 3.12: its outcome wins).
    copyOutcome(inner, this);
  }

  #expire(): void {
    this.#timer = null;
    this.#timedOut = true;
    this.#inner.cancel();
  }
}

function retrieve(future: Future<unknown>): void {
  try {
    future.result();
  } catch {}
}

/**
 * Waits for `aw` with a timeout in seconds (asyncio.wait_for); `null` waits without one. At the
 * deadline the inner task is cancelled, waitFor waits until it has finished cancelling, then throws
 * `TimeoutError` (its `cause` is the CancelledError). Cancelling the waiter cancels the inner task.
 * Generators, Promises and async functions are run as a new task.
 * @example
 * try {
 *   const page = yield* waitFor(fetchPage(url), 1.5);
 * } catch (e) {
 *   if (e instanceof TimeoutError) console.log(e.message); // "waitFor() timed out after 1.5 seconds"
 * }
 */
export function waitFor<X extends AwaitableInput>(
  aw: X,
  timeout: number | null,
): Future<ResultOf<X>> {
  if (timeout !== null) checkDelay("waitFor", timeout);
  const loop = loopFor("waitFor()");
  const inner = toFuture<ResultOf<X>>(loop, aw, "waitFor()");
  return new WaitForFuture(loop, inner, timeout);
}
