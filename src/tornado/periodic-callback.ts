import type { TimerHandle } from "../core/index.js";
import { IOLoop } from "./ioloop.js";

/**
 * Calls `callback` every `callbackTime` **milliseconds** — Tornado's own unit for this one class
 * (everything else in spindle, Tornado's `call_later` included, takes seconds). If a call runs
 * late, missed calls are skipped rather than bunched, as in Tornado. `jitter` (0..1) varies each
 * interval by up to ±jitter/2 of it.
 * @example
 * const ticker = new PeriodicCallback(() => console.log("tick"), 500);
 * ticker.start();
 * IOLoop.current().callLater(2, () => { ticker.stop(); IOLoop.current().stop(); });
 */
export class PeriodicCallback {
  readonly #callback: () => unknown;
  readonly #period: number;
  readonly #jitter: number;
  #ioloop: IOLoop | null = null;
  #timer: TimerHandle | null = null;
  #next = 0;
  #running = false;

  constructor(callback: () => unknown, callbackTime: number, jitter = 0) {
    if (typeof callback !== "function") {
      throw new TypeError("PeriodicCallback(callback, callbackTime) needs a function to call");
    }
    if (typeof callbackTime !== "number" || !(callbackTime > 0) || !Number.isFinite(callbackTime)) {
      throw new RangeError(
        `PeriodicCallback callbackTime must be a positive number of milliseconds (Tornado's unit); got ${String(callbackTime)}`,
      );
    }
    if (typeof jitter !== "number" || jitter < 0 || jitter > 1) {
      throw new RangeError(
        `PeriodicCallback jitter must be between 0 and 1; got ${String(jitter)}`,
      );
    }
    this.#callback = callback;
    this.#period = callbackTime / 1000;
    this.#jitter = jitter;
  }

  /** Starts calling on the current IOLoop; the first call is one period from now. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#ioloop = IOLoop.current();
    this.#next = this.#ioloop.time();
    this.#schedule();
  }

  /** Stops calling; a later `start()` starts over. */
  stop(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = null;
  }

  /** Whether it is started. */
  isRunning(): boolean {
    return this.#running;
  }

  #run = (): void => {
    if (!this.#running) return;
    try {
      this.#callback();
    } finally {
      if (this.#running) this.#schedule();
    }
  };

  #schedule(): void {
    const ioloop = this.#ioloop!;
    const now = ioloop.time();
    let period = this.#period;
    if (this.#jitter > 0) period *= 1 + this.#jitter * (Math.random() - 0.5);
    // Skip the calls missed while we ran late: the next one is the first slot still ahead.
    this.#next += period;
    if (this.#next <= now) this.#next += Math.ceil((now - this.#next) / period + 1e-9) * period;
    this.#timer = ioloop.callAt(this.#next, this.#run);
  }
}
