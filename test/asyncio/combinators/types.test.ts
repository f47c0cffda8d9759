// Compile-time checks of the combinators' types: this file building is the test. The functions
// below are never called; each `expect<...>()` fails the build if the two types differ.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Awaitable,
  asCompleted,
  type Coroutine,
  type Future,
  gather,
  gatherAll,
  shield,
  type Task,
  taskGroup,
  timeout,
  wait,
  waitFor,
} from "../../../src/asyncio/index.js";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expect<T extends true>(): T | undefined {
  return undefined;
}

declare const num: Task<number>;
declare const str: Promise<string>;
declare const flag: Awaitable<boolean>;
declare function gen(): Coroutine<bigint>;
declare function load(signal: AbortSignal): Promise<Date>;

function gatherTypes() {
  const a = gather(num, str);
  expect<Equal<typeof a, Future<[number, string]>>>();
  const b = gather(num, str, flag, gen(), gen, load);
  expect<Equal<typeof b, Future<[number, string, boolean, bigint, bigint, Date]>>>();
  const c = gather(num, str, { returnExceptions: true });
  expect<Equal<typeof c, Future<[number | Error, string | Error]>>>();
  const d = gather(num, { returnExceptions: false });
  expect<Equal<typeof d, Future<[number]>>>();
  const e = gather();
  expect<Equal<typeof e, Future<[]>>>();
  const f = gatherAll([num, num]);
  expect<Equal<typeof f, Future<number[]>>>();
  const g = gatherAll([num], { returnExceptions: true });
  expect<Equal<typeof g, Future<(number | Error)[]>>>();
  const untyped = new Array(3); // any[]: as with Promise.all, untyped in, untyped out
  const h = gatherAll(untyped);
  // biome-ignore lint/suspicious/noExplicitAny: checking that any propagates
  expect<Equal<typeof h, Future<any[]>>>();
}

function* otherTypes(): Coroutine<void> {
  const a = yield* waitFor(num, 1);
  expect<Equal<typeof a, number>>();
  const b = yield* waitFor(gen(), null);
  expect<Equal<typeof b, bigint>>();
  const c = yield* shield(str);
  expect<Equal<typeof c, string>>();
  const [done, pending] = yield* wait([num]);
  expect<Equal<typeof done, Set<Task<number>>>>();
  expect<Equal<typeof pending, Set<Task<number>>>>();
  const slots = asCompleted([num, num]);
  expect<Equal<typeof slots, Future<number>[]>>();
  const t = yield* timeout(1, function* () {
    return "in time";
  });
  expect<Equal<typeof t, string>>();
  const g = yield* taskGroup(function* (tg) {
    return tg.createTask(gen());
  });
  expect<Equal<typeof g, Task<bigint>>>();
}

test("the combinators' types (checked by the build)", () => {
  assert.equal(typeof gatherTypes, "function");
  assert.equal(typeof otherTypes, "function");
});
