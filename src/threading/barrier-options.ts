import { deadlineOf, type ThreadingOptions } from "./awaitable.js";
import { checkArgs, describeValue, toFunctionRef } from "./portable.js";

/** Most parties: the count shares its Int32 with two bits of phase. @internal */
export const MAX_PARTIES = 2 ** 29 - 1;

/**
 * Options of a threading {@link Barrier}.
 * @example
 * new Barrier(3, { action: () => console.log("all here"), timeout: 5, name: "step" });
 */
export interface BarrierOptions extends ThreadingOptions {
  /**
   * Called once per cycle by the last party to arrive, before any party is released. It runs in
   * whichever thread arrives last, so it must be self-contained (it is sent as source, like a
   * pool job: a closure over an outer variable fails with an error naming it). If it throws,
   * the barrier breaks: that party gets the error, the others `BrokenBarrierError`.
   */
  readonly action?: (...args: never[]) => unknown;
  /**
   * The action's arguments, since it cannot close over anything: structured-cloned into each
   * thread; SharedArrayBuffers and threading primitives are shared (rebuilt there).
   */
  readonly actionArgs?: readonly unknown[];
  /** Default timeout of `wait()` in seconds (none by default). */
  readonly timeout?: number;
}

/** A Barrier's options, checked. @internal */
export interface CheckedBarrierOptions {
  readonly timeout: number | null;
  /** The action's source (it crosses threads as text), or null. */
  readonly actionSource: string | null;
  readonly actionArgs: readonly unknown[];
}

/** Checks `new Barrier(parties, options)`, throwing at the call for bad input. @internal */
export function checkBarrierOptions(
  parties: number,
  options: BarrierOptions,
): CheckedBarrierOptions {
  if (
    typeof parties !== "number" ||
    !Number.isInteger(parties) ||
    parties < 1 ||
    parties > MAX_PARTIES
  ) {
    throw new RangeError(
      `new Barrier(parties): parties must be a whole number from 1 to ${MAX_PARTIES} (the count shares one Int32 with the barrier's phase), got ${describeValue(parties)}`,
    );
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError("new Barrier(parties, options): options must be an object");
  }
  const { action, actionArgs = [], timeout } = options;
  if (timeout !== undefined) deadlineOf(timeout, "new Barrier({ timeout })");
  const checkedTimeout = timeout === undefined || timeout === -1 ? null : timeout;
  let actionSource: string | null = null;
  if (action !== undefined) {
    if (typeof action !== "function") {
      throw new TypeError(
        `new Barrier({ action }): action must be a self-contained function; got ${describeValue(action)}`,
      );
    }
    actionSource = toFunctionRef(action, "new Barrier({ action })").source;
  }
  if (!Array.isArray(actionArgs)) {
    throw new TypeError("new Barrier({ actionArgs }): actionArgs must be an array");
  }
  checkArgs(actionArgs, "new Barrier({ actionArgs })");
  return { timeout: checkedTimeout, actionSource, actionArgs };
}
