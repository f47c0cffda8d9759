/**
 * The talk's coroutines: a generator that is primed once, then fed values with `send()`.
 *
 * ```
 * factory(args) ──creates──▶ generator ──next()──▶ paused at its first `yield` (primed)
 *   send(v):  resumes there with `yield` = v ──▶ runs to the next `yield` ──▶ returns what it yielded
 *   close():  generator.return() ──▶ `finally` blocks run ──▶ closed
 * ```
 * Rule: a Coroutine is always either paused at a `yield` or finished, never "not started".
 * @module
 */

import { RuntimeError } from "../core/errors.js";
import { describeValue } from "../core/internal.js";
import { CoroutineClosedError } from "./errors.js";
import { renderValue } from "./render.js";

// Not a global; every `function*` is an instance of it.
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

/** How a finished coroutine ended; kept so that later calls can say so. */
type Ending =
  | { how: "returned"; value: unknown }
  | { how: "closed" }
  | { how: "threw"; error: unknown };

/**
 * A primed generator you push values into (Python's generator-based coroutine). Made by the
 * factory that {@link coroutine} returns; never constructed directly.
 *
 * - `TSend`: what `send()` takes (the value of `yield` inside).
 * - `TYield`: what `send()` returns (the operand of the next `yield`).
 * - `TReturn`: what the generator returns, found on {@link CoroutineClosedError.value}.
 *
 * @example
 * const averager = coroutine(function* (): Generator<number, never, number> {
 *   let total = 0;
 *   let count = 0;
 *   let average = Number.NaN;
 *   while (true) {
 *     total += yield average;
 *     count += 1;
 *     average = total / count;
 *   }
 * });
 * const avg = averager();
 * avg.send(10); // 10
 * avg.send(20); // 15
 * avg.close();
 */
export class Coroutine<TSend, TYield = unknown, TReturn = unknown> implements Disposable {
  // Typed with `| undefined` so that close() can call return() without a value.
  readonly #generator: Generator<TYield, TReturn | undefined, TSend>;
  readonly #name: string;
  #running = false;
  #ending: Ending | null = null;

  /** @internal Use the factory made by {@link coroutine}. Primes the generator. */
  constructor(generator: Generator<TYield, TReturn, TSend>, name: string) {
    this.#generator = generator;
    this.#name = name;
    const first = this.#resume(() => generator.next());
    if (first.done) {
      throw new CoroutineClosedError(
        `coroutine "${name}" returned ${renderValue(first.value)} before its first \`yield\`, ` +
          "so it can never receive a value: make it pause at a `yield` (e.g. `const item = yield;`) " +
          "before it returns",
        name,
        "returned",
        first.value,
      );
    }
  }

  /** The generator function's name ("anonymous" if it had none); used in error messages. */
  get name(): string {
    return this.#name;
  }

  /** True once the coroutine has returned, thrown, or been closed. */
  get closed(): boolean {
    return this.#ending !== null;
  }

  /**
   * Resumes the coroutine at its paused `yield` with `value` (Python's `g.send(value)`) and
   * returns what it yields next.
   * @throws {CoroutineClosedError} when the coroutine returns instead (its return value is on
   *   `error.value`), or has already finished.
   * @example
   * const g = grep("python");
   * g.send("pty");       // prints nothing
   * g.send("python is"); // prints "python is"
   */
  send(value: TSend): TYield {
    this.#refuseIfFinished("send to");
    return this.#yielded(this.#resume(() => this.#generator.next(value)));
  }

  /**
   * Raises `error` inside the coroutine at its paused `yield` (Python's `g.throw(error)`). If the
   * coroutine catches it and yields again, returns that value; if not, the error comes back out
   * here and the coroutine is finished.
   * @throws {CoroutineClosedError} when the coroutine returns instead, or has already finished
   *   (Python would raise `error` itself; spindle says the coroutine is finished).
   * @example
   * const c = sink((line: string) => console.log(line));
   * c.throw(new Error("stop")); // throws Error: stop, and c.closed is now true
   */
  throw(error: unknown): TYield {
    this.#refuseIfFinished("throw into");
    return this.#yielded(this.#resume(() => this.#generator.throw(error)));
  }

