import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ThreadPoolExecutor,
  wait,
} from "../../src/futures/index.js";
import { Event } from "../../src/threading/index.js";

const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
after(() => pool.shutdown());

/** A job that runs until the test sets `gate` (so "slow" never depends on the machine's load). */
const gatedJob = (gate: Event, value: unknown) => {
  gate.wait(10);
  return value;
};

const napJob = (ms: number, value: unknown) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return value;
};

test("wait() with ALL_COMPLETED resolves to [done, pending] Sets once all are done", async () => {
  const fs = [pool.submit(napJob, 5, 1), pool.submit(napJob, 10, 2)];
  const [done, pending] = await wait(fs);
  assert.equal(done.size, 2);
  assert.equal(pending.size, 0);
});

test("wait() with FIRST_COMPLETED returns as soon as one is done", async () => {
  const gate = new Event();
  const fast = pool.submit(napJob, 1, "fast");
  const slow = pool.submit(gatedJob, gate, "slow");
  const [done, pending] = await wait([fast, slow], { returnWhen: FIRST_COMPLETED });
  assert.ok(done.has(fast));
  assert.ok(pending.has(slow));
  gate.set();
  await slow;
});

test("wait() with FIRST_EXCEPTION returns at the first failure", async () => {
  const bad = pool.submit(() => {
    throw new Error("bad");
  });
  const gate = new Event();
  const slow = pool.submit(gatedJob, gate, "slow");
  const [done, pending] = await wait([bad, slow], { returnWhen: FIRST_EXCEPTION });
  assert.ok(done.has(bad));
  assert.ok(pending.has(slow));
  gate.set();
  await slow;
});

test("wait() with a timeout resolves with what is done by then", async () => {
  const gate = new Event();
  const slow = pool.submit(gatedJob, gate, "slow");
  const [done, pending] = await wait([slow], { timeout: 0.01 });
  assert.equal(done.size, 0);
  assert.equal(pending.size, 1);
  gate.set();
  await slow;
});

test("asCompleted() gives results in completion order", async () => {
  const gate = new Event();
  const slow = pool.submit(gatedJob, gate, "slow");
  const fast = pool.submit(napJob, 1, "fast");
  const order: unknown[] = [];
  const outcomes = [...asCompleted([slow, fast])];
  order.push(await outcomes[0]);
  gate.set();
  order.push(await outcomes[1]);
  assert.deepEqual(order, ["fast", "slow"]);
});

test("wait() and asCompleted() reject bad options at the call", () => {
  assert.throws(() => wait([], { returnWhen: "SOMETIMES" as never }), {
    name: "RangeError",
    message:
      "wait(fs, { returnWhen }): expected FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got SOMETIMES",
  });
  assert.throws(() => asCompleted([], { timeout: -1 }), RangeError);
});
