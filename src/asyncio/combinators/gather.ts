import { Future, type Loop } from "../../core/index.js";
import { type AwaitableInput, loopFor, type ResultOf, toFuture } from "./inputs.js";

/**
 * Options of {@link gather} and {@link gatherAll}.
 * @example
 * const [a, b] = yield* gather(job(1), job(2), { returnExceptions: true });
 */
export interface GatherOptions {
  /** Failures become results (the error in the failed child's place) instead of failing gather. */
  returnExceptions?: boolean;
}

/**
 * The results of a gather, in argument order.
 * @example
 * type R = GatherResults<[Task<number>, Promise<string>]>; // [number, string]
 */
export type GatherResults<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]>;
};

/**
 * The results of a gather with `returnExceptions`: each is a value, or the error its child failed
 * with (a `CancelledError` for a cancelled child). Errors thrown as non-Error values come as they are.
 * @example
 * type R = GatherOutcomes<[Task<number>]>; // [number | Error]
 */
export type GatherOutcomes<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]> | Error;
};

/**
 * The future gather returns. It listens to every child with itself (one listener object for all,
 * no promise or closure per child) and counts completions; results are collected in argument order
 * once the last child is done.
 *
 * Invariant: `#pending` is the number of child registrations not yet delivered; the outcome is
 * set once — on the first failure (without returnExceptions), or when `#pending` reaches 0.
 */
class GatheringFuture extends Future<unknown[]> {
  readonly #children: readonly Future<unknown>[];
  readonly #returnExceptions: boolean;
  #pending: number;
  /** cancel() reached the children: the outcome is CancelledError whatever they return. */
  #cancelRequested = false;
  #cancelMessage: string | undefined = undefined;

  constructor(loop: Loop, children: readonly Future<unknown>[], returnExceptions: boolean) {
    // It describes itself in deadlock reports ("waits on gather() of 3 awaitables"); each child
    // has its own line there.
    super(loop, `gather() of ${children.length} awaitable${children.length === 1 ? "" : "s"}`);
    this.#children = children;
    this.#returnExceptions = returnExceptions;
    this.#pending = children.length;
  }

