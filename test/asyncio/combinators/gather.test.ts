import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  DeadlockError,
  type ExceptionContext,
  Future,
  gather,
  gatherAll,
  newEventLoop,
  RuntimeError,
  sleep,
  VirtualClock,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

function* after<T>(seconds: number, value: T, log?: string[]): Coroutine<T> {
  yield* sleep(seconds);
  log?.push(`${String(value)} at ${seconds}`);
  return value;
}

function* failAfter(seconds: number, error: Error): Coroutine<never> {
  yield* sleep(seconds);
  throw error;
}

test("gather runs everything concurrently and gives the results in argument order", async () => {
  let reports: ExceptionContext[] = [];
  const results = await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const task = loop.createTask(after(3, "task"));
    const done = loop.createFuture<string>();
    done.setResult("future");
    const results = yield* gather(
      task,
      after(1, "generator"),
      function* () {
        return yield* after(2, "generator function");
      },
      Promise.resolve("promise"),
      async () => "async function",
      sleep(2, "sleep"),
      done,
    );
    assert.equal(loop.time(), 3, "concurrently: as long as the slowest, not the sum");
    return results;
  });
  assert.deepEqual(results, [
    "task",
    "generator",
    "generator function",
    "promise",
    "async function",
    "sleep",
    "future",
  ]);
  assert.deepEqual(reports, []);
});

test("gather() with nothing to wait for evaluates to []", async () => {
  const results = await runVirtual(function* () {
    return yield* gather();
  });
  assert.deepEqual(results, []);
});

test("without returnExceptions the first error propagates and the other children keep running", async () => {
  const log: string[] = [];
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const slow = loop.createTask(after(3, "slow", log));
    const error = yield* thrownBy(function* () {
      yield* gather(after(2, "b", log), failAfter(1, new URIError("first")), slow);
    });
    assert.ok(error instanceof URIError);
    assert.equal(error.message, "first");
    log.push(`caught at ${loop.time()}`);
    assert.equal(slow.done(), false, "asyncio: a failure does not cancel the others");
    yield* sleep(5);
    assert.equal(slow.result(), "slow");
  });
  assert.deepEqual(log, ["caught at 1", "b at 2", "slow at 3"]);
  assert.deepEqual(reports, []);
});

test("only the first failure is gather's; later ones are marked as seen, not reported", async () => {
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const error = yield* thrownBy(function* () {
      yield* gather(failAfter(1, new URIError("first")), failAfter(2, new URIError("second")));
    });
    assert.equal((error as Error).message, "first");
    yield* sleep(5);
  });
  assert.deepEqual(reports, []);
});

test("with returnExceptions, errors (and CancelledError) take their children's places", async () => {
  const results = await runVirtual(function* (loop) {
    const doomed = loop.createTask(after(5, "never"));
    loop.callLater(1, () => doomed.cancel("stopped"));
    return yield* gather(after(2, "ok"), failAfter(1, new URIError("bad")), doomed, {
      returnExceptions: true,
    });
  });
  assert.equal(results[0], "ok");
  assert.ok(results[1] instanceof URIError);
  assert.ok(results[2] instanceof CancelledError);
  assert.equal(results[2].message, "stopped");
});

test("a cancelled child makes gather fail with CancelledError carrying its message", async () => {
  await runVirtual(function* (loop) {
    const doomed = loop.createTask(after(5, "never"));
    loop.callLater(1, () => doomed.cancel("stopped"));
    const error = yield* thrownBy(function* () {
      yield* gather(after(2, "ok"), doomed);
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(error.message, "stopped");
  });
});

test("cancelling gather cancels every child and ends once they have all finished", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    function* child(name: string): Coroutine<string> {
      try {
        yield* sleep(10);
        return name;
      } finally {
        log.push(`${name} cleans up`);
        yield* sleep(1);
        log.push(`${name} cleaned up`);
      }
    }
    const all = gather(child("a"), child("b"));
    yield* sleep(1);
    assert.equal(all.cancel("enough"), true);
    assert.equal(all.done(), false, "gather waits for its children to finish cancelling");
    const error = yield* thrownBy(function* () {
      yield* all;
    });
    log.push(`gather ended at ${loop.time()}`);
    assert.ok(error instanceof CancelledError);
    assert.equal(error.message, "enough");
    assert.equal(all.cancelled(), true);
    assert.equal(all.cancel(), false, "a finished gather cannot be cancelled");
  });
  assert.deepEqual(log, [
    "a cleans up",
    "b cleans up",
    "a cleaned up",
    "b cleaned up",
    "gather ended at 2",
  ]);
});

test("cancelling the task that waits on gather cancels the children", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    function* child(name: string): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (error) {
        log.push(`${name}: ${(error as Error).message}`);
        throw error;
      }
    }
    const waiter = loop.createTask(function* () {
      yield* gather(child("a"), child("b"));
    });
    yield* sleep(1);
    waiter.cancel("shutting down");
    const error = yield* thrownBy(function* () {
      yield* waiter;
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(loop.time(), 1);
  });
  assert.deepEqual(log, ["a: shutting down", "b: shutting down"]);
});

