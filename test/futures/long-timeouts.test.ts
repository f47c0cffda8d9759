// Timeouts of any finite length work: Node's setTimeout overflows past 2^31−1 ms (about 24.8
// days) and fires after 1 ms instead, so every timeout here is armed through the kernel's
// NodeTimer. Each test gives a 30-day timeout to a job that cannot finish until the test lets it,
// and checks that nothing fired a short real while later (an overflowed timer fires in ~1 ms).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { asCompleted, ThreadPoolExecutor, wait } from "../../src/futures/index.js";
import { Event } from "../../src/threading/index.js";
import { stateAfter } from "../support/settled.js";

const DAYS_30 = 30 * 86_400;
/** Long enough for an overflowed timer (1 ms) to have fired many times over. */
const SETTLE_MS = 60;

const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
after(() => pool.shutdown());

const gatedJob = (gate: Event, value: unknown) => {
  gate.wait(10);
  return value;
};

/** What `promise` did within SETTLE_MS: "pending", or how it settled. */
function stateAfterAWhile(promise: PromiseLike<unknown>): Promise<string> {
  return stateAfter(promise, SETTLE_MS);
}

test("result(30 days) and exception(30 days) wait (no overflow)", async () => {
  const gate = new Event();
  const f = pool.submit(gatedJob, gate, "done");
  const r = f.result(DAYS_30);
  const e = f.exception(DAYS_30);
  assert.equal(await stateAfterAWhile(r), "pending");
  assert.equal(await stateAfterAWhile(e), "pending");
  gate.set();
  assert.equal(await r, "done");
  assert.equal(await e, undefined);
});

test("wait(fs, { timeout: 30 days }) and asCompleted(fs, { timeout: 30 days }) wait", async () => {
  const gate = new Event();
  const f = pool.submit(gatedJob, gate, "done");
  const waited = wait([f], { timeout: DAYS_30 });
  const [next] = [...asCompleted([f], { timeout: DAYS_30 })];
  assert.equal(await stateAfterAWhile(waited), "pending");
  assert.equal(await stateAfterAWhile(next as PromiseLike<unknown>), "pending");
  gate.set();
  const [done] = await waited;
  assert.equal(done.size, 1);
  assert.equal(await next, "done");
});

test("map(..., { timeout: 30 days }) waits", async () => {
  const gate = new Event();
  const results = pool.map(gatedJob, [gate], ["done"], { timeout: DAYS_30 });
  assert.equal(await stateAfterAWhile(results), "pending");
  gate.set();
  assert.deepEqual(await results, ["done"]);
});

test("submitWith({ timeout: 30 days }) does not end the job early", async () => {
  const gate = new Event();
  const f = pool.submitWith({ timeout: DAYS_30 }, gatedJob, gate, "done");
  assert.equal(await stateAfterAWhile(f.result()), "pending");
  assert.equal(f.running(), true);
  gate.set();
  assert.equal(await f, "done");
  assert.equal(pool.statistics().crashed, 0);
});

test("cancelGrace of 30 days does not terminate a cancelled running job early", async () => {
  const patient = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: DAYS_30 });
  try {
    const gate = new Event();
    const f = patient.submit(gatedJob, gate, "finished anyway");
    while (!f.running()) await delay(2);
    assert.equal(f.cancel(), false);
    assert.equal(await stateAfterAWhile(f.result()), "pending");
    assert.equal(f.cancelled(), false);
    gate.set();
    assert.equal(await f, "finished anyway");
  } finally {
    await patient.shutdown();
  }
});
