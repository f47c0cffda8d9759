import assert from "node:assert/strict";
import { test } from "node:test";
import { run } from "../../src/asyncio/run.js";
import { CancelledError, getRunningLoop, sleep } from "../../src/core/index.js";
import { Condition, Lock, RLock, Thread } from "../../src/threading/index.js";

/** Polls (real time, without blocking the loop) until `ready()` or 5 s. */
async function until(ready: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!ready()) {
    if (Date.now() > end) throw new Error("timed out waiting for the threads");
    await new Promise((r) => setTimeout(r, 2));
  }
}

test("Condition: producer and consumer threads through a bounded buffer lose no item", async () => {
  const cond = new Condition();
  // [length, head, tail, sum, count, ...8 slots]
  const q = new Int32Array(new SharedArrayBuffer(13 * 4));
  const producer = (cond: Condition, q: Int32Array, n: number) => {
    for (let i = 1; i <= n; i++) {
      cond.acquire();
      cond.waitFor(() => Atomics.load(q, 0) < 8);
      q[5 + (q[2] as number)] = i;
      q[2] = ((q[2] as number) + 1) % 8;
      Atomics.add(q, 0, 1);
      cond.notifyAll();
      cond.release();
    }
  };
  const consumer = (cond: Condition, q: Int32Array, n: number) => {
    let expected = 1;
    for (let i = 0; i < n; i++) {
      cond.acquire();
      cond.waitFor(() => Atomics.load(q, 0) > 0);
      const item = q[5 + (q[1] as number)] as number;
      if (item !== expected++) throw new Error(`out of order: ${item}`);
      q[1] = ((q[1] as number) + 1) % 8;
      Atomics.sub(q, 0, 1);
      Atomics.add(q, 3, item);
      Atomics.add(q, 4, 1);
      cond.notifyAll();
      cond.release();
    }
  };
  const n = 3000;
  const threads = [
    new Thread({ target: producer, args: [cond, q, n] }),
    new Thread({ target: consumer, args: [cond, q, n] }),
  ];
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  assert.equal(q[4], n);
  assert.equal(q[3], (n * (n + 1)) / 2);
  assert.deepEqual(cond.statistics(), { name: cond.name, locked: false, waiters: 0 });
});

test("Condition: notify(1) wakes exactly one waiting thread, notifyAll() the rest", async () => {
  const cond = new Condition({ name: "C" });
  const woke = new Int32Array(new SharedArrayBuffer(4));
  const waiter = (cond: Condition, woke: Int32Array) => {
    cond.acquire();
    const notified = cond.wait(10);
    if (notified) Atomics.add(woke, 0, 1);
    cond.release();
  };
  const threads = [1, 2, 3].map(() => new Thread({ target: waiter, args: [cond, woke] }));
  for (const t of threads) t.start();
  await until(() => cond.statistics().waiters === 3);
  cond.acquire();
  cond.notify(1);
  cond.release();
  await until(() => Atomics.load(woke, 0) === 1);
  await new Promise((r) => setTimeout(r, 50)); // a second wake-up would show by now
  assert.equal(Atomics.load(woke, 0), 1);
  assert.equal(cond.statistics().waiters, 2);
  cond.acquire();
  cond.notifyAll();
  cond.release();
  for (const t of threads) await t.join();
  assert.equal(Atomics.load(woke, 0), 3);
  assert.deepEqual(cond.statistics(), { name: "C", locked: false, waiters: 0 });
});

test("Condition: wait(timeout) returns false with the lock held again; notify with no waiter is a no-op", () => {
  const cond = new Condition(new Lock());
  cond.acquire();
  cond.notify();
  assert.equal(cond.wait(0.01), false);
  assert.equal(cond.locked(), true);
  assert.equal(cond.statistics().waiters, 0);
  assert.equal(
    cond.waitFor(() => 0, 0.01),
    0,
  );
  assert.equal(
    cond.waitFor(() => "now"),
    "now",
  );
  cond.release();
  assert.equal(cond.locked(), false);
});

test("Condition with an RLock: wait() releases every level and restores them", async () => {
  const rlock = new RLock({ name: "R" });
  const cond = new Condition(rlock);
  cond.acquire();
  cond.acquire();
  cond.acquire();
  assert.equal(cond.wait(0.01), false);
  assert.equal(rlock.statistics().depth, 3);
  for (let i = 0; i < 3; i++) cond.release();
  // A worker waits holding two levels; main can take the lock only if both were released.
  const flag = new Int32Array(new SharedArrayBuffer(8));
  const t = new Thread({
    target: (cond: Condition, r: RLock, flag: Int32Array) => {
      cond.acquire();
      cond.acquire();
      flag[0] = 1;
      cond.wait(10);
      flag[1] = r.statistics().depth;
      cond.release();
      cond.release();
    },
    args: [cond, rlock, flag],
  });
  t.start();
  await until(() => Atomics.load(flag, 0) === 1 && cond.statistics().waiters === 1);
  assert.equal(cond.acquire(true, 2), true);
  cond.notify();
  cond.release();
  await t.join();
  assert.equal(flag[1], 2);
  assert.equal(rlock.locked(), false);
});

