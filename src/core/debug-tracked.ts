import type { Awaitable } from "./future.js";
import { runningLoop } from "./loop.js";

/**
 * `awaitable` as it should be handed out: as it is, or, in debug mode, wrapped so that a forgotten
 * `yield*` is reported with where it was made. `what` is computed only in debug mode.
 * @example
 * return debugTracked(new Sleep(...), () => `sleep(${delay})`);
 */
export function debugTracked<T>(awaitable: Awaitable<T>, what: () => string): Awaitable<T> {
  const tracker = runningLoop.value?.debugMode.unawaited;
  return tracker ? tracker.track(awaitable, what()) : awaitable;
}
