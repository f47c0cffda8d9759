import {
  type Awaitable,
  currentTask,
  type PrimitiveOptions,
  resolved,
  type WaitTarget,
  type Yieldable,
} from "../../core/index.js";
import {
  debugTracked,
  OnWait,
  primitiveName,
  runningLoopFor,
  WaitQueue,
} from "../../core/internal.js";

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
  #flag = false;
  #waiters: WaitQueue<true> | null = null;
  readonly #wait = new OnWait(() => this.#park());

  constructor(options?: PrimitiveOptions) {
    this.#name = primitiveName("Event", options, this);
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
    if (currentTask() === null) runningLoopFor("Event.wait()");
    return debugTracked(this.#wait, () => `${this.#name}.wait()`);
  }

  /** A snapshot: the flag and how many tasks wait. */
  statistics(): EventStatistics {
    return { isSet: this.#flag, waiters: this.#waiters?.length ?? 0 };
  }

  /** `Event 'name'`, or `Event#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }

  /** The wait itself, run by the waiting task: done if the flag is set, else join the waiters. */
  #park(): Iterator<Yieldable, true, unknown> {
    if (this.#flag) return SET;
    this.#waiters ??= new WaitQueue<true>(this);
    return this.#waiters.park();
  }
}