test("Condition: no lost wake-up over thousands of ping-pong rounds between two threads", async () => {
  const cond = new Condition();
  const state = new Int32Array(new SharedArrayBuffer(12)); // [turn, rounds, timeouts]
  const player = (cond: Condition, state: Int32Array, me: number, rounds: number) => {
    for (let i = 0; i < rounds; i++) {
      cond.acquire();
      while (state[0] !== me) if (!cond.wait(5)) Atomics.add(state, 2, 1);
      state[0] = 1 - me;
      Atomics.add(state, 1, 1);
      cond.notify(1);
      cond.release();
    }
  };
  const rounds = 5000;
  const threads = [0, 1].map(
    (me) => new Thread({ target: player, args: [cond, state, me, rounds] }),
  );
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  assert.equal(state[1], 2 * rounds);
  assert.equal(state[2], 0, "a waiter timed out: a notification was lost");
});

test("Condition: waitForAsync() in a task, woken by a worker's notify (ping-pong)", async () => {
  const cond = new Condition();
  const state = new Int32Array(new SharedArrayBuffer(4)); // turn: 0 main, 1 worker, 2 end
  const rounds = 300;
  const t = new Thread({
    target: (cond: Condition, state: Int32Array, rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        cond.acquire();
        cond.waitFor(() => state[0] === 1);
        state[0] = 0;
        cond.notify();
        cond.release();
      }
    },
    args: [cond, state, rounds],
  });
  t.start();
  const done = await run(function* () {
    let n = 0;
    for (let i = 0; i < rounds; i++) {
      yield* cond.acquireAsync();
      try {
        state[0] = 1;
        cond.notify();
        const ok = yield* cond.waitForAsync(() => state[0] === 0, 5);
        assert.equal(ok, true);
        assert.equal(cond.locked(), true);
        n++;
      } finally {
        cond.release();
      }
    }
    return n;
  });
  await t.join();
  assert.equal(done, rounds);
  assert.equal(await cond.acquireAsync(), true);
  assert.equal(await cond.waitAsync(0.01), false);
  assert.equal(cond.locked(), true);
  cond.release();
});

