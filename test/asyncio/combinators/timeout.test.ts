import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  currentTask,
  newEventLoop,
  sleep,
  Timeout,
  TimeoutError,
  timeout,
  timeoutAt,
  VirtualClock,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { thrownBy } from "./support.js";

test("a body that finishes in time gives its value; no timer is left behind", async () => {
  await runVirtual(function* (loop) {
    const task = currentTask()!;
    const value = yield* timeout(5, function* () {
      yield* sleep(1);
      assert.equal(currentTask(), task, "the body runs inline, in the caller's task");
      return "in time";
    });
    assert.equal(value, "in time");
    yield* sleep(0.5);
    assert.equal(loop.time(), 1.5, "the 5 s timer was cancelled");
  });
});

test("at the deadline the body is cancelled and TimeoutError is thrown, its cause the CancelledError", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const error = yield* thrownBy(function* () {
      yield* timeout(1.5, function* () {
        try {
          yield* sleep(10);
        } catch (error) {
          log.push(`body: ${(error as Error).name} at ${loop.time()}`);
          throw error;
        }
      });
    });
    assert.ok(error instanceof TimeoutError);
    assert.equal(
      error.message,
      "timeout(1.5) expired: the body was still running after 1.5 seconds, so it was cancelled",
    );
    assert.ok(error.cause instanceof CancelledError);
    assert.equal(error.cause.message, "timeout(1.5) expired");
    assert.equal(currentTask()!.cancelling(), 0, "the timeout withdrew its cancellation");
    yield* sleep(1);
    log.push(`the task goes on at ${loop.time()}`);
  });
  assert.deepEqual(log, ["body: CancelledError at 1.5", "the task goes on at 2.5"]);
});

test("timeout(null) sets no deadline", async () => {
  await runVirtual(function* (loop) {
    const value = yield* timeout(null, function* (t) {
      assert.equal(t.when(), null);
      yield* sleep(1000);
      return "late";
    });
    assert.equal(value, "late");
    assert.equal(loop.time(), 1000);
  });
});

test("nested: the outer deadline first — the inner timeout lets the cancellation pass", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const error = yield* thrownBy(function* () {
      yield* timeout(1, function* () {
        try {
          yield* timeout(5, function* () {
            yield* sleep(10);
          });
        } catch (error) {
          log.push(`inner timeout let through: ${(error as Error).name}`);
          throw error;
        }
      });
    });
    assert.ok(error instanceof TimeoutError);
    assert.match(error.message, /^timeout\(1\) expired/);
    log.push(`outer timed out at ${loop.time()}`);
  });
  assert.deepEqual(log, ["inner timeout let through: CancelledError", "outer timed out at 1"]);
});

test("nested: the inner deadline first — the outer body catches it and carries on", async () => {
  await runVirtual(function* (loop) {
    const value = yield* timeout(5, function* () {
      const error = yield* thrownBy(function* () {
        yield* timeout(1, function* () {
          yield* sleep(10);
        });
      });
      assert.ok(error instanceof TimeoutError);
      yield* sleep(1);
      return "outer finished";
    });
    assert.equal(value, "outer finished");
    assert.equal(loop.time(), 2);
  });
});

