import { CancelledError } from "./errors.js";
import { Future, type FutureHost } from "./future.js";

/**
 * A loop that can count work happening outside it (promises, sockets, workers): while any is
 * pending, an idle loop waits for it instead of declaring a deadlock. (Kernel-internal.)
 */
export interface OutsideHost {
  /** `what` names the work for instruments ("a Promise", "a socket"). */
  holdOutside(what?: string): void;
  releaseOutside(): void;
}

/** Whether `value` looks like a Promise (has a callable `then`). @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * A future that settles with `promise`. While the promise is pending it counts as outside work,
 * so the loop waits for it. If the future is cancelled first, the promise's later outcome is
 * dropped (its rejection handled, so Node reports no unhandled rejection).
 * @internal
 */
export function adoptPromise<T>(
  host: FutureHost & OutsideHost,
  promise: PromiseLike<T>,
): Future<T> {
  const future = new Future<T>(host, "a Promise");
  // The hold ends when the promise settles or the future is cancelled, whichever comes first:
  // a cancelled wait on a promise that never settles must not keep the loop waiting for it.
  host.holdOutside("a Promise");
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    host.releaseOutside();
  };
  future.addListener({ futureDone: release });
  try {
    promise.then(
      (value) => {
        release();
        if (!future.done()) future.setResult(value);
      },
      (error: unknown) => {
        release();
        if (future.done()) return;
        if (error instanceof CancelledError) future.cancel(error.message);
        else future.setException(error);
      },
    );
  } catch (error) {
    // A thenable whose then() throws: `await` rejects with that error, and so does the wait.
    future.setException(error);
  }
  return future;
}
