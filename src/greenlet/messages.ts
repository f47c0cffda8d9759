/**
 * The errors the greenlet face raises for misuse, in one place so that every message says what
 * happened and what to do, and the tests can quote them. The error classes are the kernel's.
 * @module
 */

import { RuntimeError } from "../core/errors.js";
import { describeValue } from "../core/internal.js";

/** "switch" or "throw": which method made the request, for messages. */
export type SwitchVerb = "switch" | "throw";

/** `new Greenlet(run)` with something that is not a generator function. */
export function notAGeneratorFunction(run: unknown): TypeError {
  return new TypeError(
    `new Greenlet(run) needs a generator function as run; got ${describeValue(run)}. ` +
      "Write `new Greenlet(function* (...args) { ... })` and switch inside it with " +
      "`yield* other.switch(...)`",
  );
}

/** `new Greenlet()` with no run and no `*run()` method in a subclass. */
export function nothingToRun(): TypeError {
  return new TypeError(
    "new Greenlet() needs something to run: pass a generator function " +
      "(`new Greenlet(function* () { ... })`) or define `*run()` in a subclass",
  );
}

/** A parent (given or assigned) that is not a Greenlet. */
export function parentNotAGreenlet(name: string, parent: unknown): TypeError {
  return new TypeError(
    `the parent of greenlet '${name}' must be a Greenlet; got ${describeValue(parent)}`,
  );
}

/** Assigning a parent whose own chain of parents leads back: `names` is the loop, closed. */
export function parentCycle(names: readonly string[]): RangeError {
  return new RangeError(
    `parent would form a cycle: ${names.join(" -> ")}; ` +
      `pick a parent whose chain of parents does not pass through '${names[0]}'`,
  );
}

/** A second `switch()`/`throw()`, or a `return`, while an earlier request was never `yield*`-ed. */
export function forgottenYieldStar(owner: string, verb: SwitchVerb, target: string): RuntimeError {
  return new RuntimeError(
    `greenlet '${owner}' called ${verb}() on greenlet '${target}' without \`yield*\`; ` +
      `inside a greenlet write \`yield* g.${verb}(...)\``,
  );
}

/** The body yielded its request with a bare `yield` (no star). */
export function yieldedWithoutStar(owner: string, verb: SwitchVerb, target: string): RuntimeError {
  return new RuntimeError(
    `greenlet '${owner}' yielded its ${verb}() to greenlet '${target}' with \`yield\`; ` +
      `write \`yield* g.${verb}(...)\` (with the star)`,
  );
}

/** The body yielded something that is not a switch: a greenlet has no loop to yield to. */
export function yieldedForeignValue(owner: string, value: unknown): TypeError {
  return new TypeError(
    `greenlet '${owner}' yielded ${describeValue(value)}; a greenlet has no event loop to ` +
      "yield to: it can only switch, with `yield* other.switch(...)` (for a loop, use " +
      "spindle/gevent or spindle/asyncio)",
  );
}

/**
 * A request was driven by something other than the `yield*` of the greenlet that made it: a
 * `for...of`, a spread, `Array.from`, another greenlet, or ordinary code.
 */
export function strayIteration(
  owner: string,
  verb: SwitchVerb,
  target: string,
  by: string,
): RuntimeError {
  return new RuntimeError(
    `the ${verb}() that greenlet '${owner}' made to greenlet '${target}' was iterated by ${by}, ` +
      `not by a \`yield*\` in '${owner}'; write \`yield* g.${verb}(...)\` right where you ` +
      `call ${verb}(), inside the greenlet that calls it`,
  );
}

/** A `name` option that is not a string. */
export function nameNotAString(name: unknown): TypeError {
  return new TypeError(`a greenlet's name must be a string; got ${describeValue(name)}`);
}