test("a cancellation from outside passes through a timeout untouched", async () => {
  await runVirtual(function* (loop) {
    const worker = loop.createTask(function* () {
      yield* timeout(5, function* () {
        yield* sleep(10);
      });
    });
    yield* sleep(1);
    worker.cancel("from outside");
    const error = yield* thrownBy(function* () {
      yield* worker;
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(error.message, "from outside");
  });
});

test("expiry and an outside cancellation together: the outside one wins, as CancelledError", async () => {
  await runVirtual(function* (loop) {
    const worker = loop.createTask(function* () {
      yield* timeout(1, function* () {
        yield* sleep(10);
      });
    });
    yield;
    loop.callLater(1, () => worker.cancel("from outside")); // after the timeout's own timer
    const error = yield* thrownBy(function* () {
      yield* worker;
    });
    assert.ok(error instanceof CancelledError);
  });
});

test("a body that swallows the cancellation and returns keeps its value; expired() tells", async () => {
  await runVirtual(function* () {
    let scope: Timeout | null = null;
    const value = yield* timeout(1, function* (t) {
      scope = t;
      try {
        yield* sleep(10);
      } catch {
        return "gave up quietly";
      }
      return "finished";
    });
    assert.equal(value, "gave up quietly");
    assert.equal(scope!.expired(), true);
    assert.equal(currentTask()!.cancelling(), 0);
  });
});

test("reschedule() moves the deadline while the body runs; when() reads it", async () => {
  await runVirtual(function* (loop) {
    let scope: Timeout | null = null;
    const error = yield* thrownBy(function* () {
      yield* timeout(1, function* (t) {
        scope = t;
        assert.equal(t.when(), 1);
        yield* sleep(0.5);
        t.reschedule(3);
        assert.equal(t.when(), 3);
        yield* sleep(10);
      });
    });
    assert.ok(error instanceof TimeoutError);
    assert.equal(loop.time(), 3);
    assert.equal(
      error.message,
      "timeout(1) expired: the body was still running at its deadline (loop time 3), so it was cancelled",
    );
    assert.throws(() => scope!.reschedule(10), {
      name: "RuntimeError",
      message:
        "Timeout.reschedule(): this timeout has already expired; a deadline can move only while its body runs",
    });
    const fresh = new Timeout(5);
    assert.throws(() => fresh.reschedule(10), {
      name: "RuntimeError",
      message:
        "Timeout.reschedule(): this timeout has not started yet; call it from the body; a deadline can move only while its body runs",
    });
    const value = yield* fresh.run(function* (t) {
      t.reschedule(null);
      yield* sleep(10);
      return "no deadline any more";
    });
    assert.equal(value, "no deadline any more");
    assert.throws(() => fresh.reschedule(1), {
      message:
        "Timeout.reschedule(): this timeout has already finished; a deadline can move only while its body runs",
    });
  });
});

test("timeoutAt takes a loop time; a deadline already past expires at the body's first wait", async () => {
  await runVirtual(function* (loop) {
    yield* sleep(10);
    const error = yield* thrownBy(function* () {
      yield* timeoutAt(12, function* () {
        yield* sleep(5);
      });
    });
    assert.equal(
      (error as Error).message,
      "timeoutAt(12) expired: the body was still running at its deadline (loop time 12), so it was cancelled",
    );
    assert.equal(loop.time(), 12);
    const past = yield* thrownBy(function* () {
      yield* timeoutAt(0, function* () {
        yield* sleep(1);
      });
    });
    assert.ok(past instanceof TimeoutError);
    assert.equal(loop.time(), 12);
    const quick = yield* timeoutAt(0, function* () {
      return "never waited";
    });
    assert.equal(quick, "never waited");
  });
});

test("await timeout(...) from an async function runs the body in a helper task", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const outcome = await loop.runUntilComplete(async () => {
    try {
      await timeout(2, function* () {
        assert.equal(currentTask()?.getName(), "timeout(2)");
        yield* sleep(5);
      });
      return "no timeout";
    } catch (error) {
      return (error as Error).name;
    }
  });
  assert.equal(outcome, "TimeoutError");
  loop.close();
});

test("a timeout runs its body once", async () => {
  await runVirtual(function* () {
    const once = timeout(1, function* () {
      return 1;
    });
    assert.equal(yield* once, 1);
    const error = yield* thrownBy(function* () {
      yield* once;
    });
    assert.equal(
      (error as Error).message,
      "timeout(1) was already started: it runs its body once; call timeout() again to run it again",
    );
  });
});

test("bad input is refused at the call", async () => {
  await runVirtual(function* () {
    const body = function* (): Coroutine<void> {};
    assert.throws(() => timeout(Number.NaN, body), {
      name: "RangeError",
      message:
        "timeout() needs a delay in seconds (a number; 0 or less means now); got the number NaN",
    });
    assert.throws(() => timeoutAt(Number.NaN, body), {
      name: "RangeError",
      message: "timeoutAt() needs a loop time in seconds (compare loop.time()); got the number NaN",
    });
    assert.throws(() => timeout(1, 5 as never), {
      name: "TypeError",
      message:
        "timeout() needs a generator function as its body, as in timeout(1, function* () { ... }); got the number 5",
    });
    assert.throws(() => timeout(1, (async () => {}) as never), {
      name: "TypeError",
      message:
        "timeout() needs a generator function as its body, as in timeout(1, function* () { ... }); got an async function; for a Promise or async function, use waitFor(promise, delay)",
    });
    const notGenerator = yield* thrownBy(function* () {
      yield* timeout(1, (() => 42) as never);
    });
    assert.equal(
      (notGenerator as Error).message,
      "timeout(1)'s body returned the number 42; it must be a generator function (function* () { ... })",
    );
    yield;
  });
  assert.throws(
    () =>
      timeout(1, function* () {
        yield;
      }),
    {
      name: "RuntimeError",
      message: "timeout() needs a running loop: call it from a task inside run(...)",
    },
  );
});

test("iterating a timeout outside any task is a RuntimeError", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  let error: unknown;
  loop.callSoon(() => {
    const scope = new Timeout(null);
    try {
      scope
        .run(function* () {})
        [Symbol.iterator]()
        .next();
    } catch (e) {
      error = e;
    }
  });
  await loop.runUntilComplete(function* () {
    yield;
    yield;
  });
  loop.close();
  assert.equal(
    (error as Error).message,
    "Timeout needs a running task: use `yield* timeout(...)` inside a task, or `await` it from an async function",
  );
});
