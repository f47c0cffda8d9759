import {
  type Awaitable,
  type Coroutine,
  Future,
  type Loop,
  TimeoutError,
  type Yieldable,
} from "../../core/index.js";
import { checkDelay, debugTracked, isGenerator } from "../../core/internal.js";
import { InlineRun } from "./inline.js";
import { type AwaitableInput, loopFor, type ResultOf, seconds, toFuture } from "./inputs.js";
import { Timeout } from "./timeout.js";

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

/**
 * What waitFor waits on, as something `yield*` can run in the waiting task: a coroutine or a
 * spindle awaitable runs inline (so the waiting task is the one that takes a lock or an item, and
 * a cancellation unwinds it right there); a future is waited on; a promise or async function
 * becomes a task (so cancelling it fires its AbortSignal).
 */
function inline<T>(loop: Loop, aw: unknown): Iterable<Yieldable> & { describe(): string } {
  if (aw instanceof Future) {
    return { [Symbol.iterator]: () => aw[Symbol.iterator](), describe: () => aw.describe() };
  }
  if (isGenerator(aw)) {
    return { [Symbol.iterator]: () => aw as Iterator<Yieldable>, describe: () => "a coroutine" };
  }
  if (aw instanceof GeneratorFunction) {
    return {
      [Symbol.iterator]: () => (aw as () => Coroutine<T>)(),
      describe: () => `${(aw as { name: string }).name || "a generator function"}()`,
    };
  }
  if (isSpindleAwaitable(aw)) {
    return { [Symbol.iterator]: () => aw[Symbol.iterator](), describe: () => "an awaitable" };
  }
  const task = toFuture<T>(loop, aw, "waitFor()");
  return { [Symbol.iterator]: () => task[Symbol.iterator](), describe: () => task.describe() };
}

function isSpindleAwaitable(value: unknown): value is Awaitable<unknown> {
  return (
    typeof (value as { then?: unknown })?.then === "function" &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function"
  );
}

/**
 * Waits for `aw` with a timeout in seconds (asyncio.wait_for, Python 3.12's): `null` waits
 * without one; a timeout of 0 or less is already due. At the deadline the work is cancelled where
 * it waits, waitFor waits until it has finished unwinding (its `finally` blocks, waiting ones
 * included), then throws `TimeoutError` (its `cause` the CancelledError). If the work completed
 * before the cancellation reached it, its result is returned: no item or lock it took is lost.
 *
 * A coroutine, generator function or spindle awaitable (`q.get()`, `lock.acquire()`) runs inline
 * in the waiting task, which therefore owns what it acquires; cancelling the waiting task cancels
 * it. A future or task is waited on (and cancelled at the deadline); a Promise or async function
 * runs as a new task whose AbortSignal fires at the deadline, and waitFor returns once its promise
 * has settled.
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
): Awaitable<ResultOf<X>> {
  if (timeout !== null) checkDelay("waitFor", timeout);
  const loop = loopFor("waitFor()");
  const work = inline<ResultOf<X>>(loop, aw);
  const body = function* (): Coroutine<ResultOf<X>> {
    return (yield* work as Iterable<Yieldable>) as ResultOf<X>;
  };
  const label = `waitFor(${work.describe()}, ${timeout})`;
  if (timeout === null) return debugTracked(new InlineRun(label, body), () => label);
  loop.debugMode.checkDelay(label, timeout);
  const deadline = new Timeout(loop.time() + timeout, { label, delay: timeout });
  const timed = deadline.run(body);
  return debugTracked(
    new InlineRun(label, function* () {
      try {
        return yield* timed;
      } catch (error) {
        if (!(error instanceof TimeoutError) || !deadline.expired()) throw error;
        const timedOut = new TimeoutError(`waitFor() timed out after ${seconds(timeout)}`);
        timedOut.cause = error.cause;
        throw timedOut;
      }
    }),
    () => label,
  );
}
