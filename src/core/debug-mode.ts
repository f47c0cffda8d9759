import type { Hooks, Instrument } from "./instrument.js";
import { type SlowStepSettings, slowStepWarner } from "./slow-steps.js";

/**
 * A loop's debug mode (asyncio's): while on, steps and callbacks slower than
 * `slowCallbackDuration` are reported, and closing the loop names what was left open.
 * @internal
 */
export class DebugMode {
  readonly #settings: SlowStepSettings;
  readonly #hooks: Hooks;
  #warner: Instrument | null = null;

  constructor(settings: SlowStepSettings, hooks: Hooks) {
    this.#settings = settings;
    this.#hooks = hooks;
  }

  get on(): boolean {
    return this.#warner !== null;
  }

  set(on: boolean): void {
    if (on && this.#warner === null) {
      this.#warner = slowStepWarner(this.#settings);
      this.#hooks.add(this.#warner);
    } else if (!on && this.#warner !== null) {
      this.#hooks.remove(this.#warner);
      this.#warner = null;
    }
  }
}
