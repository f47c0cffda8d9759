// call(promise): a Promise waited on from a coroutine, typed (issue 12: `yield fetch(u)` is TS7057).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  type Awaitable,
  CancelledError,
  type Coroutine,
  call,
  createTask,
  run,
  sleep,
  TimeoutError,
  timeout,
  VirtualClock,
} from "../../src/asyncio/index.js";
import { type Equal, expect } from "../support/types.js";
import { runVirtual } from "../support/virtual.js";

test("yield* call(promise) evaluates to the promise's value; a rejection is thrown in", async () => {
  const got = await runVirtual(function* () {
    const n = yield* call(Promise.resolve(41));
    let caught: unknown = null;
    try {
      yield* call(Promise.reject(new RangeError("no")));
    } catch (error) {
      caught = error;
    }
    return [n + 1, (caught as Error).message];
  });
  assert.deepEqual(got, [42, "no"]);
});

test("a real fetch: yield* call(fetch(url)) is a Response, call(response.text()) its body", async (t) => {
  const server = createServer((_req, res) => res.end("hello"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const body = await run(function* () {
    const response = yield* call(fetch(url, { headers: { connection: "close" } }));
    return `${response.status} ${yield* call(response.text())}`;
  });
  assert.equal(body, "200 hello");
});

test("the loop waits for a pending promise instead of reporting a deadlock", async () => {
  // A virtual clock with nothing else to do would declare a deadlock if the promise did not
  // count as outside work; it settles 20 real milliseconds later.
  const value = await runVirtual(function* () {
    return yield* call(delay(20, "late"));
  });
  assert.equal(value, "late");
});

test("cancelling the waiting task ends the wait at once; the later rejection is handled", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    let reject!: (error: Error) => void;
    const never = new Promise<string>((_resolve, r) => {
      reject = r;
    });
    const log = await runVirtual(function* (loop) {
      const log: string[] = [];
      const waiter = createTask(function* () {
        try {
          yield* call(never);
        } catch (error) {
          log.push(`${(error as Error).name} at ${loop.time()}`);
          throw error;
        }
      });
      yield* sleep(1);
      waiter.cancel();
      try {
        yield* waiter;
      } catch (error) {
        assert.ok(error instanceof CancelledError);
      }
      return log;
    });
    // run() ended although the promise never settled: the cancelled wait holds the loop no more.
    assert.deepEqual(log, ["CancelledError at 1"]);
    reject(new Error("too late"));
    await delay(10);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("call(fn) passes an AbortSignal that fires when the waiting task is cancelled", async () => {
  const seen: string[] = [];
  const result = await runVirtual(function* () {
    try {
      return yield* timeout(2, function* () {
        return yield* call(
          (signal) =>
            new Promise<string>((_resolve, reject) => {
              signal.addEventListener("abort", () => {
                seen.push(`aborted: ${(signal.reason as Error).name}`);
                reject(signal.reason);
              });
            }),
        );
      });
    } catch (error) {
      return (error as Error).name;
    }
  });
  assert.equal(result, TimeoutError.name);
  assert.deepEqual(seen, ["aborted: CancelledError"]);
});

test("call() of a spindle awaitable waits on it as itself (cancellable, virtual time)", async () => {
  const loop = { clock: new VirtualClock() };
  const value = await run(function* () {
    return yield* call(sleep(5, "slept"));
  }, loop);
  assert.equal(value, "slept");
  assert.equal(loop.clock.time(), 5);
});

test("await call(promise) from async code is the promise", async () => {
  assert.equal(await call(Promise.resolve("same")), "same");
});

test("bad input fails at the call", () => {
  assert.throws(() => call(42 as never), {
    name: "TypeError",
    message:
      "call() waits on a Promise (or a function (signal) => Promise); got the number 42. A plain value needs no waiting; a spindle awaitable is waited on with `yield*` directly",
  });
  assert.throws(() => call((() => "x") as never), {
    name: "TypeError",
    message:
      'call(fn) calls fn(signal) and waits on the Promise it returns; fn returned the string "x". Pass an async function, or the Promise itself: call(fetch(url))',
  });
});

// Compile-time checks: this file building is the test.
declare const response: Promise<Response>;
declare const size: PromiseLike<number>;
function* types(): Coroutine<void> {
  const r = yield* call(response);
  expect<Equal<typeof r, Response>>();
  const n = yield* call(size);
  expect<Equal<typeof n, number>>();
  const s = yield* call(async (signal: AbortSignal) => String(signal.aborted));
  expect<Equal<typeof s, string>>();
  const aw = call(response);
  expect<Equal<typeof aw, Awaitable<Response>>>();
}
function* untyped() {
  // @ts-expect-error TS7057: what a bare `yield` evaluates to cannot be typed; call() exists for this
  const r = yield response;
  return r;
}

test("the types (checked by the build)", () => {
  assert.equal(typeof types, "function");
  assert.equal(typeof untyped, "function");
});