  /** Registers on every child; children already done are delivered at once. */
  start(): this {
    if (this.#pending === 0) super.setResult([]);
    for (const child of this.#children) child.addListener(this);
    return this;
  }

  /**
   * Cancels every child that is not done yet; gather then ends with CancelledError once they all
   * have finished (asyncio's `_GatheringFuture.cancel`). False if nothing could be cancelled.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    // Set first: a child may finish synchronously while we cancel the next ones.
    this.#cancelRequested = true;
    this.#cancelMessage = message;
    let any = false;
    for (const child of this.#children) if (child.cancel(message)) any = true;
    if (!any) this.#cancelRequested = false;
    return any;
  }

  /** @internal A child finished. */
  futureDone(child: Future<unknown>): void {
    this.#pending--;
    if (this.done()) {
      // asyncio's rule: once gather has its outcome, later failures are marked as seen.
      if (!child.cancelled()) {
        try {
          child.result();
        } catch {}
      }
      return;
    }
    if (!this.#returnExceptions) {
      try {
        child.result();
      } catch (error) {
        // The first failure is gather's outcome; the other children keep running.
        if (child.cancelled()) super.cancel((error as Error).message);
        else super.setException(error);
        return;
      }
    }
    if (this.#pending === 0) this.#finish();
  }

  #finish(): void {
    if (this.#cancelRequested) {
      super.cancel(this.#cancelMessage);
      return;
    }
    const children = this.#children;
    const results = new Array<unknown>(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (!this.#returnExceptions) {
        results[i] = child.result();
        continue;
      }
      try {
        results[i] = child.result();
      } catch (error) {
        results[i] = error;
      }
    }
    super.setResult(results);
  }
}

/**
 * Runs the awaitables concurrently and evaluates to their results in argument order
 * (asyncio.gather). Generators, generator functions, Promises and async functions become tasks.
 * The first failure fails gather at once while the other children keep running, unless
 * `{ returnExceptions: true }` (a trailing options object) makes failures results. Cancelling
 * gather cancels every child; a cancelled child makes gather fail with CancelledError.
 * For more awaitables than a JavaScript call takes (about 100k), use {@link gatherAll}.
 * @example
 * const [user, posts] = yield* gather(fetchUser(id), fetchPosts(id)); // typed [User, Post[]]
 * const outcomes = yield* gather(a, b, { returnExceptions: true }); // errors in place of results
 */
export function gather<A extends AwaitableInput[]>(...aws: A): Future<GatherResults<A>>;
export function gather<A extends AwaitableInput[]>(
  ...args: [...A, { returnExceptions: true }]
): Future<GatherOutcomes<A>>;
export function gather<A extends AwaitableInput[]>(
  ...args: [...A, { returnExceptions?: false }]
): Future<GatherResults<A>>;
export function gather<A extends AwaitableInput[]>(
  ...args: [...A, GatherOptions]
): Future<GatherOutcomes<A>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  const last = args[args.length - 1];
  let returnExceptions = false;
  if (args.length > 0 && isOptions(last)) {
    returnExceptions = checkOptions("gather()", last);
    args.pop();
  }
  return gatherFrom("gather()", args, returnExceptions);
}

/**
 * {@link gather} over an iterable: the same semantics, for any number of awaitables (a spread
 * `gather(...list)` of more than about 100k items exceeds what a JavaScript call can take).
 * @example
 * const results = yield* gatherAll(jobs.map((j) => worker(j))); // number[]
 */
export function gatherAll<X extends AwaitableInput>(
  aws: Iterable<X>,
  options: { returnExceptions: true },
): Future<(ResultOf<X> | Error)[]>;
export function gatherAll<X extends AwaitableInput>(
  aws: Iterable<X>,
  options?: { returnExceptions?: false },
): Future<ResultOf<X>[]>;
export function gatherAll<X extends AwaitableInput>(
  aws: Iterable<X>,
  options?: GatherOptions,
): Future<(ResultOf<X> | Error)[]>;
export function gatherAll(aws: Iterable<unknown>, options: GatherOptions = {}): Future<unknown[]> {
  if (
    aws === null ||
    typeof (aws as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(
      "gatherAll() needs an iterable of awaitables (an array, a Set...); for separate arguments use gather(a, b, c)",
    );
  }
  const returnExceptions = checkOptions("gatherAll()", options);
  return gatherFrom("gatherAll()", Array.isArray(aws) ? aws : [...aws], returnExceptions);
}

function gatherFrom(
  what: string,
  inputs: readonly unknown[],
  returnExceptions: boolean,
): Future<unknown[]> {
  const loop = loopFor(what);
  const children = new Array<Future<unknown>>(inputs.length);
  // The same generator (or promise) given twice is wrapped once and fills both places, as in
  // Python: two tasks over one generator would each run part of it.
  const wrapped = new Map<unknown, Future<unknown>>();
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    try {
      const again = typeof input === "object" ? wrapped.get(input) : undefined;
      if (again !== undefined) {
        children[i] = again;
        continue;
      }
      children[i] = toFuture(loop, input, what, i);
      if (typeof input === "object" && input !== null) wrapped.set(input, children[i]!);
    } catch (error) {
      // Tasks made for earlier arguments have not run a step yet: cancel them unstarted.
      for (let j = 0; j < i; j++) if (children[j] !== inputs[j]) children[j]!.cancel();
      throw error;
    }
  }
  return new GatheringFuture(loop, children, returnExceptions).start();
}

/** A trailing plain object (not a thenable) is gather's options. */
function isOptions(value: unknown): value is GatherOptions {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { then?: unknown }).then !== "function"
  );
}

function checkOptions(what: string, options: unknown): boolean {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${what} options must be an object like { returnExceptions: true }`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "returnExceptions") {
      throw new TypeError(
        `${what} got an unknown option '${key}'; its only option is returnExceptions (a boolean)`,
      );
    }
  }
  const value = (options as GatherOptions).returnExceptions;
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(
      `${what} option returnExceptions must be true or false; got ${String(value)}`,
    );
  }
  return value === true;
}