test("Condition: a task cancelled in waitAsync() re-takes the lock first and hands its notification on", async () => {
  const cond = new Condition();
  const log: string[] = [];
  await run(function* () {
    const loop = getRunningLoop();
    const waiter = (name: string) =>
      loop.createTask(function* () {
        yield* cond.acquireAsync();
        try {
          log.push(`${name} woke ${yield* cond.waitAsync()}`);
        } catch (error) {
          log.push(`${name} ${(error as Error).name}, holding: ${cond.locked()}`);
          throw error;
        } finally {
          cond.release();
        }
      });
    const a = waiter("a");
    const b = waiter("b");
    while (cond.statistics().waiters < 2) yield* sleep(0.001);
    yield* cond.acquireAsync();
    cond.notify(1); // meant for a, which is cancelled before it runs: b must get it
    a.cancel();
    cond.release();
    try {
      yield* a;
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
    yield* b;
  });
  assert.deepEqual(log, ["a CancelledError, holding: true", "b woke true"]);
  assert.deepEqual(cond.statistics(), { name: cond.name, locked: false, waiters: 0 });
});

test("Condition: wait, waitFor and notify without holding the lock throw RuntimeError", async () => {
  const cond = new Condition({ name: "C" });
  const message = (call: string) =>
    `${call}: C's lock is not held by this thread; acquire it first (cond.acquire(), or yield* cond.acquireAsync() in a task)`;
  assert.throws(() => cond.wait(), { name: "RuntimeError", message: message("Condition.wait()") });
  assert.throws(() => cond.waitAsync(), {
    name: "RuntimeError",
    message: message("Condition.waitAsync()"),
  });
  assert.throws(() => cond.waitFor(() => true), {
    name: "RuntimeError",
    message: message("Condition.waitFor()"),
  });
  assert.throws(() => cond.waitForAsync(() => true), {
    name: "RuntimeError",
    message: message("Condition.waitForAsync()"),
  });
  assert.throws(() => cond.notify(), {
    name: "RuntimeError",
    message: message("Condition.notify()"),
  });
  assert.throws(() => cond.notifyAll(), {
    name: "RuntimeError",
    message: message("Condition.notifyAll()"),
  });
  // An RLock knows its owner: held by another thread is not held by this one.
  const rcond = new Condition(new RLock(), { name: "RC" });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const t2 = new Thread({
    target: (c: Condition, flag: Int32Array) => {
      c.acquire();
      Atomics.store(flag, 0, 1);
      Atomics.wait(flag, 0, 1, 5000);
      c.release();
    },
    args: [rcond, flag],
  });
  t2.start();
  await until(() => Atomics.load(flag, 0) === 1);
  assert.throws(() => rcond.notify(), {
    name: "RuntimeError",
    message:
      "Condition.notify(): RC's lock is not held by this thread; acquire it first (cond.acquire(), or yield* cond.acquireAsync() in a task)",
  });
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
  await t2.join();
});

test("Condition: bad arguments are refused at the call", () => {
  assert.throws(() => new Condition("lock" as never), {
    name: "TypeError",
    message:
      'new Condition(lock): lock must be a threading Lock or RLock (or nothing, for a new Lock); got "lock"',
  });
  const cond = new Condition();
  cond.acquire();
  try {
    assert.throws(() => cond.notify(-1), {
      name: "RangeError",
      message: "Condition.notify(n): n must be a whole number >= 0; got -1",
    });
    assert.throws(() => cond.waitFor(42 as never), {
      name: "TypeError",
      message: "Condition.waitFor(predicate): predicate must be a function; got number 42",
    });
    assert.throws(() => cond.wait(-2), RangeError);
    assert.equal(cond.statistics().waiters, 0);
  } finally {
    cond.release();
  }
});

test("Condition: crosses into a Thread with its lock, rebuilt over the same memory", async () => {
  const cond = new Condition({ name: "shared" });
  const out = new Int32Array(new SharedArrayBuffer(8));
  const t = new Thread({
    target: (c: Condition, out: Int32Array) => {
      out[0] = c.name === "shared" ? 1 : 0;
      c.acquire();
      out[1] = 1;
      c.notify();
      c.release();
    },
    args: [cond, out],
  });
  cond.acquire();
  t.start();
  assert.equal(
    cond.waitFor(() => out[1] === 1, 5),
    true,
  );
  cond.release();
  await t.join();
  assert.equal(out[0], 1);
});

test("Condition: notify skips waiters that timed out between live ones (no notification spent on them)", async () => {
  const cond = new Condition();
  const log: string[] = [];
  await run(function* () {
    const loop = getRunningLoop();
    const waiter = (name: string, timeout?: number) =>
      loop.createTask(function* () {
        yield* cond.acquireAsync();
        try {
          log.push(`${name} ${yield* cond.waitAsync(timeout)}`);
        } finally {
          cond.release();
        }
      });
    const tasks = [waiter("a"), waiter("b", 0.02), waiter("c")];
    while (cond.statistics().waiters < 3) yield* sleep(0.001);
    while (cond.statistics().waiters > 2) yield* sleep(0.001); // b timed out, in the middle
    yield* cond.acquireAsync();
    cond.notify(1);
    cond.notify(1); // for c: b's ticket is skipped
    cond.release();
    for (const t of tasks) yield* t;
  });
  assert.deepEqual(log, ["b false", "a true", "c true"]);
  assert.equal(cond.statistics().waiters, 0);
});

test("Condition: past 64 timed-out waiters stranded between live ones, every waiter is woken (spurious, never lost)", async () => {
  const cond = new Condition();
  const log: string[] = [];
  await run(function* () {
    const loop = getRunningLoop();
    const waiter = (name: string, timeout?: number) =>
      loop.createTask(function* () {
        yield* cond.acquireAsync();
        try {
          const notified = yield* cond.waitAsync(timeout);
          if (timeout === undefined) log.push(`${name} ${notified}`);
        } finally {
          cond.release();
        }
      });
    const first = waiter("first");
    while (cond.statistics().waiters < 1) yield* sleep(0.001);
    const middle = Array.from({ length: 70 }, (_, i) => waiter(`m${i}`, 0.2));
    while (cond.statistics().waiters < 71) yield* sleep(0.001);
    const last = waiter("last");
    for (const t of middle) yield* t;
    yield* first;
    yield* last;
  });
  assert.deepEqual(log.sort(), ["first true", "last true"]);
  assert.equal(cond.statistics().waiters, 0);
});
