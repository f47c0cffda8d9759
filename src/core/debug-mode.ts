import type { Hooks, Instrument } from "./instrument.js";
import { type SlowStepSettings, slowStepWarner } from "./slow-steps.js";
import { UnawaitedAwaitables } from "./unawaited.js";

/** Delays past this many seconds are worth a word in debug mode: milliseconds, likely. */
const LONG_DELAY = 3600;

/**
 * A loop's debug mode (asyncio's): while on, steps and callbacks slower than
 * `slowCallbackDuration` are reported, an awaitable never waited on is reported with where it
 * was made (a missing `yield*`), a delay over an hour is questioned (seconds, not
 * milliseconds), and closing the loop names what was left open.
 * @internal
 */
export class DebugMode {
  readonly #settings: SlowStepSettings;
  readonly #hooks: Hooks;
  #warner: Instrument | null = null;
  #unawaited: UnawaitedAwaitables | null = null;

  constructor(settings: SlowStepSettings, hooks: Hooks) {
    this.#settings = settings;
    this.#hooks = hooks;
  }

  get on(): boolean {
    return this.#warner !== null;
  }

  /** The forgotten-`yield*` check, while debug mode is on. */
  get unawaited(): UnawaitedAwaitables | null {
    return this.#unawaited;
  }

  set(on: boolean): void {
    if (on && this.#warner === null) {
      this.#warner = slowStepWarner(this.#settings);
      this.#hooks.add(this.#warner);
      this.#unawaited = new UnawaitedAwaitables();
    } else if (!on && this.#warner !== null) {
      this.#hooks.remove(this.#warner);
      this.#warner = null;
      this.#unawaited = null;
    }
  }

  /** Says so when `seconds` looks like milliseconds (over an hour), in debug mode. */
  checkDelay(what: string, seconds: number): void {
    if (this.#warner === null || !(seconds > LONG_DELAY) || seconds === Number.POSITIVE_INFINITY) {
      return;
    }
    const minutes = seconds / 60;
    const span =
      minutes < 120 ? `${minutes.toFixed(1)} minutes` : `${(minutes / 60).toFixed(1)} hours`;
    console.warn(
      `spindle debug: ${what} waits ${span}: times are in seconds, not milliseconds (sleep(1) is one second)`,
    );
  }

  /** The loop is closing: what was never waited on is reported now. */
  close(): void {
    this.#unawaited?.flush();
  }
}
