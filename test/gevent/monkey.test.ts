// Monkey patching: Node's global timers and clocks routed through the hub (virtual time here).
import assert from "node:assert/strict";
import { test } from "node:test";
import { newEventLoop, VirtualClock } from "../../src/core/index.js";
import { monkey, RuntimeError, sleep } from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";

/** Code that knows nothing of spindle: callbacks, Node timers, Date.now. */
function countdown(from: number, done: (log: string[]) => void): void {
  const log: string[] = [];
  const start = Date.now();
  const tick = (n: number) => {
    log.push(`${n} at +${Date.now() - start} ms`);
    if (n === 0) done(log);
    else setTimeout(tick, 1000, n - 1);
  };
  tick(from);
}

test("setTimeout-based code runs on the hub's virtual clock and shows in its statistics", async () => {
  const realStart = performance.now();
  await runVirtual(function* (loop) {
    monkey.patchAll();
    try {
      monkey.patchAll(); // idempotent for the same hub
      let result: string[] = [];
      countdown(3, (log) => {
        result = log;
      });
      assert.equal(monkey.statistics().active, 1);
      yield* sleep(10);
      assert.deepEqual(result, ["3 at +0 ms", "2 at +1000 ms", "1 at +2000 ms", "0 at +3000 ms"]);
      assert.equal(loop.time(), 10);
      const stats = monkey.statistics();
      assert.equal(stats.patched, true);
      assert.equal(stats.timersScheduled, 3);
      assert.equal(stats.active, 0);
      const p0 = performance.now();
      yield* sleep(2);
      assert.equal(performance.now() - p0, 2000);
    } finally {
      monkey.unpatch();
    }
  });
  assert.equal(monkey.isPatched(), false);
  assert.ok(performance.now() - realStart < 5000, "the test took no real seconds");
});

test("setInterval, setImmediate and the clears work on the hub", async () => {
  await runVirtual(function* (loop) {
    monkey.patchAll();
    try {
      const ticks: number[] = [];
      const interval = setInterval(() => ticks.push(loop.time()), 500);
      const cancelled = setTimeout(() => ticks.push(-1), 100);
      clearTimeout(cancelled);
      let immediate = false;
      setImmediate(() => {
        immediate = true;
      });
      const never = setImmediate(() => ticks.push(-2));
      clearImmediate(never);
      yield* sleep(0);
      yield* sleep(0);
      assert.equal(immediate, true);
      yield* sleep(1.6);
      clearInterval(interval);
      yield* sleep(5);
      assert.deepEqual(ticks, [0.5, 1, 1.5]);
    } finally {
      monkey.unpatch();
    }
  });
});

test("patching twice with different hubs is an error; unpatch is reversible and idempotent", async () => {
  const other = newEventLoop({ clock: new VirtualClock() });
  try {
    await runVirtual(function* () {
      monkey.patchAll();
      try {
        assert.throws(
          () => monkey.patchAll({ hub: other }),
          new RuntimeError(
            "monkey.patchAll(): the globals are already patched for a different hub; call monkey.unpatch() first",
          ),
        );
      } finally {
        monkey.unpatch();
      }
      monkey.unpatch();
    });
  } finally {
    other.close();
  }
  const realSetTimeout = setTimeout;
  assert.equal(typeof realSetTimeout(() => {}, 0).unref, "function");
  assert.throws(
    () => monkey.patchAll({ hub: other }),
    new RuntimeError(
      "monkey.patchAll(): the hub's loop is closed; patch onto a running one (call it inside run(...))",
    ),
  );
});
