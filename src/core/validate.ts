/**
 * Argument checks shared by the loop and the faces: bad input fails at the call with a message
 * that says what was wrong and what to do.
 */
import { isThenable } from "./adopt.js";
import { describeValue, isGenerator } from "./describe.js";
import type { Awaitable, Coroutine } from "./future.js";
import type { TaskBody } from "./task.js";

/**
 * What `createTask`, `run` and friends accept.
 * @example
 * createTask(function* () {}); // a generator function
 * createTask(worker("a")); // a generator
 * createTask(fetch(url)); // a Promise
 * createTask(async (signal) => load(signal)); // an async function
 */
export type TaskSource<T> =
  | Coroutine<T>
  | (() => Coroutine<T>)
  | PromiseLike<T>
  | ((signal: AbortSignal) => PromiseLike<T>);

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

/**
 * The coroutine `source` is or makes (a generator, or a generator function called), else null:
 * the common case of `createTask`, checked once. @internal
 */
export function coroutineOf<T>(source: TaskSource<T>): Coroutine<T> | null {
  if (isGenerator(source)) return source as Coroutine<T>;
  if (source instanceof GeneratorFunction) {
    const coro = (source as () => Coroutine<T>)();
    if (isGenerator(coro)) return coro;
  }
  return null;
}

/** Turns what the user passed into a task body, or throws a TypeError naming the problem. @internal */
export function checkTaskBody<T>(what: string, source: TaskSource<T>): TaskBody<T> {
  if (isGenerator(source)) return source as Coroutine<T>;
  if (source instanceof GeneratorFunction) {
    const coro = (source as () => Coroutine<T>)();
    if (isGenerator(coro)) return coro;
  } else if (source instanceof AsyncFunction) {
    return source as (signal: AbortSignal) => PromiseLike<T>;
  } else if (isAwaitable<T>(source)) {
    // A spindle awaitable (a stream read, a primitive's wait): drive it as a coroutine, so that
    // cancelling the task reaches it; following it as a Promise would not.
    return drive(source);
  } else if (isThenable(source)) {
    return source as PromiseLike<T>;
  }
  throw new TypeError(
    `${what}() got ${describeValue(source)}; it needs a generator function (\`function*\`, waiting with \`yield*\`), a generator, a Promise or an async function`,
  );
}

/** A callback must be a function. @internal */
export function checkCallback(what: string, callback: unknown): void {
  if (typeof callback !== "function") {
    throw new TypeError(`${what}() needs a function to call; got ${describeValue(callback)}`);
  }
}

/**
 * A delay is a number of seconds. Python's rule: a negative delay means "already due" (callers
 * compute them, `deadline - loop.time()`, and being late is not an error); Infinity means never.
 * NaN and non-numbers are refused. @internal
 */
export function checkDelay(what: string, delay: unknown): asserts delay is number {
  if (typeof delay !== "number" || Number.isNaN(delay)) {
    throw new RangeError(
      `${what}() needs a delay in seconds (a number; 0 or less means now); got ${describeValue(delay)}`,
    );
  }
}

/** A loop time is a number of seconds, not NaN. @internal */
export function checkTime(what: string, when: unknown): asserts when is number {
  if (typeof when !== "number" || Number.isNaN(when)) {
    throw new RangeError(
      `${what}() needs a loop time in seconds (compare loop.time()); got ${describeValue(when)}`,
    );
  }
}

/** Iterable and thenable: spindle's `Awaitable`. */
function isAwaitable<T>(value: unknown): value is Awaitable<T> {
  return (
    isThenable(value) && typeof (value as Partial<Awaitable<T>>)[Symbol.iterator] === "function"
  );
}

function* drive<T>(awaitable: Awaitable<T>): Coroutine<T> {
  return yield* awaitable;
}