  /**
   * Finishes the coroutine at its paused `yield`, running its `finally` blocks (Python's
   * `g.close()`). Closing a finished coroutine does nothing.
   * @throws {RuntimeError} when the coroutine yields while closing (a `yield` in `finally`).
   * @example
   * const c = sink(console.log);
   * c.close();
   * c.close(); // fine: already closed
   */
  close(): void {
    if (this.#ending !== null) return;
    const result = this.#resume(() => this.#generator.return(undefined));
    if (!result.done) {
      throw new RuntimeError(
        `coroutine "${this.#name}" yielded while being closed (a \`yield\` inside \`finally\`), ` +
          "so close() could not finish it: do not yield in a `finally` block",
      );
    }
    this.#ending = { how: "closed" };
  }

  /** Closes the coroutine, so that `using c = factory()` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  // Runs one step of the generator, recording an escaping error as the coroutine's end.
  #resume(
    step: () => IteratorResult<TYield, TReturn | undefined>,
  ): IteratorResult<TYield, TReturn | undefined> {
    if (this.#running) {
      // Python's ValueError("generator already executing"); JS would say only "already running".
      throw new RangeError(
        `coroutine "${this.#name}" is already running: it cannot be resumed from inside itself ` +
          "(directly, or through a pipeline that loops back to it)",
      );
    }
    this.#running = true;
    try {
      return step();
    } catch (error) {
      this.#ending = { how: "threw", error };
      throw error;
    } finally {
      this.#running = false;
    }
  }

  // The value of a step that yielded; a step that returned ends the coroutine (StopIteration).
  #yielded(result: IteratorResult<TYield, TReturn | undefined>): TYield {
    if (!result.done) return result.value;
    this.#ending = { how: "returned", value: result.value };
    throw new CoroutineClosedError(
      `coroutine "${this.#name}" finished: it returned ${renderValue(result.value)} ` +
        "(read it from this error's `value`) and takes no more values",
      this.#name,
      "returned",
      result.value,
    );
  }

  #refuseIfFinished(operation: "send to" | "throw into"): void {
    const ending = this.#ending;
    if (ending === null) return;
    const how =
      ending.how === "returned"
        ? `it has finished (it returned ${renderValue(ending.value)})`
        : ending.how === "closed"
          ? "it was closed with close()"
          : `it has finished by throwing ${renderValue(ending.error)}`;
    throw new CoroutineClosedError(
      `cannot ${operation} coroutine "${this.#name}": ${how}. ` +
        "Call its factory again to start a new one",
      this.#name,
      ending.how,
      ending.how === "returned" ? ending.value : undefined,
      ending.how === "threw" ? ending.error : undefined,
    );
  }
}

/**
 * Turns a generator function into a factory of primed coroutines (David Beazley's `@coroutine`
 * decorator). Calling the factory creates the generator with your arguments and runs it to its
 * first `yield`, which replaces Python's `next(g)`.
 *
 * @param genFn A generator function (`function*`). Annotate its return type as
 *   `Generator<TYield, TReturn, TSend>` so that `yield` has the type of what is sent.
 * @throws {TypeError} at once, when `genFn` is not a `function*`.
 * @example
 * const grep = coroutine(function* grep(pattern: string): Generator<void, void, string> {
 *   while (true) {
 *     const line = yield;
 *     if (line.includes(pattern)) console.log(line);
 *   }
 * });
 * const g = grep("python"); // primed: no next(g)
 * g.send("python is");      // prints "python is"
 */
export function coroutine<A extends unknown[], TYield, TReturn, TSend>(
  genFn: (...args: A) => Generator<TYield, TReturn, TSend>,
): (...args: A) => Coroutine<TSend, TYield, TReturn> {
  if (!(genFn instanceof GeneratorFunction)) {
    throw new TypeError(
      `coroutine() needs a generator function (\`function*\`), but got ${describeValue(genFn)}: ` +
        "write it as `function* name(...) { ... const item = yield; ... }`, and pass the " +
        "generator function itself, not a function that calls it",
    );
  }
  const name = genFn.name || "anonymous";
  const factory = (...args: A) => new Coroutine(genFn(...args), name);
  // So that stack traces and logs show "grep", not "factory".
  Object.defineProperty(factory, "name", { value: name });
  return factory;
}
