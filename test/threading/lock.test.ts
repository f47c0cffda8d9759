import assert from "node:assert/strict";
import { test } from "node:test";
import { run } from "../../src/asyncio/run.js";
import { CancelledError, getRunningLoop, sleep } from "../../src/core/index.js";
import { ThreadPoolExecutor } from "../../src/futures/index.js";
import { Lock, RLock, Thread } from "../../src/threading/index.js";

test("Lock: acquire/release/locked on one thread, with blocking=false and a timeout", () => {
  const lock = new Lock({ name: "L" });
  assert.equal(lock.locked(), false);
  assert.equal(lock.acquire(), true);
  assert.equal(lock.locked(), true);
  assert.equal(lock.acquire(false), false);
  assert.equal(lock.acquire(true, 0.01), false);
  lock.release();
  assert.deepEqual(lock.statistics(), { name: "L", locked: false, waiters: 0 });
});

test("Lock: release() of an unlocked lock throws RuntimeError", () => {
  const lock = new Lock({ name: "L" });
  assert.throws(() => lock.release(), {
    name: "RuntimeError",
    message:
      "release(): L is not locked; release only a lock that acquire() took (once per acquire)",
  });
});

test("Lock: two threads incrementing a shared counter under the lock lose no update", async () => {
  const lock = new Lock();
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const body = (lock: Lock, counter: Int32Array, n: number) => {
    for (let i = 0; i < n; i++) {
      lock.acquire();
      const v = counter[0] as number; // read, then write: a race without the lock
      counter[0] = v + 1;
      lock.release();
    }
  };
  const threads = [1, 2].map(() => new Thread({ target: body, args: [lock, counter, 20000] }));
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  assert.equal(counter[0], 40000);
  assert.equal(lock.locked(), false);
});

test("Lock: acquireAsync() on the main thread waits for a worker's release without blocking the loop", async () => {
  const lock = new Lock();
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    lock.acquire();
    const ticks: number[] = [];
    const result = await run(function* () {
      const holder = pool.submit((lock: Lock) => {
        // a job: takes the lock after main releases it, holds it 30 ms
        lock.acquire();
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
        lock.release();
        return "worker done";
      }, lock);
      lock.release();
      while (!lock.locked() && !holder.done()) yield* sleep(0.001);
      const got = yield* lock.acquireAsync(); // the worker holds it now
      ticks.push(1);
      lock.release();
      return [got, yield* holder];
    });
    assert.deepEqual(result, [true, "worker done"]);
  } finally {
    await pool.shutdown();
  }
});

test("Lock: acquireAsync(timeout) resolves false when the lock stays taken", async () => {
  const lock = new Lock();
  lock.acquire();
  assert.equal(await lock.acquireAsync(0.02), false);
  lock.release();
  assert.equal(await lock.acquireAsync(0.02), true);
  lock.release();
});

test("Lock: a task cancelled while waiting in acquireAsync() leaves no lock behind", async () => {
  const lock = new Lock();
  lock.acquire();
  await run(function* () {
    const waiter = getRunningLoop().createTask(function* () {
      yield* lock.acquireAsync();
    });
    yield* sleep(0.01);
    waiter.cancel();
    try {
      yield* waiter;
      assert.fail("the waiter was not cancelled");
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
  });
  lock.release();
  assert.equal(lock.locked(), false);
  assert.equal(lock.acquire(false), true);
  lock.release();
});

test("RLock: the owning thread re-enters; each acquire needs its release; another thread waits", async () => {
  const rlock = new RLock({ name: "R" });
  assert.equal(rlock.acquire(), true);
  assert.equal(rlock.acquire(), true);
  assert.deepEqual(rlock.statistics(), { name: "R", locked: true, ownerThread: 0, depth: 2 });
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const tried = await pool.submit((r: RLock) => r.acquire(false), rlock);
    assert.equal(tried, false);
    rlock.release();
    rlock.release();
    assert.equal(rlock.locked(), false);
    assert.throws(() => rlock.release(), {
      name: "RuntimeError",
      message:
        "release(): R is not held by this thread; only the thread that acquired an RLock may release it",
    });
    assert.equal(
      await pool.submit((r: RLock) => {
        r.acquire();
        r.acquire();
        r.release();
        r.release();
        return r.locked();
      }, rlock),
      false,
    );
  } finally {
    await pool.shutdown();
  }
});
