import { type Awaitable, resolved } from "../core/index.js";
import {
  checkOptions,
  deadlineOf,
  PromiseLikeAwaitable,
  remaining,
  type ThreadingOptions,
  waitAsyncUntil,
} from "./awaitable.js";
import {
  rebuildWith,
  registerKind,
  type SharedDescriptor,
  sharedMemory,
  TO_SHARED,
} from "./transfer.js";

const SET = resolved(true);

/**
 * A snapshot of a threading {@link Event}.
 * @example
 * event.statistics(); // { name: "ready", set: true }
 */
export interface ThreadingEventStatistics {
  name: string;
  set: boolean;
}

/**
 * A flag threads wait for (Python's `threading.Event`): `set()` wakes every waiter, `clear()`
 * resets it. One Int32 in a SharedArrayBuffer. `wait()` blocks the thread; `waitAsync()` is the
 * awaitable form. Passed to a worker, it is rebuilt over the same memory.
 * @example
 * const ready = new Event();
 * new Thread({ target: (ready: Event) => { ready.wait(); work(); }, args: [ready] }).start();
 * ready.set();
 */
export class Event {
  readonly #buffer: SharedArrayBuffer;
  readonly #flag: Int32Array;
  readonly #name: string;

  constructor(options?: ThreadingOptions) {
    const { name: wanted } = checkOptions("new Event(options)", options);
    const { buffer, name } = sharedMemory("Event", 4, wanted);
    this.#name = name;
    this.#buffer = buffer;
    this.#flag = new Int32Array(this.#buffer);
  }

  /** The event's name. */
  get name(): string {
    return this.#name;
  }

  /** Whether the flag is set. */
  isSet(): boolean {
    return Atomics.load(this.#flag, 0) === 1;
  }

  /** Sets the flag and wakes every thread and task waiting for it. */
  set(): void {
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
  }

  /** Clears the flag. */
  clear(): void {
    Atomics.store(this.#flag, 0, 0);
  }

  /** Blocks the thread until the flag is set or `timeout` seconds pass; returns the flag. */
  wait(timeout?: number): boolean {
    const deadline = deadlineOf(timeout, "Event.wait(timeout)");
    while (!this.isSet()) {
      const left = remaining(deadline);
      if (left <= 0) return false;
      Atomics.wait(this.#flag, 0, 0, left);
    }
    return true;
  }

  /** Resolves to true once the flag is set (at once if it is), or false after `timeout` seconds. */
  waitAsync(timeout?: number): Awaitable<boolean> {
    if (this.isSet()) return SET;
    const deadline = deadlineOf(timeout, "Event.waitAsync(timeout)");
    return new PromiseLikeAwaitable(this.#waitLoop(deadline));
  }

  async #waitLoop(deadline: number): Promise<boolean> {
    while (!this.isSet()) {
      if (remaining(deadline) <= 0) return false;
      await waitAsyncUntil(this.#flag, 0, 0, deadline);
    }
    return true;
  }

  /** A snapshot for tests and the monitor. */
  statistics(): ThreadingEventStatistics {
    return { name: this.#name, set: this.isSet() };
  }

  /** @internal How it crosses into another thread. */
  [TO_SHARED](): SharedDescriptor {
    return { spindleShared: "Event", buffer: this.#buffer, name: this.#name };
  }
}

registerKind("Event", (d) => rebuildWith(d, () => new Event()));
