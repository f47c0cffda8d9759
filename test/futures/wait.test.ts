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
  assert.throws(() => asCompleted([], { timeout: Number.NaN }), RangeError);
});

/** A settled future of each kind a finished job can leave, and a gate for the unfinished ones. */
async function finishedAndUnfinished(one: ThreadPoolExecutor) {
  const successful = one.submit((x: number) => x, 1);
  const failed = one.submit(() => {
    throw new Error("failed");
  });
  await successful;
  await failed.exception();
  const gate = new Event();
  const running = one.submit(gatedJob, gate, "running");
  const pending = one.submit((x: string) => x, "pending");
  const cancelled = one.submit((x: string) => x, "cancelled");
  assert.equal(cancelled.cancel(), true);
  return { successful, failed, cancelled, running, pending, gate };
}

/** Settles within `ms` real milliseconds, or resolves to "still waiting" (so a defect cannot hang). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "still waiting"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"still waiting">((r) => {
    timer = setTimeout(() => r("still waiting"), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// CPython test_as_completed::test_future_times_out: the finished futures come out, then the
// timeout, even when one of the finished ones failed or was cancelled.
test("asCompleted() times out even when an input failed or was cancelled", async () => {
  const one = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const f = await finishedAndUnfinished(one);
    for (const timeout of [0, 0.05]) {
      const outcomes = [
        ...asCompleted([f.cancelled, f.failed, f.successful, f.running], { timeout }),
      ];
      const settled = await Promise.allSettled(outcomes.slice(0, 3));
      const reasons = settled.map((s) => (s.status === "fulfilled" ? s.value : s.reason.name));
      assert.deepEqual(reasons, ["CancelledError", "Error", 1]);
      const last = await within(
        outcomes[3]?.then(
          () => "completed",
          (e: Error) => e.name,
        ) as Promise<string>,
        2000,
      );
      assert.equal(last, "TimeoutError", `timeout ${timeout}`);
    }
    f.gate.set();
    assert.equal(await f.running, "running");
    assert.equal(await f.pending, "pending");
  } finally {
    await one.shutdown();
  }
});

// CPython test_as_completed::test_correct_timeout_exception_msg.
test("asCompleted()'s TimeoutError counts the unfinished futures", async () => {
  const one = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const f = await finishedAndUnfinished(one);
    const outcomes = [
      ...asCompleted([f.cancelled, f.pending, f.running, f.successful], { timeout: 0 }),
    ];
    const settled = await within(Promise.allSettled(outcomes), 2000);
    assert.notEqual(settled, "still waiting");
    const reasons = (settled as PromiseSettledResult<unknown>[]).map((s) =>
      s.status === "fulfilled" ? s.value : (s.reason as Error).message,
    );
    const unfinished =
      "asCompleted(): 2 (of 4) futures unfinished after 0 s; they keep running — wait longer, or cancel() them";
    assert.deepEqual(reasons, [
      "the job was cancelled before it started",
      1,
      unfinished,
      unfinished,
    ]);
    f.gate.set();
    await f.running;
    await f.pending;
  } finally {
    await one.shutdown();
  }
});

test("awaitables of asCompleted() left unawaited after a timeout are not unhandled rejections", async () => {
  const unhandled: unknown[] = [];
  const listen = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", listen);
  const one = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const f = await finishedAndUnfinished(one);
    // As a Python loop over as_completed would: stop at the first TimeoutError.
    try {
      for (const next of asCompleted([f.running, f.pending], { timeout: 0.01 })) {
        await next.catch((e: Error) => {
          if (e.name === "TimeoutError") throw e;
        });
      }
    } catch (e) {
      assert.equal((e as Error).name, "TimeoutError");
    }
    await new Promise((r) => setTimeout(r, 50)); // unhandled rejections are reported by now
    assert.deepEqual(unhandled, []);
    f.gate.set();
    await f.running;
  } finally {
    process.off("unhandledRejection", listen);
    await one.shutdown();
  }
});
