import assert from "node:assert/strict";
import { test } from "node:test";
import type { Loop, Task } from "../../src/core/index.js";
import { WaitQueue } from "../../src/core/internal.js";
import { runVirtual } from "../support/virtual.js";

const target = { describe: () => "the test's queue" };

function waiter(loop: Loop, queue: WaitQueue<string>, name: string, log: string[]): Task<void> {
  return loop.createTask(
    function* () {
      log.push(`${name} got ${yield* queue.park()}`);
    },
    { name },
  );
}

test("waiters wake in the order they parked", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const tasks = ["w1", "w2", "w3"].map((n) => waiter(loop, queue, n, log));
    yield;
    assert.equal(queue.length, 3);
    assert.equal(queue.unparkOne("x")?.waitingTask, tasks[0]);
    assert.equal(queue.unparkAll("y"), 2);
    assert.equal(queue.unparkOne("z"), null);
    for (const t of tasks) yield* t;
  });
  assert.deepEqual(log, ["w1 got x", "w2 got y", "w3 got y"]);
});

test("a cancelled waiter leaves the queue at once", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const a = waiter(loop, queue, "a", log);
    const b = waiter(loop, queue, "b", log);
    yield;
    a.cancel();
    assert.equal(queue.length, 1);
    queue.unparkOne("x");
    yield* b;
    assert.equal(a.cancelled(), true);
  });
  assert.deepEqual(log, ["b got x"]);
});

test("a wake-up is final: a waiter woken then cancelled before it runs keeps the value", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const a = loop.createTask(function* () {
      log.push(`a got ${yield* queue.park()}`);
      try {
        yield; // the cancellation arrives at the next wait
        log.push("a: never");
      } finally {
        log.push("a unwinds");
      }
    });
    const b = waiter(loop, queue, "b", log);
    yield;
    queue.unparkOne("the only permit"); // a is chosen ...
    a.cancel(); // ... and cancelled before it could run
    assert.equal(a.state(), "cancelling");
    yield;
    assert.equal(queue.length, 1, "b still waits: nothing was handed on");
    queue.unparkOne("second");
    yield* b;
    assert.equal(a.cancelled(), true);
  });
  assert.deepEqual(log, ["a got the only permit", "a unwinds", "b got second"]);
});

test("failAll raises the error in every waiter; the wait is labelled and names its target", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target, { operation: ".get()" });
    const t = loop.createTask(function* () {
      return yield* queue.park();
    });
    yield;
    assert.equal(t.waitingOn()?.describe(), "the test's queue.get()");
    assert.equal(t.state(), "waiting");
    assert.equal(queue.failAll(new RangeError("broken")), 1);
    try {
      yield* t;
      assert.fail("unreachable");
    } catch (error) {
      assert.equal((error as Error).message, "broken");
    }
  });
});

test("order survives the compaction that drops cancelled waiters; length counts the live", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<number>(target);
    const got: number[] = [];
    const live: Task<unknown>[] = [];
    for (let round = 0; round < 50; round++) {
      live.push(
        loop.createTask(function* () {
          got.push(yield* queue.park());
        }),
      );
      const doomed = Array.from({ length: 100 }, () =>
        loop.createTask(function* () {
          yield* queue.park();
        }),
      );
      yield;
      for (const t of doomed) t.cancel();
    }
    assert.equal(queue.length, 50);
    for (let i = 0; i < 50; i++) assert.notEqual(queue.unparkOne(i), null);
    assert.equal(queue.unparkOne(99), null);
    for (const t of live) yield* t;
    assert.deepEqual(
      got,
      Array.from({ length: 50 }, (_, i) => i),
      "woken in the order parked",
    );
  });
});

test("an async caller waits with await; a wait woken before it is driven completes at once", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const awaited = queue.park().then((v) => `awaited ${v}`);
    queue.unparkOne("value");
    assert.equal(yield* loop.createTask(awaited), "awaited value");
    const early = queue.park();
    queue.unparkOne("early");
    assert.equal(yield* early, "early");
  });
});

test("waking a wait twice is a bug, said as such", async () => {
  await runVirtual(function* () {
    const queue = new WaitQueue<string>(target);
    const w = queue.park();
    w.wake("once");
    assert.throws(() => w.wake("twice"), {
      name: "InternalError",
      message: /the test's queue was ended twice/,
    });
    yield;
  });
});

test("waiters parked during unparkAll wait for the next wake-up", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const log: string[] = [];
    loop.createTask(function* () {
      log.push(yield* queue.park());
      log.push(yield* queue.park()); // parks again while the first unparkAll is done
    });
    yield;
    assert.equal(queue.unparkAll("now"), 1);
    yield;
    assert.deepEqual(log, ["now"]);
    assert.equal(queue.length, 1);
    queue.unparkAll("later");
    yield;
    assert.deepEqual(log, ["now", "later"]);
  });
});

test("one wait shared by two tasks is refused where the second parks, not left to hang", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const shared = queue.park();
    const first = loop.createTask(function* () {
      return yield* shared;
    });
    const second = loop.createTask(function* () {
      return yield* shared;
    });
    yield;
    assert.equal(second.done(), true);
    assert.match(
      String(second.exception()),
      /RuntimeError: the test's queue is already waited on by another task or await/,
    );
    queue.unparkOne("for the first");
    assert.equal(yield* first, "for the first");
  });
});

test("one wait awaited twice at once is refused for the second, not left to hang", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(target);
    const shared = queue.park();
    const first = shared.then((v) => v);
    const second = shared.then(
      () => "no",
      (error: unknown) => (error as Error).message,
    );
    queue.unparkOne("value");
    assert.equal(yield* loop.createTask(first), "value");
    assert.match(yield* loop.createTask(second), /is already waited on by another task or await/);
  });
});
