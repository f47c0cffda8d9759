import {
  type Awaitable,
  type Coroutine,
  currentTask,
  type PrimitiveOptions,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  resolved,
  type WaitTarget,
  type Yieldable,
} from "../../core/index.js";
import {
  debugTracked,
  describeValue,
  OnWait,
  primitiveName,
  runningLoopFor,
  WaitQueue,
} from "../../core/internal.js";
import { FifoStore, type Store } from "./store.js";

/**
 * A snapshot of a {@link Queue} (or PriorityQueue, LifoQueue).
 * @example
 * const { size, maxsize, getters, putters, unfinished, shutdown } = queue.statistics();
 */
export interface QueueStatistics {
  /** Items a `get()` could take now: `qsize()`. */
  size: number;
  /** The bound (0: none). */
  maxsize: number;
  /** Tasks waiting for an item. */
  getters: number;
  /** Tasks waiting for room. */
  putters: number;
  /** Items put and not yet marked done with `taskDone()`: what `join()` waits for. */
  unfinished: number;
  /** Whether `shutdown()` was called. */
  shutdown: boolean;
}

/**
 * The options of a queue: `{ name }`, used in reports (`Queue 'jobs'`).
 * @example
 * const jobs = new Queue<string>(100, { name: "jobs" });
 */
export type QueueOptions = PrimitiveOptions;

/** A put that did not wait, and a join with nothing unfinished: shared, allocation-free. */
const DONE = resolved(undefined);

/**
 * A queue for producer and consumer tasks (asyncio.Queue, Python 3.13, with `shutdown`): items
 * come out first in, first out; `maxsize` bounds it (0, the default as in asyncio, means no
 * bound: pass one whenever producers can outrun consumers).
 *
 * `put()` waits while the queue is full and `get()` while it is empty, in line: waiting tasks
 * are served in the order they arrived. When an item arrives while getters wait (or room while
 * putters wait), the queue *reserves* it for the longest waiter and wakes it; nobody else can take
 * it. The wake-up is final: the woken task resumes and takes the next item in the queue's order
 * (or puts its own in) even if it was cancelled meanwhile — the cancellation is raised at its next
 * wait — so no item is ever lost, duplicated or reordered, and no latecomer can jump the line.
 *
 * Consequently `qsize()` counts the items a new `get()` could take now (not those reserved for a
 * woken getter), and `full()` is true when a new `put()` would wait (room reserved for a woken
 * putter counts as taken).
 *
 * As in Python, `get()` and `put()` do their work when waited on: `createTask(queue.get())`
 * makes the new task the getter.
 *
 * Invariants: getters wait only while no unreserved item is left; putters wait only while the
 * queue is full.
 * @example
 * const jobs = new Queue<number>(10, { name: "jobs" });
 * function* worker() {
 *   for (;;) {
 *     const job = yield* jobs.get();
 *     try { yield* handle(job); } finally { jobs.taskDone(); }
 *   }
 * }
 * function* main() {
 *   const workers = [1, 2, 3].map(() => createTask(worker));
 *   for (let i = 0; i < 100; i++) yield* jobs.put(i); // waits while 10 are queued
 *   yield* jobs.join(); // every job handled
 *   for (const w of workers) w.cancel();
 * }
 */
export class Queue<T = unknown> implements WaitTarget {
  readonly #kind: string;
  readonly #name: string;
  readonly #maxsize: number;
  readonly #store: Store<T>;
  /** Tasks waiting for an item; tasks waiting for room; tasks in `join()`. */
  readonly #getters: WaitQueue<undefined>;
  readonly #putters: WaitQueue<undefined>;
  readonly #joiners: WaitQueue<undefined>;
  /** Items reserved for woken getters, and room reserved for woken putters, until they run. */
  #reservedItems = 0;
  #reservedRoom = 0;
  #unfinished = 0;
  #shutdown = false;
  readonly #get = new OnWait(() => this.#takeOrWait());
  readonly #join = new OnWait(() => this.#joinOrWait());

  /**
   * `maxsize`: how many items the queue holds before `put()` waits; an integer >= 0, 0 (the
   * default) for no bound.
   */
  constructor(maxsize = 0, options?: QueueOptions) {
    this.#kind = new.target.name || "Queue";
    this.#maxsize = checkMaxsize(this.#kind, maxsize);
    this.#name = primitiveName(this.#kind, options, this);
    this.#store = this.createStore(options ?? {});
    this.#getters = new WaitQueue<undefined>(this, { operation: ".get()" });
    this.#putters = new WaitQueue<undefined>(this, { operation: ".put()" });
    this.#joiners = new WaitQueue<undefined>(this, { operation: ".join()" });
  }

