import assert from "node:assert/strict";
import { test } from "node:test";
import { Lock } from "../../../src/asyncio/locks/index.js";
import { run } from "../../../src/asyncio/run.js";
import {
  type Coroutine,
  DeadlockError,
  type ExceptionContext,
  getRunningLoop,
  newEventLoop,
  sleep,
  VirtualClock,
} from "../../../src/core/index.js";
import { runVirtual } from "../../support/virtual.js";

test("Lock: acquire() resolves to true; an uncontended acquire does not suspend the task", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const lock = new Lock();
    const other = loop.createTask(function* () {
      log.push("other ran");
    });
    log.push(`acquired ${yield* lock.acquire()}`);
    lock.release();
    log.push(`again ${yield* lock.acquire()}`);
    lock.release();
    yield* other;
  });
  assert.deepEqual(log, ["acquired true", "again true", "other ran"]);
});

test("Lock: the uncontended acquire hands out one shared, already-complete awaitable (no allocation)", async () => {
  await runVirtual(function* () {
    const lock = new Lock();
    const first = lock.acquire();
    yield* first;
    lock.release();
    const second = lock.acquire();
    yield* second;
    lock.release();
    assert.equal(first, second, "one per lock, reused by every call");
  });
});

test("Lock: release() of an unlocked lock throws RuntimeError, hinting at a missing yield*", () => {
  const lock = new Lock();
  assert.throws(() => lock.release(), {
    name: "RuntimeError",
    message:
      "Lock.release(): the lock is not locked; release only what you acquired. (Was `lock.acquire()` called without `yield*`? It then does nothing.)",
  });
});

test("Lock: release() hands the lock to the longest waiter at once: it is the owner before it runs", async () => {
  await runVirtual(function* (loop) {
    const lock = new Lock();
    yield* lock.acquire();
    const waiter = loop.createTask(
      function* () {
        yield* lock.acquire();
        lock.release();
      },
      { name: "waiter" },
    );
    yield;
    lock.release();
    assert.deepEqual(lock.statistics(), { locked: true, owner: "waiter", waiters: 0 });
    yield* waiter;
    assert.equal(lock.locked(), false);
  });
});

test("Lock: acquire() does its work when waited on, in the task that waits (as a Python coroutine)", async () => {
  await runVirtual(function* (loop) {
    const lock = new Lock({ name: "db" });
    lock.acquire(); // never waited on: nothing happens (a missing `yield*`)
    assert.equal(lock.locked(), false);
    yield* lock.acquire();
    // The new task acquires, not this one: no DeadlockError although this task holds the lock.
    const other = loop.createTask(lock.acquire(), { name: "other" });
    yield;
    assert.equal(other.waitingOn()?.describe(), "Lock 'db'");
    lock.release();
    assert.equal(yield* other, true);
    assert.deepEqual(lock.statistics(), { locked: true, owner: "other", waiters: 0 });
    lock.release();
  });
});

test("Lock: any task may release it (asyncio's rule), and the next waiter gets it", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const lock = new Lock();
    yield* lock.acquire();
    const waiter = loop.createTask(function* () {
      yield* lock.acquire();
      log.push("waiter has it");
      lock.release();
    });
    yield;
    loop.createTask(function* () {
      lock.release();
      log.push("released by a helper");
    });
    yield* waiter;
  });
  assert.deepEqual(log, ["released by a helper", "waiter has it"]);
});

test("Lock: a task acquiring a lock it already holds gets DeadlockError at once", async () => {
  await runVirtual(function* (loop) {
    const lock = new Lock({ name: "L" });
    const task = loop.createTask(
      function* (): Coroutine<unknown> {
        yield* lock.acquire();
        try {
          yield* lock.acquire();
          return "acquired twice?";
        } catch (error) {
          return error;
        } finally {
          lock.release();
        }
      },
      { name: "x" },
    );
    const error = yield* task;
    assert.ok(error instanceof DeadlockError);
    assert.equal(
      error.message,
      "deadlock: Task 'x' tried to acquire Lock 'L' that it already holds; asyncio's Lock is not reentrant, so it would wait for itself forever. Release it first, or restructure so the inner code does not acquire it again.",
    );
    assert.deepEqual(error.blocked, [{ task: "x", waitsOn: "Lock 'L'", heldBy: ["x"] }]);
    assert.deepEqual(error.cycle, ["x", "x"]);
    assert.equal(lock.locked(), false, "the first hold was released normally");
    assert.deepEqual(task.holding(), []);
  });
});

