// Negative timeouts and delays, as gevent 22.10 treats them (each case below was run against
// python3-gevent: a timeout already past expires at the first wait; a negative sleep or
// spawn_later delay is 0). Users compute them (`deadline - hub.time()`), so being late is not an
// error. NaN still is.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Greenlet,
  joinall,
  sleep,
  spawn,
  spawnLater,
  Timeout,
  wait,
} from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";
import { rejectsIn } from "./support.js";

function* slow() {
  yield* sleep(0.2);
  return "slow";
}

test("sleep(-1) is sleep(0): one trip round the hub", async () => {
  await runVirtual(function* (loop) {
    const order: string[] = [];
    spawn(function* () {
      order.push("other greenlet");
    });
    yield* sleep(-1);
    order.push("after sleep");
    assert.deepEqual(order, ["other greenlet", "after sleep"]);
    assert.equal(loop.time(), 0);
  });
});

test("Timeout(-1) expires at the block's first wait; a block that never waits finishes", async () => {
  await runVirtual(function* (loop) {
    const t = new Timeout(-1);
    assert.equal(t.seconds, -1);
    const waited = spawn(function* () {
      return yield* t.run(function* () {
        yield* sleep(0.1);
        return "body finished";
      });
    });
    const error = yield* rejectsIn(waited.get(), Timeout);
    assert.equal(error, t);
    assert.equal(loop.time(), 0);
    const quick = spawn(function* () {
      return yield* new Timeout(-1).run(function* () {
        return "no wait in body";
      });
    });
    assert.equal(yield* quick.get(), "no wait in body");
    const started = spawn(function* () {
      const s = Timeout.startNew(-0.5);
      try {
        yield* sleep(0.05);
        return "slept";
      } catch (e) {
        return e === s ? "timed out" : e;
      } finally {
        s.cancel();
      }
    });
    assert.equal(yield* started.get(), "timed out");
  });
});

test("joinall, join, get and wait with timeout -1 return at once with what is done", async () => {
  await runVirtual(function* (loop) {
    const g = spawn(slow);
    assert.deepEqual(yield* joinall([g], { timeout: -1 }), []);
    assert.equal(yield* g.join(-1), false);
    const error = yield* rejectsIn(g.get(true, -1), Timeout);
    assert.match((error as Timeout).message, /did not finish within -1 seconds/);
    assert.deepEqual(yield* wait([g], { timeout: -1 }), []);
    assert.equal(loop.time(), 0);
    assert.equal(yield* g.get(), "slow");
  });
});

test("spawnLater(-1, fn) and startLater(-1) run at once", async () => {
  await runVirtual(function* (loop) {
    const h = spawnLater(-1, () => "later");
    assert.equal(yield* h.get(), "later");
    const g = new Greenlet(() => "started later");
    g.startLater(-3);
    assert.equal(yield* g.get(), "started later");
    assert.equal(loop.time(), 0);
  });
});

test("NaN is still a clear error at the call", () => {
  assert.throws(() => new Timeout(Number.NaN), TypeError);
  assert.throws(() => joinall([], { timeout: Number.NaN }), RangeError);
  assert.throws(() => sleep(Number.NaN), RangeError);
  assert.throws(() => spawnLater(Number.NaN, () => 1), RangeError);
});
