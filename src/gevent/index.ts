/**
 * `spindle/gevent`: green threads on the hub. The hub is the kernel's loop and a gevent greenlet
 * is a kernel Task with gevent's vocabulary; bodies are generator functions and every wait is a
 * `yield*`. Times are in seconds, as in Python.
 *
 * | Python gevent                          | spindle                                            |
 * | -------------------------------------- | -------------------------------------------------- |
 * | `gevent.spawn(f, x)`                   | `spawn(f, x)` (f is `function*`)                   |
 * | `gevent.sleep(0)`                      | `yield* sleep(0)`                                  |
 * | `gevent.joinall([a, b])`               | `yield* joinall([a, b])` / `await joinall([a, b])` |
 * | `g.get()`, `g.join()`, `g.kill()`      | `yield* g.get()`, `yield* g.join()`, `yield* g.kill()` |
 * | `gevent.killall(gs)`                   | `yield* killall(gs)`                               |
 * | `with gevent.Timeout(1):`              | `yield* new Timeout(1).run(function* () {…})`      |
 * | `gevent.pool.Pool(10)`                 | `new pool.Pool(10)`                                |
 * | `gevent.monkey.patch_all()`            | `monkey.patchAll()`                                |
 * | `gevent.hub.LoopExit`                  | `DeadlockError` (with the report)                  |
 * @example
 * import { joinall, sleep, spawn } from "spindle/gevent";
 * function* foo() { console.log("Running in foo"); yield* sleep(0); console.log("foo again"); }
 * function* bar() { console.log("Explicit context to bar"); yield* sleep(0); console.log("bar again"); }
 * await joinall([spawn(foo), spawn(bar)]);
 * @module
 */
export * from "../core/errors.js";
export * as event from "./event.js";
export {
  Greenlet,
  type GreenletStatistics,
  getcurrent,
  spawn,
  spawnLater,
} from "./greenlet.js";
export { getHub } from "./hub.js";
export {
  type JoinallOptions,
  joinall,
  kill,
  killall,
  sleep,
  type WaitObject,
  type WaitOptions,
  wait,
} from "./join.js";
export * as lock from "./lock.js";
export * as monkey from "./monkey.js";
export * as pool from "./pool.js";
export * as queue from "./queue.js";
export { type GeventRunOptions, run } from "./run.js";
export { Timeout, type TimeoutException } from "./timeout.js";
