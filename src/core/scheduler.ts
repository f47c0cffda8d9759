import { Ring } from "./ring.js";
import type { Runnable } from "./runnable.js";

/**
 * Decides which ready entry (task or callback) runs next: one of the kernel's two seams.
 * The loop runs, per pass, as many entries as were ready when the pass began, so work scheduled
 * during a pass waits for the next one. The testing face plugs in seeded policies here.
 * @example
 * class Lifo implements Scheduler {
 *   #stack: Runnable[] = [];
 *   get length() { return this.#stack.length; }
 *   push(e: Runnable) { this.#stack.push(e); }
 *   shift() { return this.#stack.pop(); }
 *   clear() { this.#stack.length = 0; }
 * }
 */
export interface Scheduler {
  /** Entries waiting to run. */
  readonly length: number;
  /** A task or callback became ready. */
  push(entry: Runnable): void;
  /** The entry to run next, or undefined when none is ready. */
  shift(): Runnable | undefined;
  /** Drops everything (the loop is closing). */
  clear(): void;
}

/**
 * asyncio's order: first ready, first run. A ring buffer, so push and shift are O(1).
 * @example
 * const loop = newEventLoop({ scheduler: new FifoScheduler() }); // the default
 */
export class FifoScheduler extends Ring<Runnable> implements Scheduler {}
