// Negative timeouts, as Python's concurrent.futures treats them: a timeout already past is a wait
// of zero (result(-1) returns a done future's result, else raises TimeoutError; wait(fs, -1)
// returns what is done; as_completed(fs, -1) yields the done futures, then raises). Users compute
// these (`deadline - now`), so being late is not an error. NaN still is.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { asCompleted, ThreadPoolExecutor, wait } from "../../src/futures/index.js";
import { Event } from "../../src/threading/index.js";

const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
after(() => pool.shutdown());

const gatedJob = (gate: Event, value: unknown) => {
  gate.wait(10);
  return value;
};

/** A finished future and one held by `gate` until the test sets it. */
async function doneAndHeld() {
  const done = pool.submit((x: string) => x, "done");
  await done;
  const gate = new Event();
  const held = pool.submit(gatedJob, gate, "held");
  return { done, held, gate };
}

test("result(-1), exception(-1) and resultSync(-1): a done future answers, a pending one times out", async () => {
  const { done, held, gate } = await doneAndHeld();
  try {
    assert.equal(await done.result(-1), "done");
    assert.equal(await done.exception(-1), undefined);
    assert.equal(done.resultSync(-1), "done");
    await assert.rejects(held.result(-1), { name: "TimeoutError" });
    await assert.rejects(held.exception(-0.5), { name: "TimeoutError" });
    assert.throws(() => held.resultSync(-1), { name: "TimeoutError" });
  } finally {
    gate.set();
  }
  assert.equal(await held, "held");
});

test("wait(fs, { timeout: -1 }) resolves at once with what is done", async () => {
  const { done, held, gate } = await doneAndHeld();
  try {
    const [finished, pending] = await wait([done, held], { timeout: -1 });
    assert.deepEqual([...finished], [done]);
    assert.deepEqual([...pending], [held]);
  } finally {
    gate.set();
  }
  await held;
});

test("asCompleted(fs, { timeout: -1 }) gives the done futures, then TimeoutError", async () => {
  const { done, held, gate } = await doneAndHeld();
  try {
    const [first, second] = [...asCompleted([held, done], { timeout: -1 })];
    assert.equal(await first, "done");
    await assert.rejects(second as Promise<unknown>, { name: "TimeoutError" });
  } finally {
    gate.set();
  }
  await held;
});

test("map(..., { timeout: -1 }) rejects with TimeoutError unless all is done", async () => {
  const gate = new Event();
  try {
    await assert.rejects(pool.map(gatedJob, [gate], ["held"], { timeout: -1 }), {
      name: "TimeoutError",
    });
  } finally {
    gate.set();
  }
});

test("submitWith({ timeout }) of 0 or less: the job's time is up, it never runs, no worker ends", async () => {
  const ran = new Int32Array(new SharedArrayBuffer(4));
  const mark = (ran: Int32Array) => Atomics.add(ran, 0, 1);
  const before = pool.statistics();
  for (const timeout of [-1, -0.001, 0]) {
    const f = pool.submitWith({ timeout }, mark, ran);
    await assert.rejects(f.result(), {
      name: "TimeoutError",
      message: `the job's timeout of ${timeout} s was up before it started, so it never ran — give it a positive timeout`,
    });
    assert.equal(f.done(), true);
  }
  await delay(20);
  assert.equal(Atomics.load(ran, 0), 0, "a job whose time was up ran anyway");
  const after = pool.statistics();
  assert.equal(after.crashed, before.crashed);
  assert.equal(after.failed, before.failed + 3);
  // Infinity: no limit, as cancelGrace's Infinity.
  assert.equal(await pool.submitWith({ timeout: Number.POSITIVE_INFINITY }, mark, ran), 0);
});

test("NaN is still refused at the call, with a clear error", async () => {
  const { held, gate } = await doneAndHeld();
  try {
    assert.throws(() => held.result(Number.NaN), {
      name: "RangeError",
      message: "result(timeout): timeout must be a number of seconds or omitted, got NaN",
    });
    assert.throws(() => held.resultSync(Number.NaN), RangeError);
    assert.throws(() => wait([held], { timeout: Number.NaN }), {
      name: "RangeError",
      message: "wait(fs, { timeout }): timeout must be a number of seconds, got NaN",
    });
    assert.throws(() => asCompleted([held], { timeout: Number.NaN }), RangeError);
    await assert.rejects(
      pool.map((x: number) => x, [1], { timeout: Number.NaN }),
      RangeError,
    );
    assert.throws(() => pool.submitWith({ timeout: Number.NaN }, () => 1), {
      name: "RangeError",
      message:
        "submitWith({ timeout }): timeout must be a number of seconds (Infinity: no limit), got NaN",
    });
  } finally {
    gate.set();
  }
  await held;
});
