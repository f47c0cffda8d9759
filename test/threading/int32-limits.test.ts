// Counters that live in one shared Int32 refuse values past what it holds (2^31−1), with a
// RangeError at the call that names the limit, instead of wrapping (Semaphore(2 ** 40) used to
// have 0 permits, and a release past 2^31−1 made the value negative).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Barrier, BoundedSemaphore, RLock, Semaphore } from "../../src/threading/index.js";
import { TO_SHARED } from "../../src/threading/transfer.js";

const MAX = 2 ** 31 - 1;

test("new Semaphore(value) past 2^31−1: RangeError naming the limit", () => {
  for (const [make, kind] of [
    [(v: number) => new Semaphore(v), "Semaphore"],
    [(v: number) => new BoundedSemaphore(v), "BoundedSemaphore"],
  ] as const) {
    assert.throws(() => make(2 ** 40), {
      name: "RangeError",
      message: `new ${kind}(value): value must be a whole number from 0 to 2147483647 (2^31−1, what its shared Int32 holds), got 1099511627776`,
    });
    assert.throws(() => make(MAX + 1), RangeError);
    assert.equal(make(MAX).value, MAX);
  }
});

test("Semaphore.release() past 2^31−1: RangeError naming the limit; the value is unchanged", () => {
  const sem = new Semaphore(MAX, { name: "full" });
  assert.throws(() => sem.release(), {
    name: "RangeError",
    message:
      "Semaphore.release(n): full's value 2147483647 + 1 would pass 2147483647 (2^31−1), the most its shared Int32 holds; release once per acquire",
  });
  assert.equal(sem.value, MAX);
  assert.equal(sem.acquire(false), true);
  sem.release();
  assert.equal(sem.value, MAX);
  const few = new Semaphore(5);
  assert.throws(() => few.release(2 ** 31), RangeError);
  assert.throws(() => few.release(MAX - 4), RangeError);
  few.release(MAX - 5);
  assert.equal(few.value, MAX);
});

test("new Barrier(parties) past its limit: RangeError naming it", () => {
  assert.throws(() => new Barrier(2 ** 29), {
    name: "RangeError",
    message:
      "new Barrier(parties): parties must be a whole number from 1 to 536870911 (the count shares one Int32 with the barrier's phase), got number 536870912",
  });
});

test("RLock: a thread re-entering 2^31−1 levels deep gets a RangeError, and the lock stays sound", () => {
  const rlock = new RLock({ name: "deep" });
  rlock.acquire();
  // Stand in for 2^31−2 more acquires: the depth is the second Int32 of its shared memory.
  const cells = new Int32Array(rlock[TO_SHARED]().buffer);
  cells[1] = MAX;
  assert.throws(() => rlock.acquire(), {
    name: "RangeError",
    message:
      "RLock.acquire(): deep is held 2147483647 levels deep by this thread, the most its shared Int32 counts; release it before taking it again",
  });
  assert.equal(rlock.statistics().depth, MAX);
  cells[1] = 1;
  rlock.release();
  assert.equal(rlock.locked(), false);
});
