import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type ExceptionContext,
  type Future,
  InvalidStateError,
  newEventLoop,
  sleep,
  VirtualClock,
} from "../../src/core/index.js";
import { runVirtual } from "../support/virtual.js";

test("a future moves once from pending to a result", async () => {
  await runVirtual(function* (loop) {
    const f = loop.createFuture<string>();
    assert.equal(f.done(), false);
    assert.throws(() => f.result(), {
      name: "InvalidStateError",
      message:
        /^Future#\d+ is still pending: its result is not set yet; wait for it with `yield\* future` or `await future` first$/,
    });
    assert.throws(() => f.exception(), InvalidStateError);
    f.setResult("ok");
    assert.equal(f.done(), true);
    assert.equal(f.result(), "ok");
    assert.equal(f.exception(), undefined);
    assert.throws(() => f.setResult("again"), {
      name: "InvalidStateError",
      message: /setResult\(\) on Future#\d+, which is already done: a future completes only once/,
    });
    assert.equal(f.cancel(), false);
  });
});

test("a failed future throws its exception from result() and returns it from exception()", async () => {
  await runVirtual(function* (loop) {
    const f = loop.createFuture<number>("the answer");
    const error = new RangeError("bad");
    f.setException(error);
    assert.throws(() => f.result(), error);
    assert.equal(f.exception(), error);
    assert.throws(
      () => f.setException(new Error("x")),
      /setException\(\) on the answer, which is already done/,
    );
  });
});

test("setException refuses CancelledError: cancellation goes through cancel()", async () => {
  await runVirtual(function* (loop) {
    const f = loop.createFuture();
    assert.throws(() => f.setException(new CancelledError()), {
      name: "TypeError",
      message:
        "setException() got a CancelledError: call future.cancel(message) to cancel a future",
    });
  });
});

test("cancel(msg) puts msg in the CancelledError", async () => {
  await runVirtual(function* (loop) {
    const f = loop.createFuture();
    assert.equal(f.cancel("no longer needed"), true);
    assert.equal(f.cancelled(), true);
    assert.throws(() => f.result(), { name: "CancelledError", message: "no longer needed" });
    assert.throws(() => f.exception(), CancelledError);
    assert.throws(() => f.setResult(1), /which is already cancelled/);
  });
});

test("done-callbacks run through the loop, in registration order, even when added late", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const f = loop.createFuture<number>();
    const a = (x: Future<number>) => log.push(`a${x.result()}`);
    const b = () => log.push("b");
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    f.addDoneCallback(() => log.push("c"));
    assert.equal(f.removeDoneCallback(a), 2);
    f.setResult(1);
    assert.deepEqual([...log], [], "callbacks are scheduled, not called inside setResult");
    yield;
    assert.deepEqual([...log], ["b", "c"]);
    f.addDoneCallback(() => log.push("late"));
    yield;
    assert.deepEqual(log, ["b", "c", "late"]);
  });
});

test("yield* future evaluates to the result; await future works from async code", async () => {
  const value = await runVirtual(function* (loop) {
    const f = loop.createFuture<number>();
    loop.callLater(1, () => f.setResult(20));
    const a = yield* f;
    const g = loop.createFuture<number>();
    loop.callLater(1, () => g.setResult(22));
    const b = yield loop.createTask(async () => await g);
    return a + (b as number);
  });
  assert.equal(value, 42);
});

test("a failed future nobody looked at is reported when it is garbage", {
  skip: typeof globalThis.gc !== "function" && "needs node --expose-gc (npm test passes it)",
}, async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, context) => reports.push(context));
  (() => {
    loop.createFuture("forgotten").setException(new Error("nobody saw me"));
    const seen = loop.createFuture("seen");
    seen.setException(new Error("retrieved"));
    seen.exception();
  })();
  for (let i = 0; i < 10 && reports.length === 0; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  loop.close();
  assert.equal(reports.length, 1);
  assert.match(reports[0]!.message, /^forgotten exception was never retrieved/);
  assert.equal((reports[0]!.exception as Error).message, "nobody saw me");
});

test("a failed task nobody awaited is reported when its loop closes, at the latest", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, context) => reports.push(context));
  const forgotten = loop.createTask(
    function* () {
      yield;
      throw new Error("lost in the background");
    },
    { name: "forgotten" },
  );
  const awaited = loop.createTask(function* () {
    throw new Error("seen");
  });
  await loop.runUntilComplete(
    (function* () {
      yield* sleep(1);
      try {
        yield* awaited;
      } catch {
        // retrieved: not reported
      }
    })(),
  );
  assert.equal(forgotten.done(), true);
  assert.equal(reports.length, 0, "nothing is reported while the loop may still retrieve it");
  loop.close();
  assert.equal(reports.length, 1);
  assert.equal(
    reports[0]!.message,
    "Task 'forgotten' exception was never retrieved: nobody awaited it or called result()/exception()",
  );
  assert.equal(reports[0]!.future, forgotten);
});

test("a forgotten failed task can be collected, and is reported when it is", {
  skip: typeof globalThis.gc !== "function" && "needs node --expose-gc (npm test passes it)",
}, async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, context) => reports.push(context));
  let ref: WeakRef<object> | undefined;
  await loop.runUntilComplete(
    (function* () {
      ref = new WeakRef(
        loop.createTask(function* bad() {
          throw new Error("boom");
        }),
      );
      yield* sleep(1);
    })(),
  );
  for (let i = 0; i < 10 && reports.length === 0; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(ref?.deref(), undefined, "the failed task was collected");
  assert.equal(reports.length, 1);
  assert.match(reports[0]!.message, /exception was never retrieved/);
  loop.close();
  assert.equal(reports.length, 1, "close() does not report it twice");
});
