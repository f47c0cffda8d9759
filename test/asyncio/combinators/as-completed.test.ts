import assert from "node:assert/strict";
import { test } from "node:test";
import {
  asCompleted,
  CancelledError,
  type Coroutine,
  type ExceptionContext,
  sleep,
  TimeoutError,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

function* after<T>(seconds: number, value: T): Coroutine<T> {
  yield* sleep(seconds);
  return value;
}

test("asCompleted hands results out in completion order", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const slots = asCompleted([after(3, "slow"), after(1, "fast"), after(2, "medium")]);
    assert.ok(Array.isArray(slots), "a plain iterable (an array) of awaitables");
    assert.equal(slots.length, 3);
    for (const next of slots) log.push(`${yield* next} at ${loop.time()}`);
  });
  assert.deepEqual(log, ["fast at 1", "medium at 2", "slow at 3"]);
});

test("a failure or a cancellation comes out in its place in that order", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const doomed = loop.createTask(after(5, "never"));
    loop.callLater(2, () => doomed.cancel("stop"));
    const failing = (function* () {
      yield* sleep(1);
      throw new URIError("bad");
    })();
    for (const next of asCompleted([after(3, "ok"), failing, doomed])) {
      try {
        log.push(String(yield* next));
      } catch (error) {
        log.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    assert.ok(doomed.cancelled());
  });
  assert.deepEqual(log, ["URIError: bad", "CancelledError: stop", "ok"]);
});

test("after the timeout the rest throw TimeoutError; nothing is cancelled", async () => {
  const log: string[] = [];
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const slow = loop.createTask(after(10, "slow"));
    const slower = loop.createTask(after(20, "slower"));
    const slots = asCompleted([after(1, "fast"), slow, slower], { timeout: 5 });
    log.push(String(yield* slots[0]!));
    const error = yield* thrownBy(function* () {
      yield* slots[1]!;
    });
    assert.ok(error instanceof TimeoutError);
    assert.equal(
      error.message,
      "asCompleted() timed out after 5 seconds: 2 of 3 awaitables had not completed",
    );
    log.push(`timed out at ${loop.time()}`);
    // Stopping at the first TimeoutError is normal: the third slot's error is not reported.
    assert.equal(yield* slow, "slow");
    assert.equal(slower.cancelled(), false);
    slower.cancel();
  });
  assert.deepEqual(log, ["fast", "timed out at 5"]);
  assert.deepEqual(reports, []);
});

test("a future given twice counts once; an empty input gives no awaitables", async () => {
  await runVirtual(function* (loop) {
    const t = loop.createTask(after(1, 1));
    const slots = asCompleted([t, t]);
    assert.equal(slots.length, 1);
    assert.equal(yield* slots[0]!, 1);
    assert.deepEqual(asCompleted([]), []);
  });
});

test("a slot its reader cancelled drops its completion; the next slot gets the next one", async () => {
  await runVirtual(function* () {
    const slots = asCompleted([after(1, "a"), after(2, "b")]);
    slots[0]!.cancel();
    assert.equal(yield* slots[1]!, "b");
    const error = yield* thrownBy(function* () {
      yield* slots[0]!;
    });
    assert.ok(error instanceof CancelledError);
  });
});

test("bad input is refused at the call", async () => {
  await runVirtual(function* () {
    assert.throws(() => asCompleted(after(1, 1) as never), {
      name: "TypeError",
      message:
        "asCompleted() needs an iterable of awaitables (an array or a Set); got a generator object. For one, pass [it]",
    });
    assert.throws(() => asCompleted([after(1, 1), null as never]), {
      name: "TypeError",
      message:
        "asCompleted() got null as item 2; it needs a Future or Task, a spindle awaitable (such as sleep(1)), a generator or generator function, a Promise or an async function",
    });
    assert.throws(() => asCompleted([], { timeout: Number.NaN }), {
      name: "RangeError",
      message:
        "asCompleted() needs a delay in seconds (a number; 0 or less means now); got the number NaN",
    });
    yield* sleep(2);
  });
  assert.throws(() => asCompleted([Promise.resolve(1)]), {
    name: "RuntimeError",
    message: "asCompleted() needs a running loop: call it from a task inside run(...)",
  });
});

test("the same generator given twice counts once (CPython test_as_completed_duplicate_coroutines)", async () => {
  await runVirtual(function* () {
    function* coro(s: string): Coroutine<string> {
      yield;
      return s;
    }
    const c = coro("ham");
    const results: string[] = [];
    for (const next of asCompleted([c, c, coro("spam")])) results.push(yield* next);
    assert.deepEqual(results.sort(), ["ham", "spam"]);
  });
});
