import assert from "node:assert/strict";
import { test } from "node:test";
import { type Loop, type Task, WaitQueue } from "../../src/core/index.js";
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