test("Lock: records its owner — statistics(), holders(), task.holding()", async () => {
  await runVirtual(function* (loop) {
    const lock = new Lock({ name: "accounts" });
    assert.deepEqual(lock.statistics(), { locked: false, owner: null, waiters: 0 });
    const holder = loop.createTask(
      function* () {
        yield* lock.acquire();
        yield* sleep(1);
        lock.release();
      },
      { name: "holder" },
    );
    const waiter = loop.createTask(
      function* () {
        yield* lock.acquire();
        lock.release();
      },
      { name: "waiter" },
    );
    yield;
    yield;
    assert.deepEqual(lock.statistics(), { locked: true, owner: "holder", waiters: 1 });
    assert.deepEqual(lock.holders(), [holder]);
    assert.deepEqual(holder.holding(), [lock]);
    assert.equal(waiter.waitingOn()?.describe(), lock.describe(), "the wait names the lock");
    assert.deepEqual(waiter.waitingOn()?.holders?.(), [holder], "and its holder");
    yield* holder;
    yield* waiter;
    assert.deepEqual(lock.statistics(), { locked: false, owner: null, waiters: 0 });
    assert.deepEqual(lock.holders(), []);
    assert.deepEqual(waiter.holding(), []);
  });
});

test("Lock: describe() is `Lock 'name'`, or `Lock#<n>` numbered in creation order", () => {
  assert.equal(new Lock({ name: "accounts" }).describe(), "Lock 'accounts'");
  const a = new Lock().describe();
  const b = new Lock().describe();
  assert.match(a, /^Lock#\d+$/);
  assert.equal(Number(b.slice(5)), Number(a.slice(5)) + 1);
});

test("Lock: bad options are a TypeError at the call", () => {
  assert.throws(() => new Lock({ name: 5 } as never), {
    name: "TypeError",
    message: "Lock options.name must be a string; got the number 5",
  });
  assert.throws(() => new Lock("accounts" as never), {
    name: "TypeError",
    message: 'Lock options must be an object like { name: "jobs" }; got the string "accounts"',
  });
});

test("Lock: acquire() with no running loop throws RuntimeError at the call", () => {
  const lock = new Lock();
  assert.throws(() => lock.acquire(), {
    name: "RuntimeError",
    message: "Lock.acquire() needs a running loop: call it from a task inside run(...)",
  });
  assert.equal(lock.locked(), false);
});

test("Lock: created before any loop, it serves tasks of one loop, then of another", async () => {
  const lock = new Lock({ name: "shared" });
  for (let round = 0; round < 2; round++) {
    await runVirtual(function* (loop) {
      yield* lock.acquire();
      const waiter = loop.createTask(function* () {
        yield* lock.acquire();
        lock.release();
      });
      yield;
      lock.release();
      yield* waiter;
      assert.equal(lock.locked(), false);
    });
  }
});

test("Lock: a task that ends while holding it is reported through the exception handler", async () => {
  const reports: ExceptionContext[] = [];
  const loop = newEventLoop({ clock: new VirtualClock() });
  loop.setExceptionHandler((_loop, context) => reports.push(context));
  const lock = new Lock({ name: "forgotten" });
  const careless = loop.createTask(
    function* () {
      yield* lock.acquire();
      return "done, but the lock stays taken";
    },
    { name: "careless" },
  );
  await loop.runUntilComplete(careless);
  loop.close();
  assert.equal(reports.length, 1);
  assert.equal(
    reports[0]?.message,
    "Task 'careless' ended while holding Lock 'forgotten'; every other task waiting for it will wait forever. Release it in a `finally` block.",
  );
  assert.equal(reports[0]?.task, careless);
});

test("Lock: run() with two tasks taking two locks in opposite order rejects with a DeadlockError naming holders and the cycle", async () => {
  const L1 = new Lock({ name: "L1" });
  const L2 = new Lock({ name: "L2" });
  const both = (first: Lock, second: Lock) =>
    function* (): Coroutine<void> {
      yield* first.acquire();
      try {
        yield* sleep(0.1);
        yield* second.acquire();
        second.release();
      } finally {
        first.release();
      }
    };
  const error = await run(
    function* main() {
      const loop = getRunningLoop();
      const a = loop.createTask(both(L1, L2), { name: "A" });
      const b = loop.createTask(both(L2, L1), { name: "B" });
      yield* a;
      yield* b;
    },
    { clock: new VirtualClock() },
  ).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError);
  assert.equal(
    error.message,
    [
      "deadlock: no task can make progress: nothing is ready, no timer is set and nothing outside the loop is pending.",
      "  Task 'main' waits on Task 'A' to finish",
      "  Task 'A' holds Lock 'L1' and waits on Lock 'L2', held by Task 'B'",
      "  Task 'B' holds Lock 'L2' and waits on Lock 'L1', held by Task 'A'",
      "  wait-for cycle: A -> B -> A",
      "Break the cycle: no task may wait, directly or through others, for a task that waits for it; take locks in the same order in every task, or wait with a timeout.",
    ].join("\n"),
  );
  assert.deepEqual(error.cycle, ["A", "B", "A"]);
  assert.deepEqual(error.blocked[1], { task: "A", waitsOn: "Lock 'L2'", heldBy: ["B"] });
});
