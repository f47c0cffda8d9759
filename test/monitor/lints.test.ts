// The lints: slow steps, waiters nothing can wake (cycles, a lock whose owner finished), tasks
// cancelled long ago and still running, pool queues that keep growing.
import assert from "node:assert/strict";
import { it } from "node:test";
import { createTask, Lock, sleep } from "../../src/asyncio/index.js";
import { type Loop, newEventLoop, type Task, VirtualClock } from "../../src/core/index.js";
import { ThreadPoolExecutor } from "../../src/futures/index.js";
import { type Lint, snapshot, watch } from "../../src/monitor/index.js";

/** Runs `main` watched on a fresh virtual-time loop; returns the lints of a snapshot it takes. */
async function lintsOf(main: (loop: Loop) => Generator<unknown, Lint[], unknown>): Promise<Lint[]> {
  const loop = newEventLoop({ clock: new VirtualClock() });
  loop.setExceptionHandler(() => {}); // "ended while holding" is expected in one test
  try {
    return (await loop.runUntilComplete(main(loop) as Generator<never, Lint[], unknown>)) as Lint[];
  } finally {
    loop.close();
  }
}

it("a step slower than slowCallbackDuration is reported with its task and creation site", async () => {
  const lints = await lintsOf(function* (loop) {
    watch();
    loop.slowCallbackDuration = 0.01;
    const hog = createTask(
      function* () {
        const until = performance.now() + 20; // blocks the loop for 20 ms of real time
        while (performance.now() < until);
        yield;
      },
      { name: "hog" },
    );
    yield* hog;
    return snapshot().lints;
  });
  const slow = lints.filter((l) => l.kind === "slow-step");
  assert.equal(slow.length, 1);
  assert.match(
    slow[0]!.message,
    /^Task 'hog' \(created at \S*lints\.test\.js:\d+\) ran one step for 0\.0\d\d s \(slowCallbackDuration 0\.01\): nothing else ran meanwhile/,
  );
});

it("tasks in a wait-for cycle are reported as never woken", async () => {
  const lints = await lintsOf(function* () {
    watch();
    const holder: { alice?: Task<void>; bob?: Task<void> } = {};
    holder.alice = createTask(function* () { yield* holder.bob!; }, { name: "alice" }); // biome-ignore format: short
    holder.bob = createTask(function* () { yield* holder.alice!; }, { name: "bob" }); // biome-ignore format: short
    yield* sleep(1);
    const lints = snapshot().lints;
    holder.alice.cancel();
    holder.bob.cancel();
    return lints;
  });
  const never = lints.filter((l) => l.kind === "never-woken");
  assert.equal(never.length, 2);
  assert.match(
    never[0]!.message,
    /^Task 'alice' \(created at \S+\) waits on Task 'bob' in a wait-for cycle \(alice -> bob -> alice\): nothing in it can ever wake/,
  );
});

it("a task waiting on a lock whose owner finished without releasing it is never woken", async () => {
  const lints = await lintsOf(function* () {
    watch();
    const db = new Lock({ name: "db" });
    const careless = createTask(function* () { yield* db.acquire(); }, { name: "careless" }); // biome-ignore format: short
    yield* careless;
    const waiter = createTask(function* () { yield* db.acquire(); }, { name: "waiter" }); // biome-ignore format: short
    yield* sleep(1);
    const lints = snapshot().lints;
    waiter.cancel();
    return lints;
  });
  const never = lints.filter((l) => l.kind === "never-woken");
  assert.equal(never.length, 1);
  assert.match(
    never[0]!.message,
    /^Task 'waiter' \(created at \S+\) waits on Lock 'db', held by Task 'careless', which finished without releasing it/,
  );
});

it("a task cancelled long ago that has not finished is reported; a fresh cancellation is not", async () => {
  const lints = await lintsOf(function* () {
    watch();
    const stubborn = createTask(
      function* () {
        try {
          yield* sleep(100);
        } finally {
          yield* sleep(10); // a cleanup that waits
        }
      },
      { name: "stubborn" },
    );
    yield* sleep(0);
    stubborn.cancel();
    yield* sleep(0.5);
    assert.deepEqual(
      snapshot().lints.filter((l) => l.kind === "cancel-stuck"),
      [],
    );
    yield* sleep(2);
    const lints = snapshot().lints;
    yield* sleep(10);
    return lints;
  });
  const stuck = lints.filter((l) => l.kind === "cancel-stuck");
  assert.equal(stuck.length, 1);
  assert.match(
    stuck[0]!.message,
    /^Task 'stubborn' \(created at \S+\) was cancelled 2\.5 s ago and has not finished; it waits on sleep\(10\)/,
  );
});

it("a pool whose queue grows at every snapshot is reported", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1, name: "slow-lane" });
  const loop = newEventLoop({ clock: new VirtualClock() });
  const gate = new SharedArrayBuffer(4);
  const block = (g: SharedArrayBuffer) => Atomics.wait(new Int32Array(g), 0, 0, 10_000);
  try {
    const jobs = [pool.submit(block, gate)];
    while (!jobs[0]!.running()) await new Promise((r) => setTimeout(r, 5));
    const growing = (): Lint[] => snapshot(loop).lints.filter((l) => l.kind === "queue-growing");
    assert.deepEqual(growing(), []); // depth 0
    for (let round = 1; round <= 3; round++) {
      jobs.push(pool.submit(block, gate));
      await new Promise((r) => setImmediate(r));
      const lints = growing();
      if (round < 3) assert.deepEqual(lints, []);
      else {
        assert.equal(lints.length, 1);
        assert.match(
          lints[0]!.message,
          /^pool 'slow-lane': its queue grew at each of the last 3 snapshots \(0 -> 1 -> 2 -> 3 jobs\), with 1 of 1 workers busy/,
        );
      }
    }
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    await Promise.all(jobs.map((j) => j.result()));
  } finally {
    loop.close();
    await pool.shutdown();
  }
});
