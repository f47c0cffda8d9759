import type { ExceptionContext, Future } from "./future.js";

/** One failure nobody has looked at yet. */
interface Pending {
  readonly ref: WeakRef<Future<unknown>>;
  readonly error: unknown;
  readonly what: string;
}

/**
 * Failed futures whose exception nobody retrieved (asyncio's "exception was never retrieved"),
 * reported through the exception handler either when the future is garbage-collected or, at the
 * latest, when the loop closes — so a forgotten failing task in `run()` is reported before the
 * program ends instead of whenever (if ever) the collector runs. Weak references keep the set
 * from holding futures alive.
 * @internal
 */
export class UnretrievedFailures {
  readonly #report: (context: ExceptionContext) => void;
  /** Looked up by future without keeping it alive. */
  readonly #byFuture = new WeakMap<Future<unknown>, Pending>();
  /** The same entries, iterable for `flush()`; entries hold their future only weakly. */
  readonly #pending = new Set<Pending>();
  readonly #collected = new FinalizationRegistry<Pending>((entry) => this.#reported(entry));

  constructor(report: (context: ExceptionContext) => void) {
    this.#report = report;
  }

  /** `future` failed with `error` and nobody has looked yet. */
  add(future: Future<unknown>, error: unknown): void {
    // V8 keeps the frames of a stack trace it has not formatted yet, and their receivers: the
    // failing task itself. Formatting now lets a forgotten task be collected, and reported.
    if (error instanceof Error) void error.stack;
    const entry: Pending = { ref: new WeakRef(future), error, what: future.describe() };
    this.#byFuture.set(future, entry);
    this.#pending.add(entry);
    this.#collected.register(future, entry, entry);
  }

  /** Someone looked at the exception: nothing to report. */
  remove(future: Future<unknown>): void {
    const entry = this.#byFuture.get(future);
    if (entry === undefined) return;
    this.#byFuture.delete(future);
    this.#pending.delete(entry);
    this.#collected.unregister(entry);
  }

  /** Reports every failure still unretrieved (the loop is closing). */
  flush(): void {
    for (const entry of [...this.#pending]) {
      this.#collected.unregister(entry);
      this.#reported(entry);
    }
  }

  #reported(entry: Pending): void {
    this.#pending.delete(entry);
    const future = entry.ref.deref();
    if (future !== undefined) this.#byFuture.delete(future);
    this.#report({
      message: `${entry.what} exception was never retrieved: nobody awaited it or called result()/exception()`,
      exception: entry.error,
      ...(future !== undefined ? { future } : {}),
    });
  }
}
