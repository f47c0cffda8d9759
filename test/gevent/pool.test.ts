// gevent's Pool: bounded green threads. With a free slot spawn() starts the greenlet and returns it
// at once; when the pool is full the greenlet it returns waits for a slot; waitAvailable() is
// gevent's blocking spawn for producers that must not outrun the pool.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newEventLoop, setEventLoop, VirtualClock } from "../../src/core/index.js";
import { Greenlet, pool, sleep, spawn } from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";
import { rejectsIn } from "./support.js";

test("with a free slot spawn() starts the greenlet and returns it at once; g.join() works", async () => {
  await runVirtual(function* (loop) {
    const p = new pool.Pool(2);
    const g = p.spawn(function* (n: number) {
      yield* sleep(1);
      return n * 2;
    }, 21);
    assert.ok(g instanceof Greenlet);
    assert.equal(g.started, true);
    assert.equal(p.freeCount(), 1, "the greenlet holds its slot from spawn() on");
    assert.equal(yield* g.join(), true);
    assert.equal(g.value, 42);
    assert.equal(loop.time(), 1);
    assert.equal(p.freeCount(), 2);
  });
});

test("when full, spawn() returns a greenlet that waits for its slot (FIFO); never more than size run", async () => {
  let running = 0;
  let most = 0;
  const order: number[] = [];
  await runVirtual(function* (loop) {
    const p = new pool.Pool(3);
    const body = function* (i: number) {
      running++;
      most = Math.max(most, running);
      order.push(i);
      yield* sleep(1);
      running--;
      return i;
    };
    const gs = Array.from({ length: 10 }, (_, i) => p.spawn(body, i));
    assert.equal(p.freeCount(), 0);
    assert.equal(p.full(), true);
    assert.deepEqual(p.statistics(), { size: 3, running: 3, free: 0, waiting: 7 });
    const last = gs[9] as Greenlet<number>;
    assert.equal(yield* last.get(), 9, "a waiting greenlet is joinable at once");
    assert.equal(loop.time(), 4); // 0-2 from 0 s, 3-5 from 1 s, 6-8 from 2 s, 9 from 3 s
    assert.equal(yield* p.join(), true);
    assert.deepEqual(p.statistics(), { size: 3, running: 0, free: 3, waiting: 0 });
  });
  assert.equal(most, 3);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("waitAvailable() holds a producer back until a slot is free (gevent's blocking spawn)", async () => {
  await runVirtual(function* (loop) {
    const p = new pool.Pool(3);
    const started: number[] = [];
    for (let i = 0; i < 10; i++) {
      assert.ok((yield* p.waitAvailable()) >= 1);
      p.spawn(function* () {
        started.push(loop.time());
        yield* sleep(1);
      });
    }
    // 1-3 ran from 0 s, 4-6 from 1 s, 7-9 from 2 s: the tenth got its slot at 3 s.
    assert.equal(loop.time(), 3);
    assert.equal(p.statistics().waiting, 0, "the producer never queued a greenlet");
    assert.equal(yield* p.join(), true);
    assert.deepEqual(started, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
  });
});

test("waitAvailable(timeout) gives up with 0 free slots; a negative timeout does not wait", async () => {
  await runVirtual(function* (loop) {
    const p = new pool.Pool(1);
    assert.equal(yield* p.waitAvailable(), 1);
    p.spawn(function* () {
      yield* sleep(5);
    });
    assert.equal(yield* p.waitAvailable(1), 0);
    assert.equal(loop.time(), 1);
    assert.equal(yield* p.waitAvailable(-1), 0);
    assert.equal(yield* p.join(-1), false);
    assert.equal(loop.time(), 1);
    assert.equal(yield* p.waitAvailable(), 1);
    assert.equal(loop.time(), 5);
  });
});

test("kill() also ends greenlets waiting for a slot; they never run", async () => {
  await runVirtual(function* () {
    const p = new pool.Pool(1);
    const ran: string[] = [];
    const first = p.spawn(function* () {
      ran.push("first");
      yield* sleep(100);
    });
    const waiting = p.spawn(function* () {
      ran.push("waiting");
    });
    yield* sleep(0);
    yield* p.kill();
    assert.equal(first.dead && waiting.dead, true);
    assert.deepEqual(ran, ["first"]);
    assert.deepEqual(p.statistics(), { size: 1, running: 0, free: 1, waiting: 0 });
  });
});

test("a greenlet killed while it waits for a slot leaves the line; the next one gets the slot", async () => {
  await runVirtual(function* (loop) {
    const p = new pool.Pool(1);
    p.spawn(function* () {
      yield* sleep(1);
    });
    const dropped = p.spawn(function* () {
      return "never";
    });
    const next = p.spawn(function* () {
      return loop.time();
    });
    yield* dropped.kill();
    assert.equal(p.statistics().waiting, 1);
    assert.equal(yield* next.get(), 1);
  });
});

test("map returns results in order; a failure is thrown", async () => {
  await runVirtual(function* () {
    const p = new pool.Pool(2);
    const out = yield* p.map(
      function* (n: number) {
        yield* sleep(1 / n);
        return n * n;
      },
      [1, 2, 3, 4],
    );
    assert.deepEqual(out, [1, 4, 9, 16]);
    yield* rejectsIn(
      p.map(
        function* (n: number) {
          yield* sleep(0);
          if (n === 2) throw new RangeError("two");
          return n;
        },
        [1, 2, 3],
      ),
      RangeError,
    );
  });
});

test("imapUnordered is an async iterable of results in completion order", async () => {
  const hub = newEventLoop({ clock: new VirtualClock() });
  setEventLoop(hub);
  try {
    const p = new pool.Pool(4);
    const got: number[] = [];
    for await (const r of p.imapUnordered(
      function* (n: number) {
        yield* sleep(n);
        return n;
      },
      [3, 1, 2],
    )) {
      got.push(r);
    }
    assert.deepEqual(got, [1, 2, 3]);
    assert.equal(hub.time(), 3);
  } finally {
    setEventLoop(null);
    hub.close();
  }
});

test("kill() ends the pool's greenlets; join(timeout) reports unfinished work", async () => {
  await runVirtual(function* () {
    const p = new pool.Pool(2);
    p.spawn(function* () {
      yield* sleep(100);
    });
    assert.equal(yield* p.join(1), false);
    yield* p.kill();
    assert.equal(p.freeCount(), 2);
    const g = spawn(function* () {}); // unrelated greenlets are untouched
    yield* g.join();
  });
});

test("bad input: Pool(0) and non-integer sizes are RangeErrors", () => {
  assert.throws(
    () => new pool.Pool(0),
    new RangeError(
      "Pool(size): size must be an integer >= 1, the most greenlets to run at once; got the number 0",
    ),
  );
  assert.throws(() => new pool.Pool(1.5), RangeError);
  assert.throws(() => new pool.Pool(2).spawn(3 as never), TypeError);
});
