import { Future } from "../../core/index.js";
import type { FutureListener } from "../../core/internal.js";

/** The outer future: its own class, so reports name it as the shield it is, not a bare future. */
class Shielded<T> extends Future<T> {}

import { type AwaitableInput, copyOutcome, loopFor, type ResultOf, toFuture } from "./inputs.js";

/**
 * Protects `aw` from cancellation (asyncio.shield): returns an outer future that mirrors it.
 * Cancelling the outer future (or the task waiting on it) does not cancel the inner task, which
 * runs on; if the outer is not cancelled, it gets the inner's outcome (a cancellation of the inner
 * itself comes through). A generator, Promise or async function is run as a new task.
 *
 * Unlike asyncio, an inner failure that arrives after the outer was cancelled is not marked as
 * seen: if nobody else waits on the inner task, the loop reports it.
 * @example
 * const save = createTask(saveToDisk(doc));
 * try {
 *   yield* shield(save); // a cancel here stops the wait, not the save
 * } catch (e) {
 *   if (e instanceof CancelledError) yield* save; // e.g. finish it before going away
 *   throw e;
 * }
 */
export function shield<X extends AwaitableInput>(aw: X): Future<ResultOf<X>> {
  const loop = loopFor("shield()");
  const inner = toFuture<ResultOf<X>>(loop, aw, "shield()");
  if (inner.done()) return inner;
  const outer = new Shielded<ResultOf<X>>(loop, `shield(${inner.describe()})`);
  const mirror: FutureListener = {
    futureDone: () => {
      if (!outer.done()) copyOutcome(inner, outer);
    },
  };
  inner.addListener(mirror);
  // The outer ended first (cancelled): stop listening, the inner runs on alone.
  outer.addListener({ futureDone: () => inner.removeListener(mirror) });
  return outer;
}
