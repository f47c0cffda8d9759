/**
 * `spindle/coroutine`: the talk's pre-asyncio coroutines. A coroutine is a generator you prime
 * once and then push values into with `send()`; chained together they form pipelines.
 *
 * | Python                          | spindle                                  |
 * | ------------------------------- | ---------------------------------------- |
 * | `@coroutine` / `next(g)`        | `coroutine(function* …)` primes for you  |
 * | `g.send(v)`                     | `g.send(v)`                              |
 * | `g.throw(e)`                    | `g.throw(e)`                             |
 * | `g.close()`                     | `g.close()` / `using g = …`              |
 * | `StopIteration.value`           | `CoroutineClosedError.value`             |
 * @example
 * import { grep, sink, source } from "spindle/coroutine";
 * source(["pty", "python is"], grep("python", sink(console.log))); // prints "python is"
 * @module
 */
export * from "../core/errors.js";
export { type Coroutine, coroutine } from "./coroutine.js";
export { CoroutineClosedError, type CoroutineEnd } from "./errors.js";
export { broadcast, filter, grep, map, sink, source } from "./pipeline.js";
