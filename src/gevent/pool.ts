import {
  Queue as AsyncioQueue,
  type Awaitable,
  type Coroutine,
  type Future,
  GreenletExit,
  Semaphore,
  type Task,
  type Yieldable,
} from "../asyncio/index.js";
import { describeValue } from "../core/internal.js";
import { checkBody } from "./body.js";
import { Greenlet } from "./greenlet.js";
import { getHub, hubCall } from "./hub.js";
import { joinall } from "./join.js";

/**
 * A snapshot of a {@link Pool}.
 * @example
 * const { size, running, free, waiting } = pool.statistics();
 */
export interface PoolStatistics {
  /** The most greenlets it runs at once. */
  size: number;
  /** Greenlets running now. */
  running: number;
  /** Free slots: `freeCount()`. */
  free: number;
  /** Callers of `spawn()` waiting for a slot. */
  waiting: number;
}

type Body<A extends unknown[], R> = (...args: A) => Generator<Yieldable, R, unknown> | R;

/**
 * A bounded group of greenlets (gevent.pool.Pool): at most `size` run at once; `spawn()` waits
 * for a free slot when the pool is full, so a producer can never outrun it. `size` is an integer
 * >= 1 (gevent's unbounded `Pool()` is deliberately absent: pass the bound you mean).
 * @example
 * const pool = new Pool(10);
 * const pages = yield* pool.map(function* (url: string) { return yield* fetch(url); }, urls);
 */
export class Pool {
  readonly #size: number;
  readonly #slots: Semaphore;
  readonly #running = new Map<Task<unknown>, Greenlet<unknown>>();

