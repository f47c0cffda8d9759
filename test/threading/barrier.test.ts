import assert from "node:assert/strict";
import { test } from "node:test";
import { run } from "../../src/asyncio/run.js";
import { CancelledError, getRunningLoop, sleep } from "../../src/core/index.js";
import { ThreadPoolExecutor } from "../../src/futures/index.js";
import { Barrier, BrokenBarrierError, Thread } from "../../src/threading/index.js";

/** Polls (real time, without blocking the loop) until `ready()` or 5 s. */
async function until(ready: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!ready()) {
    if (Date.now() > end) throw new Error("timed out waiting for the threads");
    await new Promise((r) => setTimeout(r, 2));
  }
}

const BROKEN =
  "Barrier.wait(): B is broken (a wait timed out, abort() was called, or the action threw); call reset() before waiting on it again";

test("Barrier: main + 2 threads pass 100 cycles; indices are a permutation each cycle; the action runs once per cycle", async () => {
  const cycles = 100;
  const actions = new Int32Array(new SharedArrayBuffer(4));
  const barrier = new Barrier(3, {
    action: (actions: Int32Array) => Atomics.add(actions, 0, 1),
    actionArgs: [actions],
  });
  const seen = new Int32Array(new SharedArrayBuffer(cycles * 3 * 4));
  const party = (barrier: Barrier, seen: Int32Array, cycles: number) => {
    for (let c = 0; c < cycles; c++) Atomics.add(seen, c * 3 + barrier.wait(), 1);
  };
  const threads = [1, 2].map(() => new Thread({ target: party, args: [barrier, seen, cycles] }));
  for (const t of threads) t.start();
  for (let c = 0; c < cycles; c++) {
    const index = await barrier.waitAsync(5);
    Atomics.add(seen, c * 3 + index, 1);
  }
  for (const t of threads) await t.join();
  assert.deepEqual([...seen], new Array(cycles * 3).fill(1));
  assert.equal(actions[0], cycles);
  assert.deepEqual(barrier.statistics(), {
    name: barrier.name,
    parties: 3,
    nWaiting: 0,
    broken: false,
  });
});

test("Barrier: a timeout breaks the barrier for every party, until reset()", async () => {
  const barrier = new Barrier(3, { name: "B" });
  const out = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (b: Barrier, out: Int32Array) => {
      try {
        b.wait();
        out[0] = 1;
      } catch (error) {
        out[0] = (error as Error).name === "BrokenBarrierError" ? 2 : 3;
      }
    },
    args: [barrier, out],
  });
  t.start();
  await until(() => barrier.nWaiting === 1);
  await assert.rejects(async () => await barrier.waitAsync(0.02), {
    name: "BrokenBarrierError",
    message:
      "Barrier.wait(): B timed out after 0.02 s with fewer than 3 parties arrived, which breaks it for every party (as in Python); call reset() to use it again",
  });
  await t.join();
  assert.equal(out[0], 2);
  assert.equal(barrier.broken, true);
  assert.throws(() => barrier.wait(), { name: "BrokenBarrierError", message: BROKEN });
  barrier.reset();
  assert.equal(barrier.broken, false);
  assert.equal(barrier.nWaiting, 0);
  // The barrier's own timeout is the default of wait().
  const quick = new Barrier(2, { timeout: 0.01 });
  assert.throws(() => quick.wait(), BrokenBarrierError);
  assert.equal(quick.broken, true);
});

test("Barrier: abort() breaks the wait of a blocked thread and every later wait()", async () => {
  const barrier = new Barrier(2, { name: "B" });
  const out = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (b: Barrier, out: Int32Array) => {
      try {
        b.wait();
      } catch (error) {
        out[0] = error instanceof Error && error.name === "BrokenBarrierError" ? 2 : 3;
      }
    },
    args: [barrier, out],
  });
  t.start();
  await until(() => barrier.nWaiting === 1);
  barrier.abort();
  await t.join();
  assert.equal(out[0], 2);
  assert.equal(barrier.broken, true);
  await assert.rejects(async () => await barrier.waitAsync(), {
    name: "BrokenBarrierError",
    message: BROKEN,
  });
});

