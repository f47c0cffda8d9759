import assert from "node:assert/strict";
import { test } from "node:test";
import { type Future, type Loop, type Task, WaitQueue } from "../../src/core/index.js";
import { runVirtual } from "../support/virtual.js";

const owner = { describe: () => "the test's queue" };

function waiter(loop: Loop, queue: WaitQueue<string>, name: string, log: string[]): Task<void> {
  return loop.createTask(
    function* () {
      log.push(`${name} got ${yield* queue.wait()}`);
    },
    { name },
  );
}

test("waiters wake in the order they parked", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(loop, owner);
    const tasks = ["w1", "w2", "w3"].map((n) => waiter(loop, queue, n, log));
    yield;
    assert.equal(queue.length, 3);
    assert.equal(queue.unparkOne("x"), true);
    assert.equal(queue.unparkAll("y"), 2);
    assert.equal(queue.unparkOne("z"), false);
    for (const t of tasks) yield* t;
  });
  assert.deepEqual(log, ["w1 got x", "w2 got y", "w3 got y"]);
});

test("a cancelled waiter leaves the queue at once", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(loop, owner);
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

test("no lost wake-up: a waiter woken then cancelled before it runs hands the value on", async () => {
  const log: string[] = [];
  const unclaimed: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(loop, owner, (v) => unclaimed.push(v));
    const a = waiter(loop, queue, "a", log);
    const b = waiter(loop, queue, "b", log);
    yield;
    queue.unparkOne("the only permit"); // a is chosen ...
    a.cancel(); // ... but cancelled before it could run
    yield* b;
    const c = waiter(loop, queue, "c", log);
    yield;
    queue.unparkOne("second");
    c.cancel();
    yield;
    yield;
  });
  assert.deepEqual(log, ["b got the only permit"]);
  assert.deepEqual(unclaimed, ["second"], "with nobody left, the primitive gets the value back");
});

test("failAll raises the error in every waiter; the future parked on names its owner", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(loop, owner);
    const t = loop.createTask(function* () {
      return yield* queue.wait();
    });
    yield;
    assert.equal(t.waitingOn()?.owner, owner);
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
    const queue = new WaitQueue<void>(loop, owner);
    const live = [];
    for (let round = 0; round < 50; round++) {
      live.push(queue.park()); // stays parked through the churn
      const cancelled = Array.from({ length: 100 }, () => queue.park());
      for (const f of cancelled) f.cancel();
    }
    assert.equal(queue.length, 50);
    for (const f of live) {
      assert.equal(queue.unparkOne(), true);
      assert.equal(f.done(), true, "woken in the order parked");
    }
    assert.equal(queue.unparkOne(), false);
    yield;
  });
});

test("handOn gives a value to the next waiter, or back through onUnclaimed", async () => {
  const unclaimed: string[] = [];
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(loop, owner, (v) => unclaimed.push(v));
    const f = queue.park();
    queue.handOn("first");
    assert.equal(f.result(), "first");
    queue.handOn("second");
    yield;
  });
  assert.deepEqual(unclaimed, ["second"]);
});

test("waiters parked during unparkAll wait for the next wake-up", async () => {
  await runVirtual(function* (loop) {
    const queue = new WaitQueue<string>(loop, owner);
    const late: Future<string>[] = [];
    const first = queue.park();
    first.addListener({ futureDone: () => late.push(queue.park()) });
    assert.equal(queue.unparkAll("now"), 1);
    assert.equal(late.length, 1);
    assert.equal(late[0]!.done(), false);
    assert.equal(queue.length, 1);
    yield;
  });
});
