import assert from "node:assert/strict";
import { test } from "node:test";
import { Barrier } from "../../../src/asyncio/locks/index.js";
import {
  BrokenBarrierError,
  CancelledError,
  type Coroutine,
  type Loop,
  sleep,
  type Task,
} from "../../../src/core/index.js";
import { runVirtual } from "../../support/virtual.js";

/** A task that waits at `barrier` once and returns its arrival index, or the error it got. */
function arrive(loop: Loop, barrier: Barrier, name: string): Task<number | Error> {
  return loop.createTask(
    function* (): Coroutine<number | Error> {
      try {
        return yield* barrier.wait();
      } catch (error) {
        return error as Error;
      }
    },
    { name },
  );
}

test("Barrier: parties must be an integer >= 1", () => {
  assert.throws(() => new Barrier(0), {
    name: "RangeError",
    message: "Barrier parties must be an integer >= 1; got 0",
  });
  assert.throws(() => new Barrier(2.5), {
    name: "RangeError",
    message: "Barrier parties must be an integer >= 1; got 2.5",
  });
  assert.throws(() => new Barrier(undefined as never), {
    name: "TypeError",
    message: "Barrier parties must be an integer >= 1; got undefined",
  });
});

test("Barrier: tasks wait until `parties` arrived, then pass together with indices 0..parties-1", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const barrier = new Barrier(3, { name: "start line" });
    assert.equal(barrier.describe(), "Barrier 'start line'");
    assert.deepEqual(barrier.statistics(), { parties: 3, nWaiting: 0, broken: false });
    const runners = ["a", "b", "c"].map((name, i) =>
      loop.createTask(function* () {
        yield* sleep(i);
        log.push(`${name} arrives`);
        const index = yield* barrier.wait();
        log.push(`${name} passes with ${index}`);
      }),
    );
    yield* sleep(1.5);
    assert.equal(barrier.nWaiting, 2);
    assert.equal(barrier.parties, 3);
    assert.match(runners[0]!.waitingOn()!.describe(), /^Barrier 'start line' \(2 of 3 arrived\)$/);
    for (const r of runners) yield* r;
    assert.deepEqual(barrier.statistics(), { parties: 3, nWaiting: 0, broken: false });
  });
  assert.deepEqual(log, [
    "a arrives",
    "b arrives",
    "c arrives",
    "c passes with 2",
    "a passes with 0",
    "b passes with 1",
  ]);
});

test("Barrier: Barrier(1) never waits; a barrier serves cycle after cycle", async () => {
  await runVirtual(function* (loop) {
    assert.equal(yield* new Barrier(1).wait(), 0);
    const barrier = new Barrier(2);
    const indices: number[] = [];
    const tasks = [0, 1].map(() =>
      loop.createTask(function* () {
        for (let round = 0; round < 3; round++) indices.push(yield* barrier.wait());
      }),
    );
    for (const t of tasks) yield* t;
    assert.deepEqual(indices.sort(), [0, 0, 0, 1, 1, 1]);
  });
});

test("Barrier: a newcomer while the barrier drains waits for the next cycle", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const barrier = new Barrier(2);
    const a = arrive(loop, barrier, "a");
    yield;
    const b = arrive(loop, barrier, "b"); // fills the barrier: a is released, draining begins
    const c = arrive(loop, barrier, "c"); // arrives before a has left
    const d = arrive(loop, barrier, "d");
    for (const [name, t] of [
      ["a", a],
      ["b", b],
      ["c", c],
      ["d", d],
    ] as const) {
      log.push(`${name} ${yield* t}`);
    }
  });
  assert.deepEqual(log, ["a 0", "b 1", "c 0", "d 1"]);
});

test("Barrier: abort() breaks it — waiters and later arrivals get BrokenBarrierError until reset()", async () => {
  await runVirtual(function* (loop) {
    const barrier = new Barrier(3, { name: "b" });
    const a = arrive(loop, barrier, "a");
    yield;
    yield* barrier.abort(); // asyncio's `await barrier.abort()`
    assert.equal(barrier.broken, true);
    assert.equal(barrier.nWaiting, 0);
    const broken =
      "Barrier.wait(): Barrier 'b' is broken (abort() was called); call reset() before waiting on it again";
    const error = yield* a;
    assert.ok(error instanceof BrokenBarrierError);
    assert.equal(error.message, broken);
    const late = yield* arrive(loop, barrier, "late");
    assert.ok(late instanceof BrokenBarrierError);
    assert.equal(late.message, broken);
    barrier.reset();
    assert.deepEqual(barrier.statistics(), { parties: 3, nWaiting: 0, broken: false });
    const tasks = ["x", "y", "z"].map((n) => arrive(loop, barrier, n));
    const indices: unknown[] = [];
    for (const t of tasks) indices.push(yield* t);
    assert.deepEqual(indices, [0, 1, 2]);
  });
});

test("Barrier: reset() with waiters gives them BrokenBarrierError; then it fills again", async () => {
  await runVirtual(function* (loop) {
    const barrier = new Barrier(2);
    const a = arrive(loop, barrier, "a");
    yield;
    assert.equal(barrier.nWaiting, 1);
    yield* barrier.reset();
    assert.equal(barrier.broken, false);
    const error = yield* a;
    assert.ok(error instanceof BrokenBarrierError);
    assert.match(
      error.message,
      /^Barrier\.wait\(\): Barrier#\d+ was reset while this task waited at it; call wait\(\) again to join the next cycle$/,
    );
    const again = [arrive(loop, barrier, "b"), arrive(loop, barrier, "c")];
    assert.deepEqual([yield* again[0]!, yield* again[1]!], [0, 1]);
  });
});

test("Barrier: a cancelled waiter leaves the count; the barrier is not broken", async () => {
  await runVirtual(function* (loop) {
    const barrier = new Barrier(2);
    const a = arrive(loop, barrier, "a");
    yield;
    assert.equal(barrier.nWaiting, 1);
    a.cancel();
    assert.ok((yield* a) instanceof CancelledError);
    assert.deepEqual(barrier.statistics(), { parties: 2, nWaiting: 0, broken: false });
    const pair = [arrive(loop, barrier, "b"), arrive(loop, barrier, "c")];
    assert.deepEqual([yield* pair[0]!, yield* pair[1]!], [0, 1]);
  });
});

test("Barrier: wait() from async functions too", async () => {
  const indices = await runVirtual(function* (loop) {
    const barrier = new Barrier(3);
    const tasks = [0, 1, 2].map((i) =>
      loop.createTask(async () => {
        await sleep(i * 0.1);
        return barrier.wait();
      }),
    );
    const out: number[] = [];
    for (const t of tasks) out.push(yield* t);
    return out;
  });
  assert.deepEqual(indices, [0, 1, 2]);
});

test("Barrier: wait() with no running loop throws RuntimeError at the call", () => {
  assert.throws(() => new Barrier(2).wait(), {
    name: "RuntimeError",
    message: "Barrier.wait() needs a running loop: call it from a task inside run(...)",
  });
});
