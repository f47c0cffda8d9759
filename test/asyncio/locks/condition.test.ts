import assert from "node:assert/strict";
import { test } from "node:test";
import { Condition, Lock } from "../../../src/asyncio/locks/index.js";
import {
  CancelledError,
  type Coroutine,
  type Loop,
  sleep,
  type Task,
} from "../../../src/core/index.js";
import { runVirtual } from "../../support/virtual.js";

/** A task that waits on `cond` (holding its lock) and logs when it returns. */
function waiter(loop: Loop, cond: Condition, name: string, log: string[]): Task<void> {
  return loop.createTask(
    function* () {
      yield* cond.acquire();
      try {
        const woke = yield* cond.wait();
        log.push(`${name} ${woke} ${cond.locked()}`);
      } finally {
        cond.release();
      }
    },
    { name },
  );
}

test("Condition: wait() releases the lock, and returns true holding it again after notify()", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition({ name: "ready" });
    assert.equal(cond.describe(), "Condition 'ready'");
    const w = waiter(loop, cond, "w", log);
    yield;
    assert.deepEqual(cond.statistics(), { locked: false, waiters: 1 });
    yield* cond.acquire();
    cond.notify();
    assert.equal(log.length, 0, "a notified waiter needs the lock first");
    yield;
    assert.equal(log.length, 0);
    cond.release();
    yield* w;
    assert.deepEqual(cond.statistics(), { locked: false, waiters: 0 });
  });
  assert.deepEqual(log, ["w true true"]);
});

test("Condition: notify(n) wakes n waiters in the order they waited; notifyAll() the rest", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const tasks = ["a", "b", "c", "d", "e"].map((n) => waiter(loop, cond, n, log));
    yield;
    yield* cond.acquire();
    cond.notify(2);
    cond.release();
    yield* tasks[0]!;
    yield* tasks[1]!;
    assert.deepEqual(log, ["a true true", "b true true"]);
    yield* cond.acquire();
    cond.notify();
    cond.notify(0);
    cond.release();
    yield* tasks[2]!;
    yield* cond.acquire();
    cond.notifyAll();
    cond.release();
    for (const t of tasks) yield* t;
  });
  assert.deepEqual(log, [
    "a true true",
    "b true true",
    "c true true",
    "d true true",
    "e true true",
  ]);
});

test("Condition: waitFor(predicate) resolves to the predicate's value, checking after each notify", async () => {
  const items: string[] = [];
  const seen: unknown[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const consumer = loop.createTask(function* (): Coroutine<string | undefined> {
      yield* cond.acquire();
      try {
        seen.push(yield* cond.waitFor(() => items.length >= 2 && items.length));
        return items.shift();
      } finally {
        cond.release();
      }
    });
    for (const item of ["x", "y"]) {
      yield;
      yield* cond.acquire();
      items.push(item);
      cond.notify();
      cond.release();
    }
    assert.equal(yield* consumer, "x");
    yield* cond.acquire();
    assert.equal(yield* cond.waitFor(() => "already"), "already", "true at once: no wait");
    cond.release();
  });
  assert.deepEqual(seen, [2]);
});

test("Condition: wait, waitFor, notify and notifyAll without the lock throw RuntimeError", async () => {
  const cond = new Condition();
  const hint = "the condition's lock is not held; acquire it first (yield* cond.acquire())";
  assert.throws(() => cond.wait(), { name: "RuntimeError", message: `Condition.wait(): ${hint}` });
  assert.throws(() => cond.waitFor(() => true), {
    name: "RuntimeError",
    message: `Condition.waitFor(): ${hint}`,
  });
  assert.throws(() => cond.notify(), {
    name: "RuntimeError",
    message: `Condition.notify(): ${hint}`,
  });
  assert.throws(() => cond.notifyAll(), {
    name: "RuntimeError",
    message: `Condition.notifyAll(): ${hint}`,
  });
});

test("Condition: a task that does not hold the lock may not wait or notify while another holds it", async () => {
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const holder = loop.createTask(
      function* () {
        yield* cond.acquire();
        yield;
        yield;
        cond.release();
      },
      { name: "holder" },
    );
    yield;
    const intruder = loop.createTask(
      function* () {
        assert.throws(() => cond.notify(), {
          name: "RuntimeError",
          message:
            "Condition.notify(): the condition's lock is held by Task 'holder', not by Task 'intruder'; only the task holding the lock may call it",
        });
        assert.throws(
          () => cond.wait(),
          /^RuntimeError: Condition\.wait\(\): the condition's lock is held by Task 'holder'/,
        );
      },
      { name: "intruder" },
    );
    yield* intruder;
    yield* holder;
  });
});

