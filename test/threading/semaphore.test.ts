import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedSemaphore, Event, Semaphore, Thread } from "../../src/threading/index.js";

test("Semaphore: acquire takes permits, release returns them; blocking=false and timeout give up", () => {
  const sem = new Semaphore(2, { name: "S" });
  assert.equal(sem.acquire(), true);
  assert.equal(sem.acquire(), true);
  assert.equal(sem.locked(), true);
  assert.equal(sem.acquire(false), false);
  assert.equal(sem.acquire(true, 0.01), false);
  sem.release(2);
  assert.deepEqual(sem.statistics(), { name: "S", value: 2, bound: 2 });
  sem.release(); // a plain Semaphore may go above its initial value
  assert.equal(sem.value, 3);
});

test("Semaphore: bad values are refused at the call", () => {
  assert.throws(() => new Semaphore(-1), {
    name: "RangeError",
    message:
      "new Semaphore(value): value must be a whole number from 0 to 2147483647 (2^31−1, what its shared Int32 holds), got -1",
  });
  assert.throws(() => new BoundedSemaphore(1.5), {
    name: "RangeError",
    message:
      "new BoundedSemaphore(value): value must be a whole number from 0 to 2147483647 (2^31−1, what its shared Int32 holds), got 1.5",
  });
  assert.throws(() => new Semaphore().release(0), RangeError);
});

test("BoundedSemaphore: an over-release throws RangeError; new BoundedSemaphore() is a lock", () => {
  const sem = new BoundedSemaphore();
  assert.throws(() => sem.release(), {
    name: "RangeError",
    message:
      "BoundedSemaphore.release(): released too many times (value 1 + 1 would pass the bound 1); release once per acquire",
  });
  assert.equal(sem.acquire(), true);
  assert.equal(sem.acquire(false), false);
  sem.release();
  assert.equal(sem.value, 1);
});

test("BoundedSemaphore(2) across four threads: never more than two inside at once", async () => {
  const sem = new BoundedSemaphore(2);
  const gauge = new Int32Array(new SharedArrayBuffer(8)); // [inside now, most ever]
  const body = (sem: BoundedSemaphore, gauge: Int32Array) => {
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < 20; i++) {
      sem.acquire();
      const now = Atomics.add(gauge, 0, 1) + 1;
      for (let most = Atomics.load(gauge, 1); now > most; most = Atomics.load(gauge, 1)) {
        if (Atomics.compareExchange(gauge, 1, most, now) === most) break;
      }
      Atomics.wait(nap, 0, 0, 1);
      Atomics.sub(gauge, 0, 1);
      sem.release();
    }
  };
  const threads = [1, 2, 3, 4].map(() => new Thread({ target: body, args: [sem, gauge] }));
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  assert.equal(gauge[1], 2);
  assert.equal(sem.value, 2);
});

test("Semaphore: acquireAsync() resolves when a thread releases", async () => {
  const sem = new Semaphore(0);
  const t = new Thread({
    target: (sem: Semaphore) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      sem.release();
    },
    args: [sem],
  });
  t.start();
  assert.equal(await sem.acquireAsync(), true);
  await t.join();
  assert.equal(await sem.acquireAsync(0.01), false);
});

test("Event: set() in a worker wakes waitAsync() on the main thread; wait(timeout) returns the flag", async () => {
  const event = new Event({ name: "E" });
  assert.equal(event.isSet(), false);
  assert.equal(event.wait(0.01), false);
  assert.equal(await event.waitAsync(0.01), false);
  const t = new Thread({ target: (e: Event) => e.set(), args: [event] });
  t.start();
  assert.equal(await event.waitAsync(), true);
  assert.equal(event.wait(), true);
  assert.deepEqual(event.statistics(), { name: "E", set: true });
  event.clear();
  assert.equal(event.isSet(), false);
  await t.join();
});

test("Event: a worker blocked in wait() is released by set() on the main thread", async () => {
  const event = new Event();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (e: Event, flag: Int32Array) => {
      flag[0] = e.wait(5) ? 1 : 2;
    },
    args: [event, flag],
  });
  t.start();
  await new Promise((r) => setTimeout(r, 20));
  event.set();
  await t.join();
  assert.equal(flag[0], 1);
});
