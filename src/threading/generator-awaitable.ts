import type { Awaitable, Yieldable } from "../core/index.js";

/**
 * A generator as an awaitable: `yield*` runs it inside the task (so cancellation reaches the
 * awaitables it waits on); `await` drives it with a small promise loop.
 * @internal
 */
export class GeneratorAwaitable<T> implements Awaitable<T> {
  readonly #make: () => Generator<Yieldable, T, unknown>;
  #promise: Promise<T> | null = null;

  constructor(make: () => Generator<Yieldable, T, unknown>) {
    this.#make = make;
  }

  [Symbol.iterator](): Generator<Yieldable, T, unknown> {
    return this.#make();
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= drive(this.#make());
    return this.#promise.then(onFulfilled, onRejected);
  }
}

async function drive<T>(gen: Generator<Yieldable, T, unknown>): Promise<T> {
  let step = gen.next();
  while (!step.done) {
    let failure: { error: unknown } | null = null;
    let value: unknown;
    try {
      value = await step.value;
    } catch (error) {
      failure = { error };
    }
    step = failure === null ? gen.next(value) : gen.throw(failure.error);
  }
  return step.value;
}
