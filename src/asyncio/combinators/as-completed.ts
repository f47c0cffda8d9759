import { Future, type Loop, TimeoutError, type TimerHandle } from "../../core/index.js";
import { checkDelay, describeValue, isGenerator } from "../../core/internal.js";
import {
  type AwaitableInput,
  copyOutcome,
  loopFor,
  type ResultOf,
  seconds,
  toFuture,
} from "./inputs.js";

/**
 * Options of {@link asCompleted}.
 * @example
 * for (const next of asCompleted(tasks, { timeout: 10 })) console.log(yield* next);
 */
export interface AsCompletedOptions {
  /** Seconds until the awaitables not yet handed out fail with TimeoutError; null: no limit. */
  timeout?: number | null;
}

/**
 * Hands completions out in order: the k-th child to finish settles the k-th slot.
 *
 * ```
 *   children:  a  b  c          (finish order: c, a, b)
 *   slots:    [c][a][b]         slot k = k-th completion, awaited in turn
 * ```
 * At the timeout, the slots not yet settled fail with TimeoutError; the children keep running.
 */
class Dealer<T> {
  readonly #slots: Future<T>[];
  readonly #children: readonly Future<T>[];
  #next = 0;
  #timer: TimerHandle | null = null;
  #timeout = 0;

  constructor(loop: Loop, children: readonly Future<T>[]) {
    this.#children = children;
    const n = children.length;
    this.#slots = Array.from({ length: n }, (_, k) =>
      loop.createFuture<T>(`asCompleted() result ${k + 1} of ${n}`),
    );
  }

  start(loop: Loop, timeout: number | null): Future<T>[] {
    if (timeout !== null && this.#slots.length > 0) {
      this.#timeout = timeout;
      this.#timer = loop.callLater(timeout, () => this.#expire());
    }
    for (const child of this.#children) child.addListener(this);
    return this.#slots;
  }

  /** @internal A child finished: it settles the next slot. */
  futureDone(child: Future<unknown>): void {
    if (this.#next === this.#slots.length) return; // timed out already
    const slot = this.#slots[this.#next++]!;
    if (this.#next === this.#slots.length) this.#timer?.cancel();
    // A slot its reader cancelled drops this completion (it gave up on it); the child keeps it.
    if (!slot.done()) copyOutcome(child as Future<T>, slot);
  }

  #expire(): void {
    const slots = this.#slots;
    const left = slots.length - this.#next;
    for (const child of this.#children) if (!child.done()) child.removeListener(this);
    while (this.#next < slots.length) {
      const slot = slots[this.#next++]!;
      if (slot.done()) continue;
      slot.setException(
        new TimeoutError(
          `asCompleted() timed out after ${seconds(this.#timeout)}: ${left} of ${slots.length} awaitables had not completed`,
        ),
      );
      // Nobody has to read every one of these: stopping at the first is the normal use.
      slot.exception();
    }
  }
}

/**
 * The awaitables' results in completion order (asyncio.as_completed): returns a plain array of
 * awaitables, the first resolving to the first result, the next to the next... A failure or a
 * cancellation comes out where it happened in that order. After `timeout` seconds the ones not yet
 * settled throw TimeoutError; nothing is cancelled. Generators, Promises and async functions run as
 * new tasks; a future passed twice counts once.
 * @example
 * for (const next of asCompleted([fetchA(), fetchB(), fetchC()], { timeout: 5 })) {
 *   const page = yield* next; // fastest first
 * }
 */
export function asCompleted<X extends AwaitableInput>(
  aws: Iterable<X>,
  options: AsCompletedOptions = {},
): Future<ResultOf<X>>[] {
  if (
    aws === null ||
    typeof aws !== "object" ||
    aws instanceof Future ||
    isGenerator(aws) ||
    typeof (aws as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(
      `asCompleted() needs an iterable of awaitables (an array or a Set); got ${describeValue(aws)}. For one, pass [it]`,
    );
  }
  const { timeout = null } = options;
  if (timeout !== null) checkDelay("asCompleted", timeout);
  const loop = loopFor("asCompleted()");
  const children: Future<ResultOf<X>>[] = [];
  // An item given twice (a future, a generator, a promise) counts once, as in Python's set(fs).
  const seen = new Set<unknown>();
  let position = 0;
  for (const aw of aws) {
    if (typeof aw === "object" && aw !== null) {
      if (seen.has(aw)) continue;
      seen.add(aw);
    }
    try {
      children.push(toFuture(loop, aw, "asCompleted()", position++, "item"));
    } catch (error) {
      // Tasks made for earlier items have not run a step yet: cancel them unstarted.
      for (const child of children) if (!seen.has(child)) child.cancel();
      throw error;
    }
  }
  return new Dealer(loop, children).start(loop, timeout);
}
