// Node's own timers and clock, not the globals: monkey patching (spindle/gevent) replaces those.
import { performance } from "node:perf_hooks";
import { clearTimeout, setTimeout } from "node:timers";

/** Node's largest timer delay (about 24.8 days); a larger one fires after 1 ms instead. */
export const MAX_NODE_DELAY_MS = 2 ** 31 - 1;

/**
 * A Node timer of any length, in seconds, for code that waits outside a spindle loop (pool
 * timeouts, thread joins, cross-thread waits). `setTimeout` overflows past 2^31−1 ms and fires
 * at once; this re-arms in slices until the deadline is reached. Negative and zero delays fire at
 * the next timer phase; Infinity never fires (and holds no Node timer). NaN is the caller's to
 * refuse.
 *
 * ```
 *   start ──slice (≤ 24.8 days)──> not yet due? ──re-arm for the rest──> … ──> callback()
 * ```
 * @example
 * const timer = new NodeTimer(() => job.fail(timeoutError()), 30 * 86400); // 30 days: fine
 * timer.cancel();
 */
export class NodeTimer {
  readonly #callback: () => void;
  /** Deadline on `performance.now()`'s scale (ms). */
  readonly #deadline: number;
  #handle: NodeJS.Timeout | null = null;
  #referenced = true;

  constructor(callback: () => void, seconds: number) {
    this.#callback = callback;
    this.#deadline = performance.now() + Math.max(0, seconds) * 1000;
    if (seconds !== Number.POSITIVE_INFINITY) this.#arm();
  }

  /** Stops it; harmless after it fired. */
  cancel(): void {
    if (this.#handle === null) return;
    clearTimeout(this.#handle);
    this.#handle = null;
  }

  /** Lets the process exit while only this timer is pending (Node's `timer.unref()`). */
  unref(): this {
    this.#referenced = false;
    this.#handle?.unref();
    return this;
  }

  #arm(): void {
    const left = Math.max(0, this.#deadline - performance.now());
    this.#handle = setTimeout(() => this.#fire(), Math.min(MAX_NODE_DELAY_MS, Math.ceil(left)));
    if (!this.#referenced) this.#handle.unref();
  }

  #fire(): void {
    this.#handle = null;
    if (performance.now() < this.#deadline - 0.5)
      this.#arm(); // a slice of a longer wait ended
    else this.#callback();
  }
}
