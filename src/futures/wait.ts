import { TimeoutError } from "../core/index.js";
import { describeValue, NodeTimer } from "../core/internal.js";
import { TaskablePromise } from "./awaitable.js";
import { Future } from "./future.js";

/** `returnWhen` values of {@link wait}, as in Python. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** Return when any future fails (or all complete). */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** Return when all futures complete (the default). */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * Options of {@link wait}.
 * @example
 * await wait(fs, { timeout: 5, returnWhen: FIRST_COMPLETED });
 */
export interface WaitOptions {
  /** Seconds to wait at most; then resolve with what is done so far (0 or less: at once). */
  readonly timeout?: number;
  readonly returnWhen?: typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;
}

function failed(f: Future<unknown>): boolean {
  return f.done() && !f.cancelled() && isFailure(f);
}
const failures = new WeakSet<Future<unknown>>();
function isFailure(f: Future<unknown>): boolean {
  return failures.has(f);
}

/**
 * Waits for executor futures (Python's `concurrent.futures.wait`); resolves to `[done, pending]`,
 * two Sets. Never rejects: inspect each done future.
 * @example
 * const [done, pending] = await wait([a, b, c], { returnWhen: FIRST_COMPLETED });
 */
export function wait<T>(
  fs: Iterable<Future<T>>,
  options: WaitOptions = {},
): Promise<[Set<Future<T>>, Set<Future<T>>]> {
  const { timeout, returnWhen = ALL_COMPLETED } = options;
  if (![FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED].includes(returnWhen)) {
    throw new RangeError(
      `wait(fs, { returnWhen }): expected FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${String(returnWhen)}`,
    );
  }
  if (timeout !== undefined && (typeof timeout !== "number" || Number.isNaN(timeout))) {
    throw new RangeError(
      `wait(fs, { timeout }): timeout must be a number of seconds, got ${String(timeout)}`,
    );
  }
  const all = distinctFutures(fs, "wait");
  return new Promise((resolve) => {
    let timer: NodeTimer | null = null;
    let finished = false;
    const check = () => {
      if (finished) return;
      const done = new Set(all.filter((f) => f.done()));
      const stop =
        done.size === all.length ||
        (returnWhen === FIRST_COMPLETED && done.size > 0) ||
        (returnWhen === FIRST_EXCEPTION && [...done].some((f) => failed(f as Future<unknown>)));
      if (!stop) return;
      finished = true;
      timer?.cancel();
      resolve([done, new Set(all.filter((f) => !done.has(f)))]);
    };
    for (const f of all) {
      f.addDoneCallback(() => {
        f.exception().then(
          (e) => {
            if (e !== undefined) failures.add(f as Future<unknown>);
            check();
          },
          () => check(),
        );
      });
    }
    if (timeout !== undefined) {
      timer = new NodeTimer(() => {
        if (finished) return;
        finished = true;
        const done = new Set(all.filter((f) => f.done()));
        resolve([done, new Set(all.filter((f) => !done.has(f)))]);
      }, timeout);
    }
    if (all.length === 0) check();
  });
}

/**
 * The futures' outcomes in completion order (asyncio's `as_completed` shape, see DESIGN §3a): a
 * plain iterable of awaitables; the n-th resolves to the result of the n-th future to finish (or
 * rejects with its error). With `timeout` (seconds), the awaitables not settled by then reject
 * with `TimeoutError`. Python's version yields the futures themselves; ours are thenable, and an
 * async iterator would unwrap them, so this yields their outcomes.
 * @example
 * for (const next of asCompleted(futures)) console.log(await next);
 */
export function asCompleted<T>(
  fs: Iterable<Future<T>>,
  options: { readonly timeout?: number } = {},
): Iterable<TaskablePromise<T>> {
  const { timeout } = options;
  if (timeout !== undefined && (typeof timeout !== "number" || Number.isNaN(timeout))) {
    throw new RangeError(
      `asCompleted(fs, { timeout }): timeout must be a number of seconds, got ${String(timeout)}`,
    );
  }
  const all = distinctFutures(fs, "asCompleted");
  // Resolving with a (thenable) future adopts its outcome: each slot settles with a result or error.
  const slots = all.map(() => {
    let resolve!: (f: Future<T>) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<Future<T>>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  });
  /** Slots filled so far, in completion order; the timeout fails the rest. */
  let next = 0;
  let timer: NodeTimer | null = null;
  for (const f of all) {
    f.addDoneCallback(() => {
      if (next === slots.length) return; // the timeout came first
      slots[next++]?.resolve(f);
      if (next === slots.length) timer?.cancel();
    });
  }
  if (timeout !== undefined && next < slots.length) {
    timer = new NodeTimer(() => {
      const unfinished = slots.length - next;
      const error = new TimeoutError(
        `asCompleted(): ${unfinished} (of ${slots.length}) futures unfinished after ${timeout} s; they keep running — wait longer, or cancel() them`,
      );
      while (next < slots.length) slots[next++]?.reject(error);
    }, timeout);
  }
  return slots.map((s) => {
    const outcome = TaskablePromise.from<T>(s.promise as unknown as Promise<T>);
    // A caller stops at the first TimeoutError (as a Python loop does) or skips a failure it does
    // not care about: the rejection still reaches whoever awaits, but is never "unhandled".
    outcome.catch(() => {});
    return outcome;
  });
}

/** The distinct futures of `fs` (Python takes a set), each checked at the call. */
function distinctFutures<T>(fs: Iterable<Future<T>>, where: string): Future<T>[] {
  if (fs === null || typeof fs !== "object" || !(Symbol.iterator in fs)) {
    throw new TypeError(
      `${where}(fs): fs must be an iterable of futures (an array, a Set), got ${describeValue(fs)}`,
    );
  }
  const given = [...fs];
  given.forEach((f, i) => {
    if (!(f instanceof Future)) {
      throw new TypeError(
        `${where}(fs): fs[${i}] is ${describeValue(f)}, not a Future of spindle/futures; pass the futures that submit() returned`,
      );
    }
  });
  return [...new Set(given)];
}
