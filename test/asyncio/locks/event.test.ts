import assert from "node:assert/strict";
import { test } from "node:test";
import { Event } from "../../../src/asyncio/locks/index.js";
import { runVirtual } from "../../support/virtual.js";

test("Event: wait() blocks until set(); every waiter wakes; later waits return at once", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const event = new Event({ name: "ready" });
    assert.equal(event.describe(), "Event 'ready'");
    assert.equal(event.isSet(), false);
    const waiters = ["a", "b", "c"].map((name) =>
      loop.createTask(function* () {
        log.push(`${name} got ${yield* event.wait()}`);
      }),
    );
    yield;
    assert.deepEqual(event.statistics(), { isSet: false, waiters: 3 });
    assert.equal(log.length, 0);
    event.set();
    assert.deepEqual(event.statistics(), { isSet: true, waiters: 0 });
    for (const w of waiters) yield* w;
    const other = loop.createTask(function* () {
      log.push("other ran");
    });
    log.push(`late got ${yield* event.wait()}`); // set: no suspension, `other` has not run yet
    yield* other;
  });
  assert.deepEqual(log, ["a got true", "b got true", "c got true", "late got true", "other ran"]);
});

test("Event: clear() makes later waits wait again; tasks already woken stay woken", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const event = new Event();
    const early = loop.createTask(function* () {
      yield* event.wait();
      log.push("early");
    });
    yield;
    event.set();
    event.clear();
    assert.equal(event.isSet(), false);
    const late = loop.createTask(function* () {
      yield* event.wait();
      log.push("late");
    });
    yield* early;
    yield;
    assert.deepEqual(log, ["early"]);
    event.set();
    yield* late;
    event.set(); // already set: nothing happens
  });
  assert.deepEqual(log, ["early", "late"]);
});

test("Event: a cancelled waiter leaves; the others still wake", async () => {
  await runVirtual(function* (loop) {
    const event = new Event();
    const a = loop.createTask(function* () {
      yield* event.wait();
    });
    const b = loop.createTask(function* () {
      return yield* event.wait();
    });
    yield;
    a.cancel();
    assert.equal(event.statistics().waiters, 1);
    event.set();
    assert.equal(yield* b, true);
    assert.equal(a.cancelled(), true);
  });
});

test("Event: 100k waiters wake in one pass of set()", async () => {
  const n = 100_000;
  let woken = 0;
  let seenByMarker = -1;
  await runVirtual(function* (loop) {
    const event = new Event();
    const body = function* () {
      yield* event.wait();
      woken++;
    };
    for (let i = 0; i < n; i++) loop.createTask(body);
    yield;
    assert.equal(event.statistics().waiters, n);
    event.set();
    // Scheduled after set(): it runs in the same pass as the woken tasks, right after all of them.
    loop.callSoon(() => {
      seenByMarker = woken;
    });
    yield;
    yield;
  });
  assert.equal(seenByMarker, n);
});

test("Event: from async functions too", async () => {
  const result = await runVirtual(function* (loop) {
    const event = new Event();
    const waiter = loop.createTask(async () => event.wait());
    yield;
    event.set();
    return yield* waiter;
  });
  assert.equal(result, true);
});

test("Event: wait() with no running loop throws RuntimeError at the call, set or not", () => {
  const event = new Event();
  const message = "Event.wait() needs a running loop: call it from a task inside run(...)";
  assert.throws(() => event.wait(), { name: "RuntimeError", message });
  event.set();
  assert.throws(() => event.wait(), { name: "RuntimeError", message });
});

test("Event: created before any loop, it serves tasks of one loop, then of another", async () => {
  const event = new Event();
  for (let round = 0; round < 2; round++) {
    await runVirtual(function* (loop) {
      loop.callSoon(() => event.set());
      assert.equal(yield* event.wait(), true);
    });
    event.clear();
  }
});
