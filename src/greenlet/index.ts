/**
 * `spindle/greenlet`: greenlets — symmetric coroutines with no event loop. Control goes exactly
 * where `switch()` sends it; a body is a generator function and switches with `yield*`.
 *
 * | Python                              | spindle                                          |
 * | ----------------------------------- | ------------------------------------------------ |
 * | `from greenlet import greenlet`     | `import { Greenlet } from "spindle/greenlet"`    |
 * | `g = greenlet(run, parent)`         | `const g = new Greenlet(function* run() {…}, parent)` |
 * | `g.switch(x)` (top level)           | `g.switch(x)`                                    |
 * | `g.switch(x)` (inside a greenlet)   | `yield* g.switch(x)`                             |
 * | `g.throw()` / `g.throw(exc)`        | `g.throw()` / `g.throw(error)` (`yield*` inside) |
 * | `g.dead`, `g.parent`                | `g.dead`, `g.parent`                             |
 * | `greenlet.getcurrent()`             | `getcurrent()`                                   |
 * | `greenlet.GreenletExit`             | `GreenletExit`                                   |
 * @example
 * import { Greenlet } from "spindle/greenlet";
 * function* test1() { console.log(12); yield* gr2.switch(); console.log(34); }
 * function* test2() { console.log(56); yield* gr1.switch(); console.log(78); }
 * const gr1 = new Greenlet(test1);
 * const gr2 = new Greenlet(test2);
 * gr1.switch(); // 12, 56, 34
 * @module
 */
export * from "../core/errors.js";
export { Greenlet, type GreenletOptions, type GreenletRun, getcurrent } from "./greenlet.js";
