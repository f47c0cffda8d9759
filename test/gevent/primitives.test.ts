// gevent's queue, event and AsyncResult: asyncio's primitives under gevent's names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { event, queue, sleep, spawn, Timeout } from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";
import { rejectsIn } from "./support.js";

test("Queue: put/get with block and timeout; Empty and Full", async () => {
  await runVirtual(function* (loop) {
    const q = new queue.Queue<number>(1);
    yield* q.put(1);
    assert.throws(() => q.put(2, false), queue.Full); // not blocking: at the call, like gevent
    const full = (yield* rejectsIn(q.put(2, true, 0.5), queue.Full)) as Error;
    assert.equal(full.message, "the queue stayed full for 0.5 seconds; put() gave up");
    assert.equal(loop.time(), 0.5);
    assert.equal(yield* q.get(), 1);
    assert.throws(() => q.get(false), queue.Empty);
    yield* rejectsIn(q.get(true, 1), queue.Empty);
    spawn(function* () {
      yield* sleep(1);
      yield* q.put(7);
    });
    assert.equal(yield* q.get(true, 5), 7);
    assert.equal(q.statistics().size, 0);
    assert.ok(new queue.Empty() instanceof Error);
  });
});

test("Event.wait(timeout) evaluates to the flag", async () => {
  await runVirtual(function* () {
    const ev = new event.Event();
    assert.equal(yield* ev.wait(1), false);
    spawn(function* () {
      yield* sleep(1);
      ev.set();
    });
    assert.equal(yield* ev.wait(5), true);
    assert.equal(ev.isSet(), true);
  });
});

test("AsyncResult: set / setException / get / wait", async () => {
  await runVirtual(function* () {
    const r = new event.AsyncResult<number>();
    assert.equal(r.ready(), false);
    yield* rejectsIn(r.get(false), Timeout);
    yield* rejectsIn(r.get(true, 1), Timeout);
    assert.equal(yield* r.wait(1), undefined);
    spawn(function* () {
      yield* sleep(1);
      r.set(42);
    });
    assert.equal(yield* r.get(), 42);
    assert.equal(r.successful(), true);
    assert.deepEqual(r.statistics(), { ready: true, successful: true, waiters: 0 });
    const bad = new event.AsyncResult();
    bad.setException(new RangeError("no"));
    yield* rejectsIn(bad.get(), RangeError);
    assert.equal(yield* bad.wait(), undefined);
    assert.ok(bad.exception instanceof RangeError);
  });
});
