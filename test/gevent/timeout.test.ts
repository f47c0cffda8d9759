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
