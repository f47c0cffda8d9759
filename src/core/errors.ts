/**
 * Every error spindle raises, in one module (asyncio's `exceptions.py` is the model).
 * Each message says what happened and what to do. Python's ValueError cases are `RangeError`,
 * its TypeError cases `TypeError`, its RuntimeError cases {@link RuntimeError}.
 * @module
 */

/**
 * The operation or task was cancelled. Catch it only to clean up, then rethrow. It carries no
 * stack trace (see the constructor).
 * @example
 * try { yield* sleep(10); } catch (e) { if (e instanceof CancelledError) cleanup(); throw e; }
 */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(message = "the task was cancelled") {
    // Cancellation is control flow, raised by the thousand when a TaskGroup, a timeout or run()'s
    // shutdown cancels tasks; capturing a stack through generator frames cost ~7 µs each and
    // dominated cancelling 100k tasks. The message says why; the stack would only say "here".
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/**
 * An operation was called on a future or task in the wrong state (asyncio's InvalidStateError).
 * @example
 * const f = loop.createFuture(); f.result(); // throws InvalidStateError: still pending
 */
export class InvalidStateError extends Error {
  override name = "InvalidStateError";
}

/**
 * Something is used in a way that cannot work right now (Python's RuntimeError): a closed loop,
 * `run()` inside a running loop, a shut-down executor.
 * @example
 * loop.close(); loop.callSoon(f); // throws RuntimeError: the loop is closed
 */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

/**
 * A deadline passed (asyncio.TimeoutError, which is Python's built-in TimeoutError).
 * @example
 * yield* waitFor(slowTask, 1); // throws TimeoutError after one second
 */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  constructor(message = "the operation timed out") {
    super(message);
  }
}

/**
 * One blocked task in a {@link DeadlockError} report.
 * @example
 * for (const b of error.blocked) console.log(`${b.task} waits on ${b.waitsOn}`);
 */
export interface BlockedTask {
  /** The task's name, verbatim. */
  readonly task: string;
  /** What it waits on, in words. */
  readonly waitsOn: string;
  /** Names of the tasks that hold what it waits on (locks), if any. */
  readonly heldBy: readonly string[];
}

/**
 * Nothing can ever wake the tasks that are still waiting: asyncio would hang and Node would exit
 * silently; spindle reports who waits on what, who holds it, and the cycle when there is one.
 * @example
 * await run(function* () { yield* getRunningLoop().createFuture(); });
 * // rejects: DeadlockError: deadlock: no task can make progress ... 'main' waits on Future#1 ...
 */
export class DeadlockError extends Error {
  override name = "DeadlockError";
  /** Each blocked task, in creation order. */
  readonly blocked: readonly BlockedTask[];
  /** Task names forming a wait-for cycle (first name repeated at the end), or null. */
  readonly cycle: readonly string[] | null;
  constructor(message: string, blocked: readonly BlockedTask[], cycle: readonly string[] | null) {
    super(message);
    this.blocked = blocked;
    this.cycle = cycle;
  }
}

/**
 * Several errors raised together, as by a TaskGroup (Python's ExceptionGroup). Its message lists
 * them, as Python's traceback does, so an uncaught group shows what went wrong:
 *
 * ```text
 * ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)
 *   1. RangeError: a
 *   2. TypeError: b
 * ```
 *
 * `E` is the type of the errors; `exceptions` holds them, or nested groups of them. `subgroup`
 * and `split` keep it, and narrow it when given a type guard.
 * @example
 * const g = new ExceptionGroup("two failed", [new RangeError("a"), new TypeError("b")]);
 * const [ranges, rest] = g.split((e): e is RangeError => e instanceof RangeError);
 * // ranges: ExceptionGroup<RangeError> | null, rest: ExceptionGroup<RangeError | TypeError> | null
 */
export class ExceptionGroup<E = Error> extends Error {
  /** Children listed in the message at most (Python's traceback prints 15, then "and N more"). */
  static readonly #LISTED = 15;
  override name = "ExceptionGroup";
  /** The errors, in the order they happened; a nested group stands for its own errors. */
  readonly exceptions: readonly (E | ExceptionGroup<E>)[];
  /** The message as given, without the count and the list (Python's `eg.message`). */
  readonly #base: string;

