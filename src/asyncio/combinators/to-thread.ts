import { type Awaitable, RuntimeError } from "../../core/index.js";

/**
 * asyncio.to_thread: runs `fn(...args)` in a worker thread. Not available yet: it needs the thread
 * pool of `spindle/futures`, which is not built. It throws at the call rather than pretend
 * (running `fn` on the loop's thread would block every task).
 * @example
 * // today:
 * const result = yield* loop.runInExecutor(myExecutor, hash, data);
 * // once spindle/futures exists:
 * const same = yield* toThread(hash, data);
 */
export function toThread<A extends unknown[], R>(
  _fn: (...args: A) => R,
  ..._args: A
): Awaitable<Awaited<R>> {
  throw new RuntimeError(
    "toThread() needs the thread pool of spindle/futures, which is not built yet; run CPU-bound work with loop.runInExecutor(executor, fn) and an executor of your own",
  );
}
