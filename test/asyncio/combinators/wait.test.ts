import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ALL_COMPLETED,
  CancelledError,
  type Coroutine,
  type ExceptionContext,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type Loop,
  sleep,
  type Task,
  wait,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

function* after<T>(seconds: number, value: T): Coroutine<T> {
  yield* sleep(seconds);
  return value;
}

function* failAfter(seconds: number): Coroutine<never> {
  yield* sleep(seconds);
  throw new URIError(`failed at ${seconds}`);
}

function tasks(loop: Loop, ...bodies: Coroutine<unknown>[]): Task<unknown>[] {
  return bodies.map((b, i) => loop.createTask(b, { name: `t${i + 1}` }));
}

const names = (set: Set<Task<unknown>>) => [...set].map((t) => t.getName()).sort();

test("the constants are asyncio's strings", () => {
  assert.equal(FIRST_COMPLETED, "FIRST_COMPLETED");
  assert.equal(FIRST_EXCEPTION, "FIRST_EXCEPTION");
  assert.equal(ALL_COMPLETED, "ALL_COMPLETED");
});

test("ALL_COMPLETED (the default) waits for every future and returns [done, pending]", async () => {
  await runVirtual(function* (loop) {
    const ts = tasks(loop, after(1, "a"), failAfter(2), after(3, "c"));
    const [done, pending] = yield* wait(ts);
    assert.equal(loop.time(), 3);
    assert.deepEqual(names(done), ["t1", "t2", "t3"]);
    assert.equal(pending.size, 0);
    assert.ok(done.has(ts[0]!), "the sets hold the very tasks passed");
    assert.throws(() => ts[1]!.result(), URIError);
  });
});

test("FIRST_COMPLETED returns at the first completion; the rest keep running", async () => {
  await runVirtual(function* (loop) {
    const ts = tasks(loop, after(3, "a"), after(1, "b"), after(2, "c"));
    const [done, pending] = yield* wait(ts, { returnWhen: FIRST_COMPLETED });
    assert.equal(loop.time(), 1);
    assert.deepEqual(names(done), ["t2"]);
    assert.deepEqual(names(pending), ["t1", "t3"]);
    yield* sleep(5);
    assert.ok(
      ts.every((t) => t.done() && !t.cancelled()),
      "wait() cancels nothing",
    );
  });
});

test("FIRST_EXCEPTION returns at the first failure, or when all are done", async () => {
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const ts = tasks(loop, after(1, "a"), failAfter(2), after(3, "c"));
    const [done, pending] = yield* wait(ts, { returnWhen: FIRST_EXCEPTION });
    assert.equal(loop.time(), 2);
    assert.deepEqual(names(done), ["t1", "t2"]);
    assert.deepEqual(names(pending), ["t3"]);
    const calm = tasks(loop, after(1, 1), after(2, 2));
    const [allDone] = yield* wait(calm, { returnWhen: FIRST_EXCEPTION });
    assert.equal(allDone.size, 2);
    assert.equal(loop.time(), 4);
    yield* sleep(5);
  });
  assert.deepEqual(reports, []);
});

test("a cancelled future counts as completed, not as an exception", async () => {
  await runVirtual(function* (loop) {
    const ts = tasks(loop, after(5, "a"), after(2, "b"));
    loop.callLater(1, () => ts[0]!.cancel());
    const [done] = yield* wait(ts, { returnWhen: FIRST_EXCEPTION });
    assert.equal(loop.time(), 2);
    assert.equal(done.size, 2);
  });
});

test("at the timeout wait returns what is done so far and cancels nothing", async () => {
  await runVirtual(function* (loop) {
    const ts = tasks(loop, after(1, "a"), after(10, "b"));
    const [done, pending] = yield* wait(ts, { timeout: 2 });
    assert.equal(loop.time(), 2);
    assert.deepEqual(names(done), ["t1"]);
    assert.deepEqual(names(pending), ["t2"]);
    assert.equal(yield* ts[1]!, "b");
    assert.equal(loop.time(), 10);
  });
});

test("futures already done: wait returns without suspending the clock", async () => {
  await runVirtual(function* (loop) {
    const f = loop.createFuture<number>();
    f.setResult(1);
    const g = loop.createFuture<number>();
    const [done, pending] = yield* wait([f, g], { returnWhen: FIRST_COMPLETED });
    assert.deepEqual([...done], [f]);
    assert.deepEqual([...pending], [g]);
    g.cancel();
  });
});

test("cancelling the task that waits leaves the futures alone", async () => {
  await runVirtual(function* (loop) {
    const ts = tasks(loop, after(5, "a"));
    const waiter = loop.createTask(function* () {
      return yield* wait(ts);
    });
    yield* sleep(1);
    waiter.cancel();
    const error = yield* thrownBy(function* () {
      yield* waiter;
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(yield* ts[0]!, "a");
  });
});

test("bad input is refused at the call", async () => {
  await runVirtual(function* (loop) {
    const t = loop.createTask(after(1, 1), { name: "t" });
    assert.throws(() => wait([]), {
      name: "RangeError",
      message: "wait() needs at least one awaitable",
    });
    assert.throws(() => wait(t as never), {
      name: "TypeError",
      message:
        "wait() needs an iterable of futures or tasks (an array or a Set); got a Task object. To wait for one task, pass [task]",
    });
    assert.throws(() => wait([t, after(1, 2) as never]), {
      name: "TypeError",
      message:
        "wait() takes futures or tasks, so that done and pending hold what you passed; got a generator object at position 2: wrap it with createTask(...) first",
    });
    assert.throws(() => wait([t], { returnWhen: "FIRST" as never }), {
      name: "RangeError",
      message:
        'wait() got returnWhen the string "FIRST"; use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED',
    });
    assert.throws(() => wait([t], { timeout: Number.NaN }), {
      name: "RangeError",
      message:
        "wait() needs a delay in seconds (a number; 0 or less means now); got the number NaN",
    });
    yield* t;
  });
  assert.throws(() => wait([{} as never]), {
    name: "RuntimeError",
    message: "wait() needs a running loop: call it from a task inside run(...)",
  });
});
