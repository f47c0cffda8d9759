import { type Awaitable, getRunningLoop } from "../../core/index.js";
import "../default-executor.js";

/**
 * asyncio.to_thread: runs `fn(...args)` in a worker thread of the running loop's default executor
 * (a ThreadPoolExecutor, see `loop.setDefaultExecutor`) and waits for its result without blocking
 * the loop. Cancelling the wait cancels the job if it has not started.
 *
 * Unlike Python's threads, worker threads share no variables with the caller: `fn` must be
 * self-contained (it crosses as source; a closure over an outer variable fails with an error naming
 * it), and its arguments and result are copied (SharedArrayBuffers and spindle/threading
 * primitives are shared). For a function that imports things, submit `{ module, name }` to a
 * pool of your own.
 * @example
 * const digest = yield* toThread((text: string) => {
 *   let h = 0;
 *   for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
 *   return h;
 * }, "some long text");
 */
export function toThread<A extends unknown[], R>(
  fn: (...args: A) => R,
  ...args: A
): Awaitable<Awaited<R>> {
  return getRunningLoop().runInExecutor(null, fn, ...args);
}
