import {
  type Awaitable,
  currentTask,
  resolved,
  WaitQueue,
  type WaitTarget,
} from "../../core/index.js";
import { LoopBound, runningLoopFor } from "./loop-bound.js";
import { type PrimitiveOptions, primitiveName } from "./naming.js";

/**
 * A snapshot of an {@link Event}.
 * @example
 * const { isSet, waiters } = event.statistics(); // { isSet: false, waiters: 4 }
 */
export interface EventStatistics {
  /** Whether the flag is set. */
  isSet: boolean;
  /** Tasks waiting for it to be set. */
  waiters: number;
}

const SET = resolved(true as const);

/**
 * A flag tasks can wait for (asyncio.Event): `set()` wakes every waiter at once — one pass over
 * the wait queue, so 100k waiters cost 100k wake-ups and nothing more — and later `wait()`s return
 * at once until `clear()`.
 * @example
 * const ready = new Event({ name: "config loaded" });
 * createTask(function* () { yield* ready.wait(); start(); });
 * loadConfig();
 * ready.set();
 */
export class Event implements WaitTarget {
  readonly #name: string;
  readonly #binding = new LoopBound();
  #flag = false;
  #waiters: WaitQueue<true> | null = null;

  constructor(options?: PrimitiveOptions) {
    this.#name = primitiveName("Event", options);
  }

  /** Whether the flag is set. */
  isSet(): boolean {
    return this.#flag;
  }

  /** Sets the flag and wakes every waiting task. */
  set(): void {
    if (this.#flag) return;
    this.#flag = true;
    this.#waiters?.unparkAll(true);
  }

  /** Clears the flag: later `wait()`s wait again. Tasks already woken stay woken. */
  clear(): void {
    this.#flag = false;
  }

  /**
   * Waits until the flag is set (returns at once if it is); resolves to `true`. Throws
   * `RuntimeError` if no loop is running.
   */
  wait(): Awaitable<true> {
    if (this.#flag) {
      if (currentTask() === null) runningLoopFor("Event.wait()");
      return SET;
    }
    const loop = this.#binding.bind("Event.wait()", this);
    this.#waiters ??= new WaitQueue<true>(loop, this);
    // Every waiter is woken by set(), so a cancelled one has no wake-up to pass on: the bare
    // parked future is all a waiter needs.
    return this.#waiters.park();
  }

  /** A snapshot: the flag and how many tasks wait. */
  statistics(): EventStatistics {
    return { isSet: this.#flag, waiters: this.#waiters?.length ?? 0 };
  }

  /** `Event 'name'`, or `Event#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }
}
