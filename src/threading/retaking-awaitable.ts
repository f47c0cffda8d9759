import { type Awaitable, CancelledError, type Yieldable } from "../core/index.js";

/** One waitAsync: whether its task gave up, and whether it was notified. @internal */
export interface Waiter {
  abandoned: boolean;
  notified: boolean;
}

/**
 * The awaitable of `waitAsync()`: cancelled, it stops waiting, still re-takes the lock, hands on
 * a notification it got, then lets the error through.
 * @internal
 */
export class RetakingAwaitable implements Awaitable<boolean> {
  readonly #done: Promise<boolean>;
  readonly #waiter: Waiter;
  readonly #interrupt: () => void;
  readonly #passOn: () => void;

  constructor(done: Promise<boolean>, waiter: Waiter, interrupt: () => void, passOn: () => void) {
    this.#done = done;
    this.#waiter = waiter;
    this.#interrupt = interrupt;
    this.#passOn = passOn;
  }

  *[Symbol.iterator](): Generator<Yieldable, boolean, unknown> {
    try {
      return (yield this.#done) as boolean;
    } catch (error) {
      this.#waiter.abandoned = true;
      this.#interrupt();
      for (;;) {
        try {
          yield this.#done;
          break;
        } catch (again) {
          if (!(again instanceof CancelledError)) throw again;
          // cancelled again while re-taking the lock: keep re-taking it, raise the first error
        }
      }
      if (this.#waiter.notified) this.#passOn();
      throw error;
    }
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = boolean, R2 = never>(
    onFulfilled?: ((value: boolean) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#done.then(onFulfilled, onRejected);
  }
}
