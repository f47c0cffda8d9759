import type { Handle } from "./handle.js";
import type { Instrument } from "./instrument.js";
import type { Task } from "./task.js";

/** The one setting the warner reads, so it need not know the loop. @internal */
export interface SlowStepSettings {
  /** Seconds; a step or callback at least this long is reported. */
  readonly slowCallbackDuration: number;
}

/**
 * Debug mode's instrument: warns about task steps and callbacks that held the loop for at least
 * `slowCallbackDuration` seconds (of real time), naming the task. asyncio's debug mode does this.
 * @internal
 */
export function slowStepWarner(settings: SlowStepSettings): Instrument {
  const warn = (what: string, seconds: number) => {
    if (seconds < settings.slowCallbackDuration) return;
    console.warn(
      `spindle debug: executing ${what} took ${seconds.toFixed(3)} seconds (slowCallbackDuration is ${settings.slowCallbackDuration}); nothing else ran meanwhile — move blocking work to an executor or split it with \`yield;\``,
    );
  };
  return {
    afterTaskStep: (task: Task<unknown>, seconds: number) => warn(task.describe(), seconds),
    callbackRun: (handle: Handle, seconds: number) =>
      warn(`callback ${handle.describe()}`, seconds),
  };
}