  constructor(size: number) {
    if (typeof size !== "number" || !Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `Pool(size): size must be an integer >= 1, the most greenlets to run at once; got ${describeValue(size)}`,
      );
    }
    this.#size = size;
    this.#slots = new Semaphore(size, { name: `Pool(${size}) slots` });
  }

  /** The most greenlets it runs at once. */
  get size(): number {
    return this.#size;
  }

  /** How many more greenlets it would start without waiting. */
  freeCount(): number {
    return this.#size - this.#running.size;
  }

  /** Whether `spawn()` would wait. */
  full(): boolean {
    return this.freeCount() <= 0;
  }

  /**
   * Starts `fn(...args)` in the pool, waiting for a free slot first; evaluates to its greenlet.
   * @example
   * const g = yield* pool.spawn(worker, job);
   */
  spawn<A extends unknown[], R>(fn: Body<A, R>, ...args: A): Awaitable<Greenlet<R>> {
    checkBody("Pool.spawn", fn);
    return hubCall(() => this.#spawn(fn, args));
  }

  *#spawn<A extends unknown[], R>(fn: Body<A, R>, args: A): Coroutine<Greenlet<R>> {
    yield* this.#slots.acquire();
    const g = new Greenlet<R>(fn as (...a: never[]) => unknown, ...args);
    g.start();
    const task = g.task as Task<unknown>;
    this.#running.set(task, g as Greenlet<unknown>);
    task.addListener(this.#left);
    return g;
  }

  /** One listener for every greenlet of the pool: a finished one frees its slot. */
  readonly #left = {
    futureDone: (task: Future<unknown>): void => {
      this.#running.delete(task as Task<unknown>);
      this.#slots.release();
    },
  };

  /**
   * Runs `fn` over `items` in the pool and evaluates to the results in order; throws the first
   * error (after the greenlets started so far finish).
   * @example
   * const lengths = yield* pool.map(function* (s: string) { return s.length; }, ["a", "bb"]);
   */
  map<I, R>(
    fn: (item: I) => Generator<Yieldable, R, unknown> | R,
    items: Iterable<I>,
  ): Awaitable<R[]> {
    checkBody("Pool.map", fn);
    return hubCall(() => this.#map(fn, items));
  }

  *#map<I, R>(fn: Body<[I], R>, items: Iterable<I>): Coroutine<R[]> {
    // Results are collected as greenlets finish, so a finished greenlet is garbage at once: a
    // map over 300k items does not keep 300k greenlets alive until the end.
    const results: R[] = [];
    let pending = 0;
    let failure: { error: unknown } | null = null;
    let allDone: Future<void> | null = null;
    let index = 0;
    for (const item of items) {
      const i = index++;
      results.push(undefined as R);
      const g = yield* this.#spawn(fn, [item]);
      pending++;
      g.task!.addListener({
        futureDone: () => {
          if (g.exception !== undefined) failure ??= { error: g.exception };
          else results[i] = g.value as R;
          if (--pending === 0 && allDone !== null && !allDone.done()) allDone.setResult();
        },
      });
    }
    if (pending > 0) {
      allDone = getHub().createFuture<void>(`Pool.map of ${index}`);
      yield* allDone;
    }
    if (failure !== null) throw (failure as { error: unknown }).error;
    return results;
  }

  /**
   * Runs `fn` over `items` in the pool and yields the results as they finish (gevent's
   * `imap_unordered`), as an async iterable: `for await (const r of pool.imapUnordered(fn, items))`.
   * A failed item rethrows its error from the iteration.
   * @example
   * for await (const page of pool.imapUnordered(fetchPage, urls)) console.log(page.length);
   */
  imapUnordered<I, R>(
    fn: (item: I) => Generator<Yieldable, R, unknown> | R,
    items: Iterable<I>,
  ): AsyncIterable<R> {
    checkBody("Pool.imapUnordered", fn);
    const pool = this;
    return {
      [Symbol.asyncIterator](): AsyncIterator<R> {
        let results: AsyncioQueue<{ ok: boolean; value: unknown }> | null = null;
        let total = -1;
        let taken = 0;
        const start = function* (): Coroutine<void> {
          results = new AsyncioQueue();
          const out = results;
          const feeder = new Greenlet(function* () {
            let n = 0;
            for (const item of items) {
              n++;
              const g = yield* pool.#spawn(fn, [item]);
              g.task!.addListener({
                futureDone: () =>
                  out.putNowait(
                    g.exception === undefined
                      ? { ok: true, value: g.value }
                      : { ok: false, value: g.exception },
                  ),
              });
            }
            total = n;
            out.putNowait({ ok: true, value: DONE });
          });
          feeder.start();
        };
        const next = function* (): Coroutine<IteratorResult<R>> {
          if (results === null) yield* start();
          for (;;) {
            if (total >= 0 && taken >= total) return { value: undefined, done: true };
            const r = yield* results!.get();
            if (r.value === DONE) continue;
            taken++;
            if (!r.ok) throw r.value;
            return { value: r.value as R, done: false };
          }
        };
        return {
          next: () => Promise.resolve(hubCall(next)),
        };
      },
    };
  }

  /**
   * Waits until every greenlet in the pool has finished (evaluates to true), or `timeout`
   * seconds (false).
   * @example
   * yield* pool.join();
   */
  join(timeout?: number | null): Awaitable<boolean> {
    return hubCall(() => this.#join(timeout));
  }

  *#join(timeout: number | null | undefined): Coroutine<boolean> {
    const hub = getHub();
    const deadline = timeout === undefined || timeout === null ? null : hub.time() + timeout;
    while (this.#running.size > 0) {
      const left = deadline === null ? null : deadline - hub.time();
      if (left !== null && left <= 0) return false;
      yield* joinall([...this.#running.values()], { timeout: left });
    }
    return true;
  }

  /** Kills every greenlet in the pool and waits for them (gevent's `Pool.kill`). */
  kill(): Awaitable<void> {
    const running = [...this.#running.values()];
    for (const g of running) g.throwIn(new GreenletExit());
    return hubCall(function* () {
      yield* joinall(running);
    });
  }

  /** A snapshot: size, running, free slots, waiting spawners. */
  statistics(): PoolStatistics {
    return {
      size: this.#size,
      running: this.#running.size,
      free: this.freeCount(),
      waiting: this.#slots.statistics().waiters,
    };
  }

  toString(): string {
    return `<Pool ${this.#running.size}/${this.#size}>`;
  }
}

/** Marks the end of the feeder's items in `imapUnordered`. */
const DONE = Symbol("done");
