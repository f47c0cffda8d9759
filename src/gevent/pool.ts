import {
  Queue as AsyncioQueue,
  type Awaitable,
  type Coroutine,
  type Future,
  GreenletExit,
  type Yieldable,
} from "../asyncio/index.js";
import { checkDelay, describeValue } from "../core/internal.js";
import { checkBody } from "./body.js";
import { Greenlet } from "./greenlet.js";
import { getHub, hubCall } from "./hub.js";
import { joinall } from "./join.js";
import { PoolSlots } from "./pool-slots.js";

/**
 * A snapshot of a {@link Pool}.
 * @example
 * const { size, running, free, waiting } = pool.statistics();
 */
export interface PoolStatistics {
  /** The most greenlets it runs at once. */
  size: number;
  /** Greenlets holding a slot now. */
  running: number;
  /** Free slots: `freeCount()`. */
  free: number;
  /** Greenlets spawned while the pool was full, waiting for a slot. */
  waiting: number;
}

type Body<A extends unknown[], R> = (...args: A) => Generator<Yieldable, R, unknown> | R;

/**
 * A bounded group of greenlets (gevent.pool.Pool): at most `size` run at once. With a free slot
 * `spawn()` starts the greenlet and returns it at once, as gevent does. When the pool is full,
 * gevent's `spawn` blocks the caller; a plain call cannot, so the greenlet it returns waits for a
 * slot (first come, first served) before its body runs — it is joinable and killable meanwhile.
 * A producer that must not outrun the pool waits first: `yield* pool.waitAvailable()`, then
 * `spawn`. `size` is an integer >= 1 (gevent's unbounded `Pool()` is deliberately absent: pass
 * the bound you mean).
 * @example
 * const pool = new Pool(10);
 * const g = pool.spawn(fetchPage, url); // started: pool.freeCount() is 9
 * yield* g.join();
 * const pages = yield* pool.map(function* (url: string) { return yield* fetch(url); }, urls);
 */
export class Pool {
  readonly #size: number;
  readonly #slots: PoolSlots;

  constructor(size: number) {
    if (typeof size !== "number" || !Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `Pool(size): size must be an integer >= 1, the most greenlets to run at once; got ${describeValue(size)}`,
      );
    }
    this.#size = size;
    this.#slots = new PoolSlots(size, `Pool(${size})`);
  }

  /** The most greenlets it runs at once. */
  get size(): number {
    return this.#size;
  }

  /** How many more greenlets it would start without waiting. */
  freeCount(): number {
    return this.#slots.free();
  }

  /** Whether a greenlet spawned now would wait for a slot. */
  full(): boolean {
    return this.freeCount() <= 0;
  }

  /**
   * Makes a greenlet running `fn(...args)` in the pool and returns it at once. With a free slot
   * it is started (it runs when the caller yields) and holds the slot; when the pool is full it
   * waits for a slot, in spawn order, before its body runs.
   * @example
   * const g = pool.spawn(worker, job);
   * yield* g.join();
   */
  spawn<A extends unknown[], R>(fn: Body<A, R>, ...args: A): Greenlet<R> {
    checkBody("Pool.spawn", fn);
    const g = new Greenlet<R>(fn as (...a: never[]) => unknown, ...args);
    this.#slots.admit(g as Greenlet<unknown>);
    return g;
  }

  /**
   * Waits until a slot is free, or `timeout` seconds pass, and evaluates to the free slots then
   * (gevent's `wait_available`; 0 if the timeout came first). With `spawn` right after it,
   * before yielding again, it is gevent's blocking spawn: a producer never outruns the pool.
   * @example
   * for (const job of jobs) {
   *   yield* pool.waitAvailable();
   *   pool.spawn(worker, job);
   * }
   */
  waitAvailable(timeout?: number | null): Awaitable<number> {
    if (timeout !== undefined && timeout !== null) checkDelay("Pool.waitAvailable", timeout);
    return hubCall(() => this.#waitAvailable(timeout));
  }

  *#waitAvailable(timeout: number | null | undefined): Coroutine<number> {
    yield* this.#slots.untilFree(timeout);
    return this.freeCount();
  }

  /** Waits for a free slot, then starts `fn(item)` in it (map's and imapUnordered's producers). */
  *#spawnWhenFree<I, R>(fn: Body<[I], R>, item: I): Coroutine<Greenlet<R>> {
    yield* this.#slots.untilFree(null);
    return this.spawn(fn, item);
  }

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
      const g = yield* this.#spawnWhenFree(fn, item);
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
              const g = yield* pool.#spawnWhenFree(fn, item);
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
    for (let left = this.#slots.greenlets(); left.length > 0; left = this.#slots.greenlets()) {
      const rest = deadline === null ? null : deadline - hub.time();
      if (rest !== null && rest <= 0) return false;
      yield* joinall(left, { timeout: rest });
    }
    return true;
  }

  /** Kills every greenlet of the pool, those waiting for a slot too, and waits for them (gevent's `Pool.kill`). */
  kill(): Awaitable<void> {
    const all = this.#slots.greenlets();
    for (const g of all) g.throwIn(new GreenletExit());
    return hubCall(function* () {
      yield* joinall(all);
    });
  }

  /** A snapshot: size, running, free slots, greenlets waiting for a slot. */
  statistics(): PoolStatistics {
    return {
      size: this.#size,
      running: this.#slots.running,
      free: this.freeCount(),
      waiting: this.#slots.waiting(),
    };
  }

  toString(): string {
    return `<Pool ${this.#slots.running}/${this.#size}>`;
  }
}

/** Marks the end of the feeder's items in `imapUnordered`. */
const DONE = Symbol("done");