test("Condition: bad arguments are clear errors", async () => {
  assert.throws(() => new Condition("lock" as never), {
    name: "TypeError",
    message: 'Condition(lock) needs a Lock (or nothing, for a new one); got the string "lock"',
  });
  assert.throws(() => new Condition(new Map() as never), {
    name: "TypeError",
    message: "Condition(lock) needs a Lock (or nothing, for a new one); got a Map object",
  });
  await runVirtual(function* () {
    const cond = new Condition();
    yield* cond.acquire();
    assert.throws(() => cond.notify(-1), {
      name: "RangeError",
      message: "Condition.notify(n): n must be a number of tasks >= 0; got the number -1",
    });
    assert.throws(() => cond.notify("2" as never), {
      name: "TypeError",
      message: 'Condition.notify(n): n must be a number of tasks; got the string "2"',
    });
    assert.throws(() => cond.waitFor(true as never), {
      name: "TypeError",
      message: "Condition.waitFor() needs a predicate function; got the boolean true",
    });
    cond.release();
  });
});

test("Condition: a cancelled wait still re-takes the lock before the CancelledError comes out", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const w = loop.createTask(function* () {
      yield* cond.acquire();
      try {
        yield* cond.wait();
      } catch (error) {
        log.push(`${(error as Error).name}, locked by me: ${cond.locked()}`);
        throw error;
      } finally {
        cond.release();
      }
    });
    yield;
    // Take the lock, so the cancelled waiter has to wait for it.
    yield* cond.acquire();
    w.cancel("stop");
    yield;
    yield;
    assert.equal(log.length, 0, "still waiting for the lock");
    cond.release();
    try {
      yield* w;
      assert.fail("unreachable");
    } catch (error) {
      assert.ok(error instanceof CancelledError);
      assert.equal(error.message, "stop");
    }
    assert.equal(cond.locked(), false);
  });
  assert.deepEqual(log, ["CancelledError, locked by me: true"]);
});

test("Condition: cancelled again while re-taking the lock, it still ends up holding it", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const w = loop.createTask(function* () {
      yield* cond.acquire();
      try {
        yield* cond.wait();
      } catch (error) {
        log.push(`${(error as Error).message}, locked: ${cond.locked()}`);
      } finally {
        cond.release();
      }
    });
    yield;
    yield* cond.acquire();
    w.cancel("first");
    yield;
    w.cancel("second"); // now waiting for the lock
    yield;
    cond.release();
    yield* w;
  });
  assert.deepEqual(log, ["second, locked: true"]);
});

test("Condition: a waiter notified then cancelled before it ran returns holding the lock; the cancellation comes at its next wait", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const a = loop.createTask(function* () {
      yield* cond.acquire();
      try {
        log.push(`a woke ${yield* cond.wait()} holding ${cond.locked()}`);
        yield; // its next wait
        log.push("a: never");
      } finally {
        cond.release();
      }
    });
    const b = waiter(loop, cond, "b", log);
    yield;
    yield* cond.acquire();
    cond.notify(); // a is chosen: the notification is delivered, finally...
    a.cancel(); // ...even though a is cancelled before it runs
    cond.release();
    yield;
    yield;
    assert.equal(a.cancelled(), true);
    assert.equal(cond.statistics().waiters, 1, "b still waits: a had the notification");
    yield* cond.acquire();
    cond.notify();
    cond.release();
    yield* b;
  });
  assert.deepEqual(log, ["a woke true holding true", "b true true"]);
});

test("Condition: a waiter notified, then cancelled while it re-takes the lock, passes the notification on", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const a = waiter(loop, cond, "a", log);
    const b = waiter(loop, cond, "b", log);
    yield;
    yield* cond.acquire();
    cond.notify(); // a is chosen...
    yield; // ...resumes, and waits to re-take the lock we still hold...
    a.cancel(); // ...where the cancellation reaches it
    yield;
    cond.release();
    yield* b;
    assert.equal(a.cancelled(), true);
  });
  assert.deepEqual(log, ["b true true"]);
});

test("Condition: several conditions can share one lock", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const lock = new Lock({ name: "shared" });
    const notEmpty = new Condition(lock);
    const notFull = new Condition(lock, { name: "not full" });
    assert.equal(notFull.describe(), "Condition 'not full'");
    const w = waiter(loop, notEmpty, "consumer", log);
    yield;
    yield* notFull.acquire();
    assert.equal(lock.locked(), true);
    assert.equal(notEmpty.locked(), true);
    notEmpty.notify();
    lock.release();
    yield* w;
  });
  assert.deepEqual(log, ["consumer true true"]);
});

test("Condition: wait and waitFor from async functions too", async () => {
  const log: string[] = [];
  let ready = false;
  await runVirtual(function* (loop) {
    const cond = new Condition();
    const w = loop.createTask(async () => {
      await cond.acquire();
      try {
        log.push(`waitFor ${await cond.waitFor(() => ready && "ok")} ${cond.locked()}`);
        log.push(`wait ${await cond.wait()}`);
      } finally {
        cond.release();
      }
    });
    yield;
    yield;
    yield* cond.acquire();
    ready = true;
    cond.notify();
    cond.release();
    // The async function resumes through microtasks: give it (virtual) time to wait again.
    while (cond.statistics().waiters === 0) yield* sleep(0.01);
    assert.deepEqual(log, ["waitFor ok true"]);
    yield* cond.acquire();
    cond.notifyAll();
    cond.release();
    yield* w;
  });
  assert.deepEqual(log, ["waitFor ok true", "wait true"]);
});