  /** @internal Where the items live, in the order they come out: first in, first out here. */
  protected createStore(_options: QueueOptions): Store<T> {
    return new FifoStore<T>();
  }

  /** The bound given at creation (0: none). */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** How many items a `get()` could take now. */
  qsize(): number {
    // Below zero only after shutdown(immediate) dropped items reserved for woken getters.
    return Math.max(0, this.#store.length - this.#reservedItems);
  }

  /** Whether `getNowait()` would throw: no item to take now. */
  empty(): boolean {
    return this.#store.length <= this.#reservedItems;
  }

  /** Whether `putNowait()` would throw `QueueFull`: a bounded queue with no room. Never for maxsize 0. */
  full(): boolean {
    return this.#maxsize > 0 && this.#store.length + this.#reservedRoom >= this.#maxsize;
  }

  /**
   * Puts `item` in, waiting in line while the queue is full. Throws `QueueShutDown` after
   * `shutdown()`, and `RuntimeError` when no loop runs.
   * @example
   * yield* queue.put(job);
   */
  put(item: T): Awaitable<void> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.put()`);
    if (this.#shutdown) throw this.#refusePut(); // said at the call; checked again when it runs
    return debugTracked(new OnWait(this.#putOrWait, item), () => `${this.#name}.put()`);
  }

  /**
   * Puts `item` without waiting: throws `QueueFull` when the queue is full, `QueueShutDown` after
   * `shutdown()`.
   * @example
   * try { queue.putNowait(event); } catch (e) { if (e instanceof QueueFull) dropped++; else throw e; }
   */
  putNowait(item: T): void {
    if (this.#shutdown) throw this.#refusePut();
    if (this.full()) {
      throw new QueueFull(
        `${this.#name} is full (maxsize ${this.#maxsize}); use \`yield* queue.put(item)\` to wait for room`,
      );
    }
    this.#push(item);
  }

  /**
   * Takes the next item, waiting in line while there is none; resolves to the item. Throws
   * `QueueShutDown` once the queue is shut down and has no item left, and `RuntimeError` when no
   * loop runs.
   * @example
   * const job = yield* queue.get();
   */
  get(): Awaitable<T> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.get()`);
    if (this.#shutdown && this.empty()) throw this.#refuseGet();
    return debugTracked(this.#get, () => `${this.#name}.get()`);
  }

  /**
   * Takes the next item without waiting: throws `QueueEmpty` when there is none, `QueueShutDown`
   * when the queue is shut down and has none left.
   * @example
   * const batch = [];
   * while (!queue.empty()) batch.push(queue.getNowait());
   */
  getNowait(): T {
    if (!this.empty()) return this.#take();
    if (this.#shutdown) throw this.#refuseGet();
    throw new QueueEmpty(`${this.#name} is empty; use \`yield* queue.get()\` to wait for an item`);
  }

  /**
   * Marks one item taken with `get()` as handled; `join()` returns once every item put is.
   * Throws `RangeError` when called more often than items were put.
   * @example
   * const job = yield* queue.get();
   * try { yield* handle(job); } finally { queue.taskDone(); }
   */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new RangeError(
        `taskDone() called more times than there were items put (${this.#name}); call it once for each item taken with get(), after handling it`,
      );
    }
    this.#unfinished--;
    if (this.#unfinished === 0) this.#releaseJoiners();
  }

  /**
   * Waits until every item put has been marked done with `taskDone()` (at once if none is
   * unfinished). Throws `RuntimeError` when no loop runs.
   * @example
   * yield* queue.join(); // all the work is done
   */
  join(): Awaitable<void> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.join()`);
    return debugTracked(this.#join, () => `${this.#name}.join()`);
  }

  /**
   * Shuts the queue down (Python 3.13): `put()` and `putNowait()` throw `QueueShutDown` from now
   * on, and so do `get()` and `getNowait()` once no item is left; waiting putters, and waiting
   * getters (there is nothing for them), get `QueueShutDown` now. With `immediate`, the items
   * still queued are dropped and counted as done (which may release `join()`), so every getter
   * fails at once.
   * @example
   * queue.shutdown(); // consumers drain what is left, then get QueueShutDown
   * queue.shutdown(true); // consumers stop at once
   */
  shutdown(immediate = false): void {
    if (typeof immediate !== "boolean") {
      throw new TypeError(
        `${this.#kind}.shutdown(immediate) takes a boolean; got ${describeValue(immediate)}`,
      );
    }
    this.#shutdown = true;
    if (immediate) {
      const dropped = this.#store.length;
      this.#store.clear();
      this.#unfinished = Math.max(0, this.#unfinished - dropped);
      if (this.#unfinished === 0) this.#releaseJoiners();
    }
    this.#getters.failAll(this.#refuseGet());
    this.#putters.failAll(this.#refusePut());
  }

  /** A snapshot: items, bound, waiting getters and putters, unfinished items, shut down or not. */
  statistics(): QueueStatistics {
    return {
      size: this.qsize(),
      maxsize: this.#maxsize,
      getters: this.#getters.length,
      putters: this.#putters.length,
      unfinished: this.#unfinished,
      shutdown: this.#shutdown,
    };
  }

  /** `Queue 'name'`, or `Queue#<n>` when unnamed (`PriorityQueue#<n>`, `LifoQueue#<n>`). */
  describe(): string {
    return this.#name;
  }

  /** The get itself, run by the waiting task: take an item, or wait in line for one. */
  #takeOrWait(): Iterator<Yieldable, T, unknown> {
    if (!this.empty()) return resolved(this.#take());
    if (this.#shutdown) throw this.#refuseGet();
    return this.#waitForItem();
  }

  *#waitForItem(): Coroutine<T> {
    yield* this.#getters.park(); // woken holding a reservation: it is used whatever happens
    this.#reservedItems--;
    // Only shutdown(immediate) removes reserved items: nothing will come for this getter.
    if (this.#store.length === 0) throw this.#refuseGet();
    try {
      return this.#take();
    } catch (error) {
      this.#offerItem(); // the item stayed in (an unorderable item): another getter may try
      throw error;
    }
  }

  /** The put itself, run by the waiting task: put the item in, or wait in line for room. */
  readonly #putOrWait = (item: T): Iterator<Yieldable, undefined, unknown> => {
    if (this.#shutdown) throw this.#refusePut();
    if (this.full()) return this.#waitForRoom(item);
    this.#push(item);
    return DONE;
  };

  *#waitForRoom(item: T): Coroutine<undefined> {
    yield* this.#putters.park(); // woken holding a reservation: it is used whatever happens
    this.#reservedRoom--;
    if (this.#shutdown) throw this.#refusePut();
    try {
      this.#push(item);
    } catch (error) {
      this.#offerRoom(); // the item could not go in (an unorderable item): its room is free
      throw error;
    }
    return undefined;
  }

  #joinOrWait(): Iterator<Yieldable, undefined, unknown> {
    if (this.#unfinished === 0) return DONE;
    return this.#joiners.park();
  }

  /** Stores an item (the store may refuse it by throwing) and reserves it for a waiting getter. */
  #push(item: T): void {
    this.#store.push(item);
    this.#unfinished++;
    this.#offerItem();
  }

  /** Takes the next item and offers its room to a waiting putter. */
  #take(): T {
    const item = this.#store.take();
    this.#offerRoom();
    return item;
  }

  /** An unreserved item is there: reserve it for the longest-waiting getter, if any. */
  #offerItem(): void {
    if (this.#store.length > this.#reservedItems && this.#getters.unparkOne(undefined) !== null) {
      this.#reservedItems++;
    }
  }

  /** There is room: reserve it for the longest-waiting putter, if any. */
  #offerRoom(): void {
    if (!this.full() && this.#putters.unparkOne(undefined) !== null) this.#reservedRoom++;
  }

  #releaseJoiners(): void {
    if (this.#joiners.length > 0) this.#joiners.unparkAll(undefined);
  }

  #refusePut(): QueueShutDown {
    return new QueueShutDown(
      `${this.#name} was shut down: it takes no more items; stop producing, or use a new queue`,
    );
  }

  #refuseGet(): QueueShutDown {
    return new QueueShutDown(
      `${this.#name} was shut down and has no items left: no more will come; end the consumer (catch QueueShutDown)`,
    );
  }
}

/** maxsize: an integer >= 0. */
function checkMaxsize(kind: string, maxsize: unknown): number {
  if (typeof maxsize !== "number" || !Number.isInteger(maxsize) || maxsize < 0) {
    // Lock and Event take their options first; a queue takes maxsize first, like asyncio.
    const hint =
      typeof maxsize === "object" && maxsize !== null
        ? ` (options come second: new ${kind}(0, { name }))`
        : "";
    throw new RangeError(
      `${kind} maxsize must be an integer >= 0 (0, the default, means no bound); got ${describeValue(maxsize)}${hint}`,
    );
  }
  return maxsize;
}
