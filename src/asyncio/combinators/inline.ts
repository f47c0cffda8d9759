import {
  type Awaitable,
  type Coroutine,
  getRunningLoop,
  RuntimeError,
  type Yieldable,
} from "../../core/index.js";
import { describeValue } from "../../core/internal.js";

/**
 * A body that runs inline, in the task that waits on it (`timeout`, `taskGroup`): `yield* x` runs
 * it as part of the current task, so it can cancel and un-cancel that task. From an async function,
 * `await x` runs it in a helper task of its own instead (named after `what`), since an async
 * function has no task to run it in. Either way it runs once: a second wait is an error.
 * @internal
 */
export class InlineRun<T> implements Awaitable<T> {
  readonly #what: string;
  #start: (() => Coroutine<T>) | null;

  constructor(what: string, start: () => Coroutine<T>) {
    this.#what = what;
    this.#start = start;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this.#take();
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    let task: PromiseLike<T>;
    try {
      task = getRunningLoop().createTask(this.#take(), { name: this.#what });
    } catch (error) {
      return Promise.reject(error).then(onFulfilled, onRejected);
    }
    return Promise.resolve(task).then(onFulfilled, onRejected);
  }

  #take(): Coroutine<T> {
    const start = this.#start;
    if (start === null) {
      throw new RuntimeError(
        `${this.#what} was already started: it runs its body once; call ${this.#what.replace(/\(.*$/, "")}() again to run it again`,
      );
    }
    this.#start = null;
    return start();
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

/**
 * An inline body must be a function returning a generator (checked again when it runs); an async
 * function is refused at the call, with `asyncHint` saying what to do instead.
 * @internal
 */
export function checkInlineBody(
  what: string,
  body: unknown,
  example: string,
  asyncHint: string,
): void {
  if (typeof body === "function" && !(body instanceof AsyncFunction)) return;
  const hint = body instanceof AsyncFunction ? `; ${asyncHint}` : "";
  throw new TypeError(
    `${what}() needs a generator function as its body, as in ${example}; got ${describeValue(body)}${hint}`,
  );
}
