// Misuse of the threading primitives is refused at the call with a clear error, as Python
// refuses it, instead of being accepted silently.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Event, Lock, RLock, Semaphore } from "../../src/threading/index.js";

test("a constructor given something other than an options object: TypeError naming it", () => {
  const cases: [string, () => unknown][] = [
    ["new Lock(options)", () => new Lock(42 as never)],
    ["new RLock(options)", () => new RLock(42 as never)],
    ["new Event(options)", () => new Event(42 as never)],
    ["new Semaphore(value, options)", () => new Semaphore(1, 42 as never)],
  ];
  for (const [call, make] of cases) {
    assert.throws(make, {
      name: "TypeError",
      message: `${call}: options must be an object like { name: "jobs" } or omitted, got the number 42`,
    });
  }
  assert.throws(() => new Lock(null as never), TypeError);
  assert.equal(new Lock({ name: "fine" }).name, "fine");
});

test("acquire(false, timeout): a timeout with a non-blocking call is refused, free or not", () => {
  const prims: [string, { acquire(b?: boolean, t?: number): boolean; release(): void }][] = [
    ["Lock.acquire", new Lock()],
    ["RLock.acquire", new RLock()],
    ["Semaphore.acquire", new Semaphore(1)],
  ];
  for (const [call, prim] of prims) {
    for (let round = 0; round < 2; round++) {
      // round 0: free; round 1: taken (by the acquire below)
      assert.throws(() => prim.acquire(false, 1), {
        name: "RangeError",
        message: `${call}(blocking, timeout): can't specify a timeout for a non-blocking call (Python's rule); use acquire(false), or acquire(true, 1)`,
      });
      // Python's Lock and RLock refuse a negative timeout up front (its Semaphore does not).
      if (!(prim instanceof Semaphore)) {
        assert.throws(() => prim.acquire(true, -5), RangeError, `${call}(true, -5)`);
      }
      if (round === 0) assert.equal(prim.acquire(), true);
    }
    prim.release();
    assert.equal(prim.acquire(false), true, `${call}: the refused calls took nothing`);
    prim.release();
  }
});
