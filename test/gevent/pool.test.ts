// gevent's Pool: bounded green threads; spawn waits for a free slot.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newEventLoop, setEventLoop, VirtualClock } from "../../src/core/index.js";
import { pool, sleep, spawn } from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";
import { rejectsIn } from "./support.js";

test("spawn waits when the pool is full; never more than size run at once", async () => {
  let running = 0;
  let most = 0;
  await runVirtual(function* (loop) {
    const p = new pool.Pool(3);
    assert.equal(p.freeCount(), 3);
    for (let i = 0; i < 10; i++) {
      yield* p.spawn(function* () {
        running++;
        most = Math.max(most, running);
        yield* sleep(1);
        running--;
      });
    }
    // 1-3 ran from 0 s, 4-6 from 1 s, 7-9 from 2 s: the tenth got its slot at 3 s.
    assert.equal(loop.time(), 3);
    assert.equal(p.freeCount(), 2);
    assert.equal(p.full(), false);
    assert.equal(yield* p.join(), true);
    assert.equal(loop.time(), 4);
    assert.deepEqual(p.statistics(), { size: 3, running: 0, free: 3, waiting: 0 });
  });
  assert.equal(most, 3);
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
    yield* p.spawn(function* () {
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