  constructor(message: string, exceptions: readonly (E | ExceptionGroup<E>)[]) {
    if (exceptions.length === 0) {
      throw new RangeError("ExceptionGroup needs at least one exception; got an empty list");
    }
    super(ExceptionGroup.#render(message, exceptions));
    this.#base = message;
    this.exceptions = exceptions;
  }

  /** The group of errors (searched through nested groups) that match, or null if none. */
  subgroup<M extends E>(match: (e: E | ExceptionGroup<E>) => e is M): ExceptionGroup<M> | null;
  subgroup(match: (e: E | ExceptionGroup<E>) => boolean): ExceptionGroup<E> | null;
  subgroup(match: (e: E | ExceptionGroup<E>) => boolean): ExceptionGroup<E> | null {
    return this.split(match)[0];
  }

  /** Splits into `[matching, rest]`, keeping nesting; either is null when empty. */
  split<M extends E>(
    match: (e: E | ExceptionGroup<E>) => e is M,
  ): [ExceptionGroup<M> | null, ExceptionGroup<E> | null];
  split(
    match: (e: E | ExceptionGroup<E>) => boolean,
  ): [ExceptionGroup<E> | null, ExceptionGroup<E> | null];
  split(
    match: (e: E | ExceptionGroup<E>) => boolean,
  ): [ExceptionGroup<E> | null, ExceptionGroup<E> | null] {
    if (match(this)) return [this, null];
    const yes: (E | ExceptionGroup<E>)[] = [];
    const no: (E | ExceptionGroup<E>)[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup) {
        const [a, b] = (e as ExceptionGroup<E>).split(match);
        if (a) yes.push(a);
        if (b) no.push(b);
      } else {
        (match(e) ? yes : no).push(e);
      }
    }
    return [
      yes.length === 0 ? null : no.length === 0 ? this : new ExceptionGroup(this.#base, yes),
      no.length === 0 ? null : yes.length === 0 ? this : new ExceptionGroup(this.#base, no),
    ];
  }

  /** "base (2 sub-exceptions)" then one numbered line per child; a child's own lines indented. */
  static #render(base: string, exceptions: readonly unknown[]): string {
    const n = exceptions.length;
    const lines = [`${base} (${n} sub-exception${n === 1 ? "" : "s"})`];
    const listed = Math.min(n, ExceptionGroup.#LISTED);
    for (let i = 0; i < listed; i++) {
      const label = `  ${i + 1}. `;
      const text = ExceptionGroup.#describe(exceptions[i]).replace(
        /\n/g,
        `\n${" ".repeat(label.length)}`,
      );
      lines.push(label + text);
    }
    if (n > listed) lines.push(`  … and ${n - listed} more`);
    return lines.join("\n");
  }

  /** "RangeError: a" for an error; a thrown non-Error value as itself, marked. */
  static #describe(e: unknown): string {
    try {
      if (e instanceof Error) return e.message === "" ? e.name : `${e.name}: ${e.message}`;
      return `${typeof e === "string" ? JSON.stringify(e) : String(e)} (thrown, not an Error)`;
    } catch {
      return "(an error that cannot be shown)";
    }
  }
}

/**
 * The barrier was reset or aborted while tasks waited on it, or is broken (asyncio's
 * BrokenBarrierError).
 * @example
 * barrier.abort(); yield* barrier.wait(); // throws BrokenBarrierError
 */
export class BrokenBarrierError extends Error {
  override name = "BrokenBarrierError";
  constructor(message = "the barrier is broken (reset or aborted); call reset() to use it again") {
    super(message);
  }
}

/**
 * `getNowait()` on an empty queue.
 * @example
 * queue.getNowait(); // on an empty queue: throws QueueEmpty
 */
export class QueueEmpty extends Error {
  override name = "QueueEmpty";
  constructor(message = "the queue is empty; use `yield* queue.get()` to wait for an item") {
    super(message);
  }
}

/**
 * `putNowait()` on a full queue.
 * @example
 * queue.putNowait(item); // on a full queue: throws QueueFull
 */
export class QueueFull extends Error {
  override name = "QueueFull";
  constructor(message = "the queue is full; use `yield* queue.put(item)` to wait for room") {
    super(message);
  }
}

/**
 * The queue was shut down: no more puts, and gets fail once it is empty.
 * @example
 * queue.shutdown(); yield* queue.put(1); // throws QueueShutDown
 */
export class QueueShutDown extends Error {
  override name = "QueueShutDown";
  constructor(message = "the queue was shut down") {
    super(message);
  }
}

/**
 * A stream read found no separator within the reader's limit (asyncio's LimitOverrunError).
 * @example
 * try { yield* reader.readuntil("\n"); } catch (e) { if (e instanceof LimitOverrunError) console.log(e.consumed); }
 */
export class LimitOverrunError extends Error {
  override name = "LimitOverrunError";
  /** How many bytes were consumed looking for the separator. */
  readonly consumed: number;
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}

/**
 * The stream ended before the expected number of bytes arrived.
 * @example
 * try { yield* reader.readexactly(10); } catch (e) { if (e instanceof IncompleteReadError) console.log(e.partial); }
 */
export class IncompleteReadError extends Error {
  override name = "IncompleteReadError";
  /** The bytes read before the end of the stream. */
  readonly partial: Uint8Array;
  /** How many bytes were expected, or null when reading up to a separator. */
  readonly expected: number | null;
  constructor(partial: Uint8Array, expected: number | null) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? "an undefined number of" : expected} expected bytes: the stream ended early`,
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * The executor cannot run work any more (a pool whose workers cannot be started).
 * @example
 * executor.submit(fn); // when its workers cannot start: BrokenExecutor
 */
export class BrokenExecutor extends Error {
  override name = "BrokenExecutor";
}

/**
 * A worker died while running a job; only that job fails, and the worker is replaced.
 * @example
 * catch (e) { if (e instanceof WorkerCrashedError) console.log(e.exitCode, e.signal); }
 */
export class WorkerCrashedError extends Error {
  override name = "WorkerCrashedError";
  /** The worker's exit code, or null when it was killed by a signal. */
  readonly exitCode: number | null;
  /** The signal that killed it, or null. */
  readonly signal: string | null;
  constructor(message: string, exitCode: number | null, signal: string | null) {
    super(message);
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/**
 * Raised inside a greenlet to kill it; uncaught, it reaches the parent as a value.
 * @example
 * g.throw(); // raises GreenletExit inside g
 */
export class GreenletExit extends Error {
  override name = "GreenletExit";
  constructor(message = "the greenlet was killed") {
    super(message);
  }
}

/**
 * A bug in spindle itself: please report it with the stack trace.
 * @example
 * throw new InternalError("a task was queued twice");
 */
export class InternalError extends Error {
  override name = "InternalError";
  constructor(message: string) {
    super(`${message} (this is a bug in spindle; please report it with this stack trace)`);
  }
}
