import {
  type Awaitable,
  currentTask,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  resolved,
  WaitQueue,
  type WaitTarget,
} from "../../core/index.js";
import { describeValue } from "../../core/internal.js";
import { LoopBound, runningLoopFor } from "../locks/loop-bound.js";
import { type PrimitiveOptions, primitiveName } from "../locks/naming.js";
import { type Claimant, Pending, Ready } from "./awaitables.js";
import { Side } from "./side.js";
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
 * putters wait), the queue *reserves* one for the longest waiter and wakes it; nobody else can
 * take it, and if the woken task is cancelled before it runs, the reservation passes to the next
 * waiter. The item stays in the queue until the woken getter runs and takes the next one in the
 * queue's order; a putter's item goes in when the putter runs. So no item is ever lost,
 * duplicated or reordered, whatever is cancelled when (asyncio can wake a getter, then let
 * another task take its item), and no latecomer can jump the line.
 *
 * Consequently `qsize()` counts the items a new `get()` could take now (not those already
 * reserved for a woken getter), and `full()` is true when a new `put()` would wait (an item
 * reserved for a getter still takes its room until that getter runs, as in asyncio).
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
  readonly #binding = new LoopBound();
  readonly #getters: Side;
  readonly #putters: Side;
  /** Tasks in `join()`; made at the first one. */
  #joiners: WaitQueue<void> | null = null;
  #unfinished = 0;
  #shutdown = false;
  /** What the getters' and putters' claims do when they come due; made at the first wait. */
  #getClaim: Claimant<undefined, T> | null = null;
  #putClaim: Claimant<T, undefined> | null = null;

  /**
   * `maxsize`: how many items the queue holds before `put()` waits; an integer >= 0, 0 (the
   * default) for no bound.
   */
  constructor(maxsize = 0, options?: QueueOptions) {
    this.#kind = new.target.name || "Queue";
    this.#maxsize = checkMaxsize(this.#kind, maxsize);
    this.#name = primitiveName(this.#kind, options);
    this.#store = this.createStore(options ?? {});
    this.#getters = new Side(this);
    this.#putters = new Side(this);
  }

  /** Where the items live, in the order they come out: first in, first out here. */
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
    return Math.max(0, this.#store.length - this.#getters.claimed);
  }

  /** Whether `getNowait()` would throw: no item to take now. */
  empty(): boolean {
    return this.#store.length <= this.#getters.claimed;
  }

  /** Whether `putNowait()` would throw `QueueFull`: a bounded queue with no room. Never for maxsize 0. */
  full(): boolean {
    return this.#maxsize > 0 && this.#store.length + this.#putters.claimed >= this.#maxsize;
  }

  /**
   * Puts `item` in, waiting in line while the queue is full. The caller joins the line
   * at the call. Throws `QueueShutDown` after `shutdown()`, and `RuntimeError` when no loop runs.
   * @example
   * yield* queue.put(job);
   */
  put(item: T): Awaitable<void> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.put()`);
    if (this.#shutdown) throw this.#refusePut();
    if (!this.full()) {
      this.#push(item);
      return DONE;
    }
    const loop = this.#binding.bind(`${this.#kind}.put()`, this);
    return new Pending(this.#putClaimant(), this.#putters.park(loop), item);
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
   * Takes the next item, waiting in line while there is none; resolves to the item. The caller
   * joins the line at the call. Throws `QueueShutDown` once the queue is shut down and has no
   * item left, and `RuntimeError` when no loop runs.
   * @example
   * const job = yield* queue.get();
   */
  get(): Awaitable<T> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.get()`);
    if (this.#store.length > this.#getters.claimed) return new Ready(this.#take());
    if (this.#shutdown) throw this.#refuseGet();
    const loop = this.#binding.bind(`${this.#kind}.get()`, this);
    return new Pending(this.#getClaimant(), this.#getters.park(loop), undefined);
  }

  /**
   * Takes the next item without waiting: throws `QueueEmpty` when there is none, `QueueShutDown`
   * when the queue is shut down and has none left.
   * @example
   * const batch = [];
   * while (!queue.empty()) batch.push(queue.getNowait());
   */
  getNowait(): T {
    if (this.#store.length > this.#getters.claimed) return this.#take();
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
    if (this.#unfinished === 0) return DONE;
    const loop = this.#binding.bind(`${this.#kind}.join()`, this);
    this.#joiners ??= new WaitQueue<void>(loop, this);
    return this.#joiners.park();
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
      getters: this.#getters.waiting,
      putters: this.#putters.waiting,
      unfinished: this.#unfinished,
      shutdown: this.#shutdown,
    };
  }

  /** `Queue 'name'`, or `Queue#<n>` when unnamed (`PriorityQueue#<n>`, `LifoQueue#<n>`). */
  describe(): string {
    return this.#name;
  }

  /** What a woken getter does when it runs: take the item reserved for it. */
  #getClaimant(): Claimant<undefined, T> {
    if (this.#getClaim !== null) return this.#getClaim;
    this.#getClaim = {
      finish: () => {
        this.#getters.use();
        // Only shutdown(immediate) removes reserved items: nothing will come for this getter.
        if (this.#store.length === 0) throw this.#refuseGet();
        try {
          return this.#take();
        } catch (error) {
          this.#offerItem(); // the item stayed in (an unorderable item): another getter may try
          throw error;
        }
      },
      giveBack: () => this.#getters.giveBack(),
    };
    return this.#getClaim;
  }

  /** What a woken putter does when it runs: put its item in the room reserved for it. */
  #putClaimant(): Claimant<T, undefined> {
    if (this.#putClaim !== null) return this.#putClaim;
    this.#putClaim = {
      finish: (item: T) => {
        this.#putters.use();
        if (this.#shutdown) throw this.#refusePut();
        try {
          this.#push(item);
        } catch (error) {
          this.#offerRoom(); // the item could not go in (an unorderable item): its room is free
          throw error;
        }
        return undefined;
      },
      giveBack: () => this.#putters.giveBack(),
    };
    return this.#putClaim;
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
    if (this.#store.length > this.#getters.claimed) this.#getters.wakeOne();
  }

  /** There is room: reserve it for the longest-waiting putter, if any. */
  #offerRoom(): void {
    if (!this.full()) this.#putters.wakeOne();
  }

  #releaseJoiners(): void {
    const joiners = this.#joiners;
    if (joiners !== null && joiners.length > 0) joiners.unparkAll();
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
