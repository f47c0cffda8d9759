import { type Loop, RuntimeError } from "../core/index.js";
import { measureLag } from "./lag.js";
import { defaultLoop } from "./snapshot.js";
import { watcherOf } from "./watcher.js";

/**
 * Options of {@link watch}.
 * @example
 * watch(loop, { sites: false }); // steps and CPU time, no creation stacks
 */
export interface WatchOptions {
  /** Capture each new task's creation site (a short stack, formatted only when shown). Default true. */
  readonly sites?: boolean;
}

/**
 * A watch in progress: `stop()` (or `using`) ends it.
 * @example
 * using _watching = watch();
 */
export interface Watching {
  stop(): void;
  [Symbol.dispose](): void;
}

/**
 * Turns the monitor on for `loop` (by default the running one) until `stop()`: from now on its
 * snapshots show each new task's creation site and age, and every task's steps and CPU time,
 * slow steps and loop lag. Costs two clock reads per task step and a short stack per new task
 * (see docs/monitor.md for the measured overhead); nothing at all while nobody watches.
 * @example
 * await run(function* main() {
 *   const watching = watch();
 *   // ...
 *   console.log(formatTree(snapshot()));
 *   watching.stop();
 * });
 */
export function watch(loop?: Loop, options: WatchOptions = {}): Watching {
  const target = loop ?? defaultLoop("watch()");
  if (target.isClosed()) {
    throw new RuntimeError("watch(): the loop is closed; watch a loop before it closes");
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError("watch(loop, options): options must be an object like { sites: true }");
  }
  const sites = options.sites ?? true;
  if (typeof sites !== "boolean") {
    throw new TypeError(`watch(): options.sites must be true or false, got ${String(sites)}`);
  }
  const stopUse = watcherOf(target).use(sites);
  const stopLag = measureLag();
  const stop = () => {
    stopUse();
    stopLag();
  };
  return { stop, [Symbol.dispose]: stop };
}
