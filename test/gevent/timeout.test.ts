// gevent's Timeout: an alarm armed for the current greenlet, thrown in where it waits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "../../src/core/index.js";
import { RuntimeError, run, sleep, spawn, Timeout } from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";

test("start() arms it for the current greenlet, which gets that Timeout thrown in", async () => {
  await runVirtual(function* (loop) {
    const g = spawn(function* () {
      const t = new Timeout(2);
      t.start();
      try {
        yield* sleep(10);
        return "slept";
      } catch (e) {
        assert.equal(e, t);
        return `timed out at ${loop.time()}`;
      } finally {
        t.cancel();
      }
    });
    assert.equal(yield* g.get(), "timed out at 2");
  });
});

test("cancel() disarms it; an uncaught Timeout fails the greenlet", async () => {
  await runVirtual(function* () {
    const calm = spawn(function* () {
      const t = Timeout.startNew(1);
      assert.equal(t.pending, true);
      t.cancel();
      assert.equal(t.pending, false);
      yield* sleep(2);
      return "fine";
    });
    assert.equal(yield* calm.get(), "fine");
    const failing = spawn(function* () {
      Timeout.startNew(1);
      yield* sleep(2);
    });
    yield* failing.join();
    assert.ok(failing.exception instanceof Timeout);
  });
});

test("run(body): the block form; exception false ends the block silently", async () => {
  await run(
    function* main() {
      const quick = yield* new Timeout(5).run(function* () {
        yield* sleep(1);
        return "quick";
      });
      assert.equal(quick, "quick");
      const silent = yield* new Timeout(1, false).run(function* () {
        yield* sleep(5);
        return "never";
      });
      assert.equal(silent, undefined);
      const custom = new RangeError("too slow");
      try {
        yield* new Timeout(1, custom).run(function* () {
          yield* sleep(5);
        });
        assert.fail("no error");
      } catch (e) {
        assert.equal(e, custom);
      }
    },
    { clock: new VirtualClock() },
  );
});

test("bad input: NaN, a non-number, start() outside a greenlet", async () => {
  assert.throws(() => new Timeout(Number.NaN), TypeError);
  assert.throws(() => new Timeout("1" as never), TypeError);
  assert.throws(() => new Timeout(1, "x" as never), TypeError);
  await runVirtual(function* () {
    assert.throws(() => new Timeout(1).start(), RuntimeError);
  });
});

test("a value delivered before the Timeout fires wins over it, in the same pass (gevent test__queue test_multiple_waiters)", async () => {
  const { event } = await import("../../src/gevent/index.js");
  await runVirtual(function* (loop) {
    const result = new event.AsyncResult<string>();
    const waiter = spawn(function* () {
      const got = yield* new Timeout(0.001, false).run(function* () {
        return yield* result.get();
      });
      yield* sleep(0.01); // a later wait: no Timeout may be left pending for it
      return got;
    });
    loop.callLater(0.0003, () => result.set("in time"));
    loop.callLater(0.001, () => {}); // the Timeout's deadline comes in the same pass as the wake
    assert.equal(yield* waiter.get(), "in time");
    assert.equal(result.ready(), true);
  });
});

test("a Timeout due in the same pass as the wake-up, after it, loses: the value wins and nothing is left pending", async () => {
  const { event } = await import("../../src/gevent/index.js");
  await runVirtual(function* (loop) {
    const ready = new event.Event();
    loop.callLater(1, () => ready.set()); // due at t=1, scheduled before the Timeout's timer
    const g = spawn(function* () {
      const t = Timeout.startNew(1); // also due at t=1, so it fires in the same pass, after
      try {
        yield* ready.wait();
      } finally {
        t.cancel();
      }
      yield* sleep(5); // a later wait: the Timeout must not land here
      return "woken, then slept";
    });
    assert.equal(yield* g.get(), "woken, then slept");
  });
});