test("a child cancelled while cancelling gather with returnExceptions still ends it cancelled", async () => {
  await runVirtual(function* (loop) {
    const future = loop.createFuture<number>();
    const all = gather(future, { returnExceptions: true });
    assert.equal(all.cancel(), true); // the plain future is cancelled synchronously
    assert.equal(all.cancelled(), true, "asyncio: a requested cancel wins over the results");
    yield;
  });
});

test("the same future given twice counts twice and fills both places", async () => {
  const results = await runVirtual(function* (loop) {
    const t = loop.createTask(after(1, 7));
    return yield* gather(t, t);
  });
  assert.deepEqual(results, [7, 7]);
});

test("gather from an async function: await gather(...)", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const results = await loop.runUntilComplete(async () => {
    return await gather(after(1, 1), Promise.resolve("two"));
  });
  assert.deepEqual(results, [1, "two"]);
  loop.close();
});

test("gatherAll takes an iterable, for more children than a call can take", async () => {
  const n = 150_000;
  const results = await runVirtual(function* () {
    function* job(i: number): Coroutine<number> {
      yield;
      return i;
    }
    const jobs = new Set<Coroutine<number>>();
    for (let i = 0; i < n; i++) jobs.add(job(i));
    return yield* gatherAll(jobs);
  });
  assert.equal(results.length, n);
  assert.ok(results.every((r, i) => r === i));
});

test("gatherAll with returnExceptions", async () => {
  const results = await runVirtual(function* () {
    return yield* gatherAll([after(1, 1), failAfter(1, new URIError("x"))], {
      returnExceptions: true,
    });
  });
  assert.equal(results[0], 1);
  assert.ok(results[1] instanceof URIError);
});

test("a task waiting on gather shows in a deadlock report as waiting on it", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const error = await loop
    .runUntilComplete(
      loop.createTask(
        function* () {
          yield* gather(loop.createFuture("the reply"), after(1, 1));
        },
        { name: "main" },
      ),
    )
    .catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError);
  assert.match(error.message, /\n {2}Task 'main' waits on gather\(\) of 2 awaitables\n/);
  loop.close();
});

test("bad input is refused at the call, and tasks made for earlier arguments never run", async () => {
  const log: string[] = [];
  await runVirtual(function* () {
    assert.throws(() => gather(after(1, "a", log), 42 as never), {
      name: "TypeError",
      message:
        "gather() got the number 42 as argument 2; it needs a Future or Task, a spindle awaitable (such as sleep(1)), a generator or generator function, a Promise or an async function",
    });
    assert.throws(() => gather(after(1, "a"), { return_exceptions: true } as never), {
      name: "TypeError",
      message:
        "gather() got an unknown option 'return_exceptions'; its only option is returnExceptions (a boolean)",
    });
    assert.throws(() => gather(after(1, "a"), { returnExceptions: "yes" } as never), {
      name: "TypeError",
      message: "gather() option returnExceptions must be true or false; got yes",
    });
    assert.throws(() => gatherAll(42 as never), {
      name: "TypeError",
      message:
        "gatherAll() needs an iterable of awaitables (an array, a Set...); for separate arguments use gather(a, b, c)",
    });
    yield* sleep(2);
  });
  assert.deepEqual(log, [], "the task made for argument 1 was cancelled before its first step");
});

test("a future of another loop is refused", async () => {
  const other = newEventLoop();
  const foreign = other.createFuture<number>("the other loop's future");
  await runVirtual(function* () {
    assert.throws(() => gather(foreign), {
      name: "RangeError",
      message:
        "gather() got the other loop's future as argument 1, which belongs to a different loop and would never complete on this one; create it on the loop that runs this code",
    });
  });
  other.close();
});

test("gather with no running loop is a RuntimeError at the call", () => {
  assert.throws(() => gather(Promise.resolve(1)), {
    name: "RuntimeError",
    message: "gather() needs a running loop: call it from a task inside run(...)",
  });
  assert.ok(new RuntimeError("x") instanceof Error);
});

test("gather's result is a Future: done callbacks and result() work as usual", async () => {
  await runVirtual(function* () {
    const all = gather(after(1, "x"));
    assert.ok(all instanceof Future);
    const seen: unknown[] = [];
    all.addDoneCallback((f) => seen.push(f.result()));
    yield* all;
    yield;
    assert.deepEqual(seen, [["x"]]);
  });
});

test("the same generator given twice is run once and fills both places (CPython test_duplicate_coroutines)", async () => {
  await runVirtual(function* () {
    let runs = 0;
    function* coro(s: string): Coroutine<string> {
      runs++;
      yield;
      return s;
    }
    const c = coro("abc");
    const results = yield* gather(c, c, coro("def"), c);
    assert.deepEqual(results, ["abc", "abc", "def", "abc"]);
    assert.equal(runs, 2);
  });
});
