import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedSemaphore, Semaphore } from "../../../src/asyncio/locks/index.js";
import { type Coroutine, sleep } from "../../../src/core/index.js";
import { runVirtual } from "../../support/virtual.js";

test("Semaphore: the value must be an integer >= 0 (default 1)", () => {
  assert.deepEqual(new Semaphore().statistics(), { value: 1, waiters: 0 });
  assert.deepEqual(new Semaphore(0).statistics(), { value: 0, waiters: 0 });
  assert.throws(() => new Semaphore(-1), {
    name: "RangeError",
    message: "Semaphore value must be an integer >= 0; got -1",
  });
  assert.throws(() => new Semaphore(1.5), {
    name: "RangeError",
    message: "Semaphore value must be an integer >= 0; got 1.5",
  });
  assert.throws(() => new Semaphore(Number.NaN), {
    name: "RangeError",
    message: "Semaphore value must be an integer >= 0; got NaN",
  });
  assert.throws(() => new Semaphore("3" as never), {
    name: "TypeError",
    message: 'Semaphore value must be an integer >= 0; got the string "3"',
  });
  assert.throws(() => new BoundedSemaphore(-2), {
    name: "RangeError",
    message: "BoundedSemaphore value must be an integer >= 0; got -2",
  });
});

test("Semaphore: at most `value` holders at once; locked() when no permit is free", async () => {
  let inside = 0;
  let most = 0;
  await runVirtual(function* (loop) {
    const sem = new Semaphore(3, { name: "db" });
    assert.equal(sem.describe(), "Semaphore 'db'");
    assert.equal(sem.locked(), false);
    const job = function* (): Coroutine<void> {
      yield* sem.acquire();
      try {
        inside++;
        most = Math.max(most, inside);
        yield* sleep(0.01);
        inside--;
      } finally {
        sem.release();
      }
    };
    const tasks = Array.from({ length: 10 }, () => loop.createTask(job));
    yield;
    assert.equal(sem.locked(), true);
    assert.deepEqual(sem.statistics(), { value: 0, waiters: 7 });
    for (const t of tasks) yield* t;
    assert.deepEqual(sem.statistics(), { value: 3, waiters: 0 });
    assert.equal(sem.locked(), false);
  });
  assert.equal(most, 3);
});

test("Semaphore(0) starts locked; release() before any acquire adds a permit", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const sem = new Semaphore(0);
    assert.equal(sem.locked(), true);
    const waiter = loop.createTask(function* () {
      log.push(`got ${yield* sem.acquire()}`);
    });
    yield;
    assert.deepEqual(log, []);
    sem.release();
    yield* waiter;
    sem.release();
    sem.release();
    assert.deepEqual(sem.statistics(), { value: 2, waiters: 0 });
  });
  assert.deepEqual(log, ["got true"]);
});

test("Semaphore: release() hands the permit to the longest waiter; a releaser cannot barge back in", async () => {
  const order: string[] = [];
  await runVirtual(function* (loop) {
    const sem = new Semaphore(2);
    yield* sem.acquire();
    yield* sem.acquire();
    const tasks = ["a", "b", "c"].map((name) =>
      loop.createTask(function* () {
        yield* sem.acquire();
        order.push(name);
      }),
    );
    yield;
    sem.release(); // to a
    const barge = sem.acquire(); // the value stayed 0: this joins the line behind b and c
    assert.equal(sem.statistics().value, 0);
    sem.release(); // to b
    sem.release(); // to c
    for (const t of tasks) yield* t;
    sem.release(); // to the barger
    yield* barge;
    order.push("barger");
  });
  assert.deepEqual(order, ["a", "b", "c", "barger"]);
});

