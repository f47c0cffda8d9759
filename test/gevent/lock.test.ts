// gevent's locks: the lock contract, plus RLock's reentrancy and gevent's acquire(blocking, timeout).
import assert from "node:assert/strict";
import { test } from "node:test";
import { lock, RuntimeError, sleep, spawn } from "../../src/gevent/index.js";
import { lockContract } from "../asyncio/locks/lock-contract.js";
import { runVirtual } from "../support/virtual.js";

lockContract("gevent RLock", () => new lock.RLock());
lockContract("gevent Semaphore(1)", () => new lock.Semaphore(1), { releaseUnheldThrows: false });
lockContract("gevent BoundedSemaphore(1)", () => new lock.BoundedSemaphore(1));

test("RLock: the owner may acquire again; free after as many releases", async () => {
  await runVirtual(function* () {
    const r = new lock.RLock({ name: "r" });
    const order: string[] = [];
    const a = spawn(function* a() {
      yield* r.acquire();
      yield* r.acquire();
      order.push("a in twice");
      yield* sleep(1);
      r.release();
      assert.equal(r.locked(), true);
      yield* sleep(1);
      r.release();
      order.push("a out");
    });
    const b = spawn(function* b() {
      yield* sleep(0.5);
      assert.deepEqual(r.statistics(), { locked: true, owner: "a", count: 2, waiters: 0 });
      yield* r.acquire();
      order.push("b in");
      r.release();
    });
    yield* a.join();
    yield* b.join();
    assert.deepEqual(order, ["a in twice", "a out", "b in"]);
  });
});

test("RLock: only the owner may release; a held RLock shows in deadlock reports", async () => {
  await runVirtual(function* () {
    const r = new lock.RLock({ name: "r" });
    const a = spawn(function* holder() {
      yield* r.acquire();
      yield* sleep(10);
      r.release();
    });
    yield* sleep(0);
    assert.throws(() => r.release(), RuntimeError);
    assert.deepEqual(
      r.holders().map((t) => t.getName()),
      ["holder"],
    );
    yield* a.join();
    assert.throws(
      () => r.release(),
      new RuntimeError(
        "RLock.release(): cannot release an un-acquired lock; release only what you acquired",
      ),
    );
  });
});

test("acquire(false) and acquire(true, timeout) evaluate to whether they got it", async () => {
  await runVirtual(function* (loop) {
    for (const l of [new lock.RLock(), new lock.Semaphore(1), new lock.BoundedSemaphore(1)]) {
      const holder = spawn(function* () {
        yield* l.acquire();
        yield* sleep(2);
        l.release();
      });
      yield* sleep(0);
      const start = loop.time();
      assert.equal(yield* l.acquire(false), false);
      assert.equal(yield* l.acquire(true, 1), false);
      assert.equal(loop.time(), start + 1);
      assert.equal(yield* l.acquire(true, 5), true);
      l.release();
      yield* holder.join();
      assert.equal(yield* l.acquire(false), true);
      l.release();
    }
  });
});
