import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  currentTask,
  type ExceptionContext,
  newEventLoop,
  sleep,
  TimeoutError,
  VirtualClock,
  waitFor,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

function* after<T>(seconds: number, value: T): Coroutine<T> {
  yield* sleep(seconds);
  return value;
}

test("waitFor returns the result when the work finishes in time, and leaves no timer behind", async () => {
  await runVirtual(function* (loop) {
    assert.equal(yield* waitFor(after(1, "fast"), 5), "fast");
    assert.equal(loop.time(), 1);
    yield* sleep(0.5);
    assert.equal(loop.time(), 1.5, "the 5 s timer was cancelled, so time does not jump to it");
  });
});

test("on timeout waitFor cancels the inner task, waits for it to finish cancelling, then throws TimeoutError", async () => {
  const log: string[] = [];
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const inner = loop.createTask(function* () {
      try {
        yield* sleep(10);
      } finally {
        log.push(`inner cancelled at ${loop.time()}`);
        yield* sleep(0.5);
        log.push(`inner cleaned up at ${loop.time()}`);
      }
    });
    const error = yield* thrownBy(function* () {
      yield* waitFor(inner, 1.5);
    });
    log.push(`waiter resumed at ${loop.time()}`);
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.message, "waitFor() timed out after 1.5 seconds");
    assert.ok(error.cause instanceof CancelledError, "its cause is the inner's CancelledError");
    assert.equal(inner.cancelled(), true);
  });
  assert.deepEqual(log, ["inner cancelled at 1.5", "inner cleaned up at 2", "waiter resumed at 2"]);
  assert.deepEqual(reports, []);
});

test("the message says 'second' for one", async () => {
  await runVirtual(function* () {
    const error = yield* thrownBy(function* () {
      yield* waitFor(after(5, 0), 1);
    });
    assert.equal((error as Error).message, "waitFor() timed out after 1 second");
  });
});

test("cancelling the waiting task cancels the inner task too", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const inner = loop.createTask(function* () {
      try {
        yield* sleep(10);
      } catch (error) {
        log.push(`inner: ${(error as Error).message}`);
        throw error;
      }
    });
    const waiter = loop.createTask(function* () {
      return yield* waitFor(inner, 5);
    });
    yield* sleep(1);
    waiter.cancel("caller gave up");
    const error = yield* thrownBy(function* () {
      yield* waiter;
    });
    assert.ok(error instanceof CancelledError, "a cancellation, not a TimeoutError");
    assert.equal(inner.cancelled(), true);
    assert.equal(loop.time(), 1);
  });
  assert.deepEqual(log, ["inner: caller gave up"]);
});

test("timeout null waits as long as it takes", async () => {
  await runVirtual(function* (loop) {
    assert.equal(yield* waitFor(after(1000, "late"), null), "late");
    assert.equal(loop.time(), 1000);
  });
});

test("timeout 0: a done future gives its result; pending work is cancelled at once", async () => {
  await runVirtual(function* (loop) {
    const ready = loop.createFuture<string>();
    ready.setResult("ready");
    assert.equal(yield* waitFor(ready, 0), "ready");
    const pending = loop.createFuture<string>();
    const error = yield* thrownBy(function* () {
      yield* waitFor(pending, 0);
    });
    assert.ok(error instanceof TimeoutError);
    assert.equal(pending.cancelled(), true);
    assert.equal(loop.time(), 0);
  });
});

test("inner work that refuses the cancellation and returns: its result wins (asyncio 3.12)", async () => {
  await runVirtual(function* (loop) {
    const stubborn = loop.createTask(function* () {
      try {
        yield* sleep(10);
      } catch {
        currentTask()?.uncancel();
        yield* sleep(1);
        return "finished anyway";
      }
      return "in time";
    });
    assert.equal(yield* waitFor(stubborn, 1), "finished anyway");
    assert.equal(loop.time(), 2);
  });
});

test("the inner task's failure comes through as it is", async () => {
  await runVirtual(function* () {
    const error = yield* thrownBy(function* () {
      yield* waitFor(
        (function* () {
          yield* sleep(1);
          throw new URIError("bad");
        })(),
        5,
      );
    });
    assert.ok(error instanceof URIError);
  });
});

test("waitFor from an async function", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const outcome = await loop.runUntilComplete(async () => {
    try {
      await waitFor(new Promise(() => {}), 2);
      return "no timeout";
    } catch (error) {
      return (error as Error).message;
    }
  });
  assert.equal(outcome, "waitFor() timed out after 2 seconds");
  loop.close();
});

test("bad timeouts and no loop are refused at the call", async () => {
  await runVirtual(function* () {
    assert.throws(() => waitFor(after(1, 1), Number.NaN), {
      name: "RangeError",
      message:
        "waitFor() needs a delay in seconds (a number; 0 or less means now); got the number NaN",
    });
    assert.throws(() => waitFor("soon" as never, 1), {
      name: "TypeError",
      message:
        'waitFor() got the string "soon"; it needs a Future or Task, a spindle awaitable (such as sleep(1)), a generator or generator function, a Promise or an async function',
    });
    yield;
  });
  assert.throws(() => waitFor(Promise.resolve(1), 1), {
    name: "RuntimeError",
    message: "waitFor() needs a running loop: call it from a task inside run(...)",
  });
});
