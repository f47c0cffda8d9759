import { CancelledError, type Coroutine, GreenletExit, type Yieldable } from "../asyncio/index.js";
import { describeValue, isGenerator } from "../core/internal.js";

/**
 * What a greenlet's task needs to know to turn a kernel cancellation into the error gevent throws
 * in (GreenletExit from `kill()`, a `Timeout` from `Timeout.start()`).
 * @internal
 */
export interface ThrowTarget {
  /** The error to throw in at the greenlet's current wait instead of the CancelledError, if any. */
  takeThrowIn(): unknown;
  /** The body took its first step. */
  bodyStarted(): void;
}

/**
 * A greenlet's coroutine: runs `fn(...args)` and relays each step to it by hand (not `yield*`),
 * so that when the kernel throws in the CancelledError a `kill()` or a `Timeout` asked for, the
 * greenlet gets the GreenletExit or Timeout instead, at the same wait. A GreenletExit that
 * escapes the body ends the greenlet successfully with the GreenletExit as its value (gevent's
 * rule). A body that is a plain function (not a generator function) runs to its return at once;
 * a promise it returns is waited for.
 * @internal
 * @example
 * loop.createTask(greenletBody(target, fn, args), { name });
 */
export function* greenletBody<T>(
  target: ThrowTarget,
  fn: (...args: never[]) => unknown,
  args: readonly unknown[],
): Coroutine<T | GreenletExit> {
  target.bodyStarted();
  try {
    const made = (fn as (...a: unknown[]) => unknown)(...args);
    if (!isGenerator(made)) {
      if (made !== null && typeof made === "object" && "then" in made) {
        return (yield made as PromiseLike<unknown>) as T;
      }
      return made as T;
    }
    const inner = made as Coroutine<T>;
    let step = inner.next();
    for (;;) {
      if (step.done) return step.value;
      let input: unknown;
      try {
        input = yield step.value as Yieldable;
      } catch (error) {
        step = inner.throw(translate(target, error));
        continue;
      }
      step = inner.next(input);
    }
  } catch (error) {
    const thrown = translate(target, error);
    if (thrown instanceof GreenletExit) return thrown;
    throw thrown;
  }
}

/** A CancelledError that stands for a requested throw-in becomes that error. */
function translate(target: ThrowTarget, error: unknown): unknown {
  if (!(error instanceof CancelledError)) return error;
  const replacement = target.takeThrowIn();
  return replacement === undefined ? error : replacement;
}

/**
 * Checks what `spawn` was given: a function.
 * @internal
 * @example
 * checkBody("spawn", fn);
 */
export function checkBody(what: string, fn: unknown): void {
  if (typeof fn !== "function") {
    throw new TypeError(
      `${what}() needs a function to run in the greenlet, preferably a generator function (function* () { ... }); got ${describeValue(fn)}`,
    );
  }
}
