/**
 * The error of the coroutine face. The kernel's errors (`RuntimeError`, …) live in
 * `core/errors.ts` and are re-exported by the index.
 * @module
 */

/**
 * How a coroutine came to an end.
 * @example
 * if (error.how === "returned") console.log(error.value);
 */
export type CoroutineEnd = "returned" | "closed" | "threw";

/**
 * The coroutine has finished, so it cannot take the value (Python's `StopIteration`).
 *
 * Thrown by the `send()` or `throw()` that makes the coroutine `return` (with {@link value} set
 * to what it returned, as `StopIteration.value`), by every later `send()` / `throw()`, and by the
 * factory when the generator returns before reaching its first `yield`.
 *
 * @example
 * const counter = coroutine(function* (): Generator<void, number, number> {
 *   let total = 0;
 *   for (let i = 0; i < 2; i++) total += yield;
 *   return total;
 * });
 * const c = counter();
 * c.send(1);
 * try { c.send(2); } catch (e) {
 *   if (e instanceof CoroutineClosedError) console.log(e.value); // 3
 * }
 */
export class CoroutineClosedError extends Error {
  override name = "CoroutineClosedError";
  /** The name of the generator function, or "anonymous". */
  readonly coroutine: string;
  /** Whether it returned, was closed with `close()`, or let an error escape. */
  readonly how: CoroutineEnd;
  /** What the coroutine returned (Python's `StopIteration.value`); undefined unless it returned. */
  readonly value: unknown;

  constructor(
    message: string,
    coroutine: string,
    how: CoroutineEnd,
    value?: unknown,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.coroutine = coroutine;
    this.how = how;
    this.value = value;
  }
}
