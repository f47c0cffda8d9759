// Python's rule for computed delays (issue 11): a deadline already past is "due now", not an
// error, because users write `deadline - loop.time()`. NaN stays a clear error.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  asCompleted,
  createTask,
  type Future,
  sleep,
  TimeoutError,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from "../../src/asyncio/index.js";
import { runVirtual } from "../support/virtual.js";

test("sleep(-1) is sleep(0): one trip round the ready queue", async () => {
  await runVirtual(function* (loop) {
    const order: string[] = [];
    loop.callSoon(() => order.push("callback"));
    yield* sleep(-1);
    order.push("after sleep");
    assert.deepEqual(order, ["callback", "after sleep"]);
    assert.equal(loop.time(), 0);
    assert.equal(yield* sleep(-0.5, "value"), "value");
  });
});

test("callLater with a negative delay runs at the next pass, in insertion order", async () => {
  await runVirtual(function* (loop) {
    const order: string[] = [];
    loop.callLater(-1, () => order.push("late"));
    loop.callLater(0, () => order.push("now"));
    yield* sleep(0.001);
    assert.deepEqual(order, ["late", "now"]);
  });
});

test("timeout(-11, body) expires at the body's first wait", async () => {
  await runVirtual(function* () {
    const seen: string[] = [];
    let error: unknown;
    try {
      yield* timeout(-11, function* () {
        seen.push("body started");
        yield* sleep(1);
        seen.push("never");
      });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TimeoutError);
    assert.deepEqual(seen, ["body started"]);
  });
});

test("timeoutAt a past loop time expires at the first wait", async () => {
  await runVirtual(function* (loop) {
    yield* sleep(5);
    let error: unknown;
    try {
      yield* timeoutAt(loop.time() - 3, function* () {
        yield* sleep(1);
      });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TimeoutError);
    assert.equal(loop.time(), 5);
  });
});

test("waitFor(x, -1) times out unless x is already done", async () => {
  await runVirtual(function* (loop) {
    const slow = createTask(sleep(1, "slow"));
    let error: unknown;
    try {
      yield* waitFor(slow, -1);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TimeoutError);
    assert.ok(slow.cancelled());
    const ready = loop.createFuture<string>();
    ready.setResult("ready");
    assert.equal(yield* waitFor(ready, -1), "ready");
  });
});

test("wait(fs, {timeout: -1}) returns at once with the pending ones pending", async () => {
  await runVirtual(function* (loop) {
    const slow = createTask(sleep(1));
    const [done, pending] = yield* wait([slow], { timeout: -1 });
    assert.equal(done.size, 0);
    assert.deepEqual([...pending], [slow]);
    assert.equal(loop.time(), 0);
    slow.cancel();
  });
});

test("asCompleted(fs, {timeout: -1}) times out what is not done", async () => {
  await runVirtual(function* () {
    const slow = createTask(sleep(1));
    const [first] = asCompleted([slow], { timeout: -1 }) as [Future<unknown>];
    let error: unknown;
    try {
      yield* first;
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TimeoutError);
    slow.cancel();
  });
});

test("NaN is still refused at the call, with what to pass instead", async () => {
  await runVirtual(function* (loop) {
    const message = (what: string) =>
      `${what}() needs a delay in seconds (a number; 0 or less means now); got the number NaN`;
    assert.throws(() => sleep(Number.NaN), { name: "RangeError", message: message("sleep") });
    assert.throws(() => loop.callLater(Number.NaN, () => {}), {
      name: "RangeError",
      message: message("callLater"),
    });
    assert.throws(() => waitFor(sleep(1), Number.NaN), { message: message("waitFor") });
    assert.throws(() => timeout(Number.NaN, function* () {}), { message: message("timeout") });
    assert.throws(() => sleep("1" as never), RangeError);
  });
});
