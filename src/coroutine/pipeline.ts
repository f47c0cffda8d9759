/**
 * Pipelines of coroutines, as in David Beazley's "A Curious Course on Coroutines":
 *
 * ```
 * source(items) ──send──▶ filter ──send──▶ map ──send──▶ sink(fn)
 *                                            └──▶ broadcast ──▶ several targets
 * ```
 * Data is pushed, not pulled: each stage waits at `yield`, handles the item, and `send`s the
 * result on. Closing a stage closes the stages after it (its `finally` does), so when `source`
 * runs out and closes the first stage, the whole pipeline shuts down in order.
 * @module
 */

import { describeValue } from "../core/internal.js";
import { type Coroutine, coroutine } from "./coroutine.js";

// The stages check their arguments before their first `yield`, which runs while the factory
// primes them: bad input fails at the call that builds the pipeline, not at the first item.
function requireFunction(stage: string, what: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(`${stage}() needs ${what} as a function, but got ${describeValue(value)}`);
  }
}

function requireTarget(stage: string, value: unknown): void {
  const send = (value as { send?: unknown } | null | undefined)?.send;
  if (typeof send !== "function") {
    throw new TypeError(
      `${stage}() needs a target coroutine to send items to (e.g. \`sink(console.log)\`), ` +
        `but got ${describeValue(value)}`,
    );
  }
}

/**
 * Sends every item of `items` into `target`, then closes it (which closes the rest of the
 * pipeline). The target is closed even if sending fails.
 * @example
 * source(["a", "b"], sink((item: string) => console.log(item))); // prints a, then b
 */
export function source<T>(items: Iterable<T>, target: Coroutine<T>): void {
  requireTarget("source", target);
  try {
    for (const item of items) target.send(item);
  } finally {
    target.close();
  }
}

/**
 * A coroutine that calls `fn` with every item sent to it: the end of a pipeline.
 * @example
 * const print = sink((line: string) => console.log(line));
 * print.send("hello"); // prints hello
 */
export const sink = coroutine(function* sink<T>(fn: (item: T) => void): Generator<void, void, T> {
  requireFunction("sink", "fn", fn);
  while (true) {
    const item = yield;
    fn(item);
  }
});

/**
 * A coroutine that passes on to `target` only the items for which `predicate` is true.
 * @example
 * source([1, 2, 3, 4], filter((n: number) => n % 2 === 0, sink(console.log))); // prints 2, 4
 */
export const filter = coroutine(function* filter<T>(
  predicate: (item: T) => boolean,
  target: Coroutine<T>,
): Generator<void, void, T> {
  requireFunction("filter", "predicate", predicate);
  requireTarget("filter", target);
  try {
    while (true) {
      const item = yield;
      if (predicate(item)) target.send(item);
    }
  } finally {
    target.close();
  }
});

/**
 * A coroutine that sends `fn(item)` to `target` for every item sent to it.
 * @example
 * source(["a", "b"], map((s: string) => s.toUpperCase(), sink(console.log))); // prints A, B
 */
export const map = coroutine(function* map<T, U>(
  fn: (item: T) => U,
  target: Coroutine<U>,
): Generator<void, void, T> {
  requireFunction("map", "fn", fn);
  requireTarget("map", target);
  try {
    while (true) {
      const item = yield;
      target.send(fn(item));
    }
  } finally {
    target.close();
  }
});

/**
 * A coroutine that sends every item to each of `targets`, in order; closing it closes them all.
 * @example
 * const seen: string[] = [];
 * const counts: number[] = [];
 * source(["ab", "c"], broadcast([sink((s: string) => seen.push(s)), map((s: string) => s.length, sink((n: number) => counts.push(n)))]));
 * // seen = ["ab", "c"], counts = [2, 1]
 */
export const broadcast = coroutine(function* broadcast<T>(
  targets: Iterable<Coroutine<T>>,
): Generator<void, void, T> {
  // A copy: the list the caller passed may change later; the pipeline's shape must not.
  const all = [...targets];
  for (const target of all) requireTarget("broadcast", target);
  try {
    while (true) {
      const item = yield;
      for (const target of all) target.send(item);
    }
  } finally {
    for (const target of all) target.close();
  }
});

/**
 * The talk's `grep`: a coroutine that receives lines and keeps those containing `pattern` (a
 * substring, or a RegExp that must match somewhere). It sends them to `target`, or prints them
 * with `console.log` when there is no target, as the talk's version does.
 * @example
 * const g = grep("python");
 * g.send("pty");       // prints nothing
 * g.send("python is"); // prints "python is"
 * source(["jython", "ruby"], grep(/y.h/, sink((line: string) => console.log(`match: ${line}`))));
 */
export const grep = coroutine(function* grep(
  pattern: string | RegExp,
  target?: Coroutine<string>,
): Generator<void, void, string> {
  if (typeof pattern !== "string" && !(pattern instanceof RegExp)) {
    throw new TypeError(
      `grep() needs a string or a RegExp pattern, but got ${describeValue(pattern)}`,
    );
  }
  if (target !== undefined) requireTarget("grep", target);
  try {
    while (true) {
      const line = yield;
      // search() ignores a RegExp's `g` flag and lastIndex, so every line is matched afresh.
      const found =
        typeof pattern === "string" ? line.includes(pattern) : line.search(pattern) !== -1;
      if (!found) continue;
      if (target === undefined) console.log(line);
      else target.send(line);
    }
  } finally {
    target?.close();
  }
});