test("Semaphore: a permit handed to a waiter cancelled before it ran is the waiter's, released by its finally", async () => {
  await runVirtual(function* (loop) {
    const sem = new Semaphore(1);
    yield* sem.acquire();
    const log: string[] = [];
    const waiter = loop.createTask(function* () {
      yield* sem.acquire();
      try {
        log.push(`got it, ${sem.statistics().value} left`);
        yield; // the cancellation arrives at the next wait
      } finally {
        sem.release();
      }
    });
    yield;
    sem.release(); // handed to the waiter: final
    waiter.cancel();
    assert.deepEqual(sem.statistics(), { value: 0, waiters: 0 });
    yield;
    yield;
    assert.equal(waiter.cancelled(), true);
    assert.deepEqual(log, ["got it, 0 left"]);
    assert.deepEqual(sem.statistics(), { value: 1, waiters: 0 });
  });
});

test("Semaphore: FIFO when a holder releases and re-acquires at once (CPython test_acquire_fifo_order_2)", async () => {
  const result: number[] = [];
  await runVirtual(function* (loop) {
    const sem = new Semaphore(1);
    const c1 = loop.createTask(function* () {
      yield* sem.acquire();
      result.push(1);
    });
    const c2 = loop.createTask(function* () {
      yield* sem.acquire();
      result.push(2);
      sem.release();
      yield* sem.acquire();
      result.push(4);
    });
    const c3 = loop.createTask(function* () {
      yield* sem.acquire();
      result.push(3);
    });
    yield;
    sem.release();
    sem.release();
    for (const t of [c1, c2, c3]) yield* t;
  });
  assert.deepEqual(result, [1, 2, 3, 4]);
});

test("Semaphore: acquire() with no running loop throws RuntimeError at the call", () => {
  assert.throws(() => new Semaphore(2).acquire(), {
    name: "RuntimeError",
    message: "Semaphore.acquire() needs a running loop: call it from a task inside run(...)",
  });
  assert.throws(() => new BoundedSemaphore(2).acquire(), {
    name: "RuntimeError",
    message: "BoundedSemaphore.acquire() needs a running loop: call it from a task inside run(...)",
  });
});

test("BoundedSemaphore: a release above the initial value throws RangeError", async () => {
  await runVirtual(function* () {
    const sem = new BoundedSemaphore(2, { name: "connections" });
    assert.ok(sem instanceof Semaphore);
    assert.equal(sem.describe(), "BoundedSemaphore 'connections'");
    const message =
      "BoundedSemaphore released too many times: BoundedSemaphore 'connections' already has all 2 of its permits back; call release() once per acquire()";
    assert.throws(() => sem.release(), { name: "RangeError", message });
    yield* sem.acquire();
    yield* sem.acquire();
    sem.release();
    sem.release();
    assert.throws(() => sem.release(), { name: "RangeError", message });
    assert.deepEqual(sem.statistics(), { value: 2, waiters: 0 });
  });
});

test("BoundedSemaphore: releases that hand permits to waiters count as giving them back", async () => {
  await runVirtual(function* (loop) {
    const sem = new BoundedSemaphore(1);
    assert.match(sem.describe(), /^BoundedSemaphore#\d+$/);
    yield* sem.acquire();
    const waiters = [0, 1].map(() =>
      loop.createTask(function* () {
        yield* sem.acquire();
        yield;
        sem.release();
      }),
    );
    yield;
    sem.release();
    for (const w of waiters) yield* w;
    assert.deepEqual(sem.statistics(), { value: 1, waiters: 0 });
    assert.throws(() => sem.release(), RangeError);
  });
});

test("Semaphore: from async functions too", async () => {
  let inside = 0;
  let most = 0;
  await runVirtual(function* (loop) {
    const sem = new Semaphore(2);
    const job = async () => {
      await sem.acquire();
      inside++;
      most = Math.max(most, inside);
      await sleep(0.01);
      inside--;
      sem.release();
    };
    const tasks = Array.from({ length: 6 }, () => loop.createTask(job));
    for (const t of tasks) yield* t;
  });
  assert.equal(most, 2);
});
