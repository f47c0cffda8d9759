/**
 * What the combinators accept and how each input becomes a future of the running loop (asyncio's
 * `ensure_future`), plus the two small moves every combinator makes: find the loop, and pass a
 * finished future's outcome on to another.
 */

import {
  type Awaitable,
  Future,
  getRunningLoop,
  type Loop,
  RuntimeError,
  type TaskSource,
} from "../../core/index.js";
import { describeValue, isGenerator, isThenable } from "../../core/internal.js";

/**
 * Anything a combinator can wait on: a Future or Task, any spindle awaitable (`sleep(1)`, a lock's
 * `acquire()`), a generator or generator function (run as a new task), a Promise, or an async
 * function (run as a new task, with an AbortSignal).
 * @example
 * const inputs: AwaitableInput[] = [task, sleep(1), worker(3), fetch(url), async () => 1];
 */
export type AwaitableInput =
  | PromiseLike<unknown>
  | Generator<unknown, unknown, never>
  | ((...args: never[]) => Generator<unknown, unknown, never> | PromiseLike<unknown>);

/**
 * The value an {@link AwaitableInput} evaluates to (`any` only for an input typed `any`, as
 * `Promise.all` does: an untyped array in, untyped results out).
 * @example
 * type N = ResultOf<Task<number>>; // number
 * type S = ResultOf<() => Generator<undefined, string, unknown>>; // string
 */
export type ResultOf<X> = 0 extends 1 & X
  ? // biome-ignore lint/suspicious/noExplicitAny: any in, any out (see above)
    any
  : X extends PromiseLike<infer T>
    ? T
    : X extends Generator<unknown, infer T, never>
      ? T
      : X extends (...args: never[]) => Generator<unknown, infer T, never>
        ? T
        : X extends (...args: never[]) => PromiseLike<infer T>
          ? T
          : never;

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

/** The running loop, or a RuntimeError that names the combinator. @internal */
export function loopFor(what: string): Loop {
  try {
    return getRunningLoop();
  } catch {
    throw new RuntimeError(`${what} needs a running loop: call it from a task inside run(...)`);
  }
}

/**
 * `input` as a future of `loop`: a future as it is, anything else wrapped in a new task. Throws a
 * TypeError naming `what` (e.g. "gather()") and, when `position` >= 0, which argument (or which
 * item, for `noun` "item") it was.
 * @internal
 */
export function toFuture<T>(
  loop: Loop,
  input: unknown,
  what: string,
  position = -1,
  noun = "argument",
): Future<T> {
  if (input instanceof Future) {
    if (!input.belongsTo(loop)) {
      // Python's ValueError ("futures are tied to different event loops"): a bad argument.
      throw new RangeError(
        `${what} got ${input.describe()}${at(position, noun)}, which belongs to a different loop and would never complete on this one; create it on the loop that runs this code`,
      );
    }
    return input as Future<T>;
  }
  if (
    isGenerator(input) ||
    input instanceof GeneratorFunction ||
    input instanceof AsyncFunction ||
    (isThenable(input) && !isSpindleAwaitable(input))
  ) {
    return loop.createTask(input as TaskSource<T>);
  }
  if (isSpindleAwaitable(input)) {
    const awaitable = input as Awaitable<T>;
    return loop.createTask(function* () {
      return yield* awaitable;
    });
  }
  throw new TypeError(
    `${what} got ${describeValue(input)}${at(position, noun)}; it needs a Future or Task, a spindle awaitable (such as sleep(1)), a generator or generator function, a Promise or an async function`,
  );
}

function at(position: number, noun: string): string {
  return position < 0 ? "" : ` as ${noun} ${position + 1}`;
}

/** Iterable and thenable: one of spindle's awaitables that is not a Future (sleep(0), resolved()). */
function isSpindleAwaitable(value: unknown): boolean {
  return (
    isThenable(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function"
  );
}

/**
 * Completes `target` the way `source` (done) completed: same result, same error, or cancelled
 * with the same message. Reading `source`'s error counts as retrieving it: `target` now carries it.
 * @internal
 */
export function copyOutcome<T>(source: Future<T>, target: Future<T>): void {
  let value: T;
  try {
    value = source.result();
  } catch (error) {
    if (source.cancelled()) target.cancel((error as Error).message);
    else target.setException(error);
    return;
  }
  target.setResult(value);
}

/** "1 second", "1.5 seconds". @internal */
export function seconds(n: number): string {
  return `${n} second${n === 1 ? "" : "s"}`;
}