test("Barrier: reset() while a thread waits breaks its wait; the next cycle works", async () => {
  const barrier = new Barrier(2, { name: "B" });
  const out = new Int32Array(new SharedArrayBuffer(8));
  const t = new Thread({
    target: (b: Barrier, out: Int32Array) => {
      try {
        b.wait();
      } catch (error) {
        out[0] = (error as Error).message.includes("was reset while this party waited") ? 2 : 3;
      }
      out[1] = b.wait() + 10; // the next cycle
    },
    args: [barrier, out],
  });
  t.start();
  await until(() => barrier.nWaiting === 1);
  barrier.reset();
  await until(() => Atomics.load(out, 0) !== 0 && barrier.nWaiting === 1);
  assert.equal(barrier.broken, false);
  assert.equal(await barrier.waitAsync(5), 1);
  await t.join();
  assert.deepEqual([...out], [2, 10]);
});

test("Barrier: an action that throws breaks the barrier; the last party gets its error, the others BrokenBarrierError", async () => {
  const barrier = new Barrier(2, {
    name: "B",
    action: () => {
      throw new Error("action failed");
    },
  });
  const out = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (b: Barrier, out: Int32Array) => {
      try {
        b.wait();
      } catch (error) {
        out[0] = (error as Error).name === "BrokenBarrierError" ? 2 : 3;
      }
    },
    args: [barrier, out],
  });
  t.start();
  await until(() => barrier.nWaiting === 1);
  assert.throws(() => barrier.wait(), { message: "action failed" });
  await t.join();
  assert.equal(out[0], 2);
  assert.equal(barrier.broken, true);
});

test("Barrier: an action closing over a variable fails by name, in every thread alike", () => {
  const outer = 1;
  const barrier = new Barrier(1, { action: () => outer });
  assert.throws(() => barrier.wait(), {
    name: "ReferenceError",
    message: /uses "outer", which does not exist in the worker/,
  });
  assert.equal(barrier.broken, true);
});

test("Barrier: crosses into a pool job, rebuilt over the same memory with its name, parties and action", async () => {
  const actions = new Int32Array(new SharedArrayBuffer(4));
  const barrier = new Barrier(2, {
    name: "pair",
    action: (a: Int32Array) => Atomics.add(a, 0, 1),
    actionArgs: [actions],
  });
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const job = pool.submit(
      (b: Barrier) => [b.name, b.parties, b.wait(5), b.wait(5)] as const,
      barrier,
    );
    const mine = [await barrier.waitAsync(5), await barrier.waitAsync(5)];
    const [name, parties, ...theirs] = await job.result();
    assert.equal(name, "pair");
    assert.equal(parties, 2);
    assert.deepEqual([mine[0]! + theirs[0]!, mine[1]! + theirs[1]!], [1, 1]);
    assert.equal(actions[0], 2);
  } finally {
    await pool.shutdown();
  }
});

test("Barrier: a task cancelled in waitAsync() steps out of the cycle", async () => {
  const barrier = new Barrier(2);
  await run(function* () {
    const waiter = getRunningLoop().createTask(function* () {
      yield* barrier.waitAsync();
    });
    while (barrier.nWaiting === 0) yield* sleep(0.001);
    waiter.cancel();
    try {
      yield* waiter;
      assert.fail("not cancelled");
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
    while (barrier.nWaiting !== 0) yield* sleep(0.001);
  });
  assert.deepEqual(barrier.statistics(), {
    name: barrier.name,
    parties: 2,
    nWaiting: 0,
    broken: false,
  });
});

test("Barrier: bad arguments are refused at the call", () => {
  for (const parties of [0, -1, 1.5]) {
    assert.throws(() => new Barrier(parties), {
      name: "RangeError",
      message: `new Barrier(parties): parties must be a whole number from 1 to 536870911 (the count shares one Int32 with the barrier's phase), got number ${parties}`,
    });
  }
  assert.throws(() => new Barrier(2, { action: 42 as never }), {
    name: "TypeError",
    message: "new Barrier({ action }): action must be a self-contained function; got number 42",
  });
  assert.throws(() => new Barrier(2, { timeout: -5 }), RangeError);
  assert.throws(() => new Barrier(2).wait(-3), RangeError);
});
