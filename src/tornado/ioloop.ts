import {
  type Awaitable,
  type Future,
  getEventLoop,
  type Loop,
  type TaskSource,
  type TimerHandle,
} from "../core/index.js";
import { checkCallback, checkDelay } from "../core/internal.js";

/** The IOLoop face of each kernel loop: one per loop, made on first use. */
const faces = new WeakMap<Loop, IOLoop>();

/**
 * A `datetime.timedelta`-like relative deadline for {@link IOLoop.addTimeout}.
 * @example
 * ioloop.addTimeout({ seconds: 1.5 }, () => console.log("later"));
 */
export interface Timedelta {
  seconds: number;
}

/**
 * Tornado's IOLoop as a thin face over spindle's kernel loop: the same loop, timers and tasks,
 * under Tornado's names. Times are in seconds (as Tornado's `call_later`, `add_timeout`, `time`).
 * @example
 * const ioloop = IOLoop.current();
 * ioloop.callLater(0.5, () => ioloop.stop());
 * await ioloop.start(); // resolves when stop() is called
 */
export class IOLoop {
  /** The kernel loop under this face (Tornado 5+'s `asyncio_loop`). */
  readonly asyncioLoop: Loop;

  private constructor(loop: Loop) {
    this.asyncioLoop = loop;
  }

  /**
   * The IOLoop of the running loop, or (outside one) of the current event loop, which `start()`
   * will run — as Tornado's `IOLoop.current()`.
   */
  static current(): IOLoop {
    return IOLoop.forLoop(getEventLoop());
  }

  /** The same as `current()` (Tornado 5 made `instance()` an alias of it). */
  static instance(): IOLoop {
    return IOLoop.current();
  }

  /** The IOLoop face of a given kernel loop. */
  static forLoop(loop: Loop): IOLoop {
    let face = faces.get(loop);
    if (face === undefined) {
      face = new IOLoop(loop);
      faces.set(loop, face);
    }
    return face;
  }

  /**
   * Runs the loop until `stop()`; the Promise resolves then. Rejects with `DeadlockError` if
   * nothing is scheduled or pending that could ever call `stop()`.
   */
  start(): Promise<void> {
    return this.asyncioLoop.runForever();
  }

  /** Makes `start()` return after the current pass. */
  stop(): void {
    this.asyncioLoop.stop();
  }

  /** The loop's clock, in seconds. */
  time(): number {
    return this.asyncioLoop.time();
  }

  /** Calls `callback(...args)` on the next loop iteration (safe from any callback). */
  addCallback<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): void {
    this.asyncioLoop.callSoon(callback, ...args);
  }

  /** Calls `callback(...args)` after `delay` seconds; returns a handle for `removeTimeout`. */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    return this.asyncioLoop.callLater(delay, callback, ...args);
  }

  /** Calls `callback(...args)` at `when` on the loop's clock (seconds, as `time()`). */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    return this.asyncioLoop.callAt(when, callback, ...args);
  }

  /**
   * Calls `callback(...args)` at `deadline`: a number on the loop's clock (as `time()`), or
   * `{ seconds }` from now (Tornado's timedelta).
   */
  addTimeout<A extends unknown[]>(
    deadline: number | Timedelta,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    if (typeof deadline === "object" && deadline !== null) {
      checkDelay("addTimeout", deadline.seconds);
      return this.callLater(deadline.seconds, callback, ...args);
    }
    if (typeof deadline !== "number" || Number.isNaN(deadline)) {
      throw new TypeError(
        "addTimeout(deadline, callback) needs a deadline on the loop's clock (ioloop.time() + seconds) or { seconds }",
      );
    }
    return this.callAt(deadline, callback, ...args);
  }

  /** Cancels a timeout from `addTimeout` / `callLater` / `callAt`. */
  removeTimeout(handle: TimerHandle): void {
    handle.cancel();
  }

  /** Calls `callback(future)` on the loop once `future` is done. */
  addFuture<T>(future: Future<T>, callback: (future: Future<T>) => void): void {
    checkCallback("addFuture", callback);
    future.addDoneCallback(callback);
  }

  /** Runs `body` (a generator function, async function...) as a task, ignoring its result. */
  spawnCallback<T>(body: TaskSource<T>): void {
    this.asyncioLoop.createTask(body);
  }

  /** Starts the loop, runs `body` to completion, stops, and returns its result. */
  runSync<T>(body: TaskSource<T> | Awaitable<T>): Promise<T> {
    return this.asyncioLoop.runUntilComplete(body as TaskSource<T>);
  }

  /** Closes the loop: it refuses new work afterwards. */
  close(): void {
    this.asyncioLoop.close();
  }
}
