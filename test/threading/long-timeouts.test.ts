// Timeouts of any finite length work: Node's setTimeout overflows past 2^31−1 ms (about 24.8
// days) and fires after 1 ms instead. Each test waits with a 30-day timeout on something the test
// holds, and checks that the wait is still pending a short real while later.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Event, Lock, Thread } from "../../src/threading/index.js";
import { stateAfter } from "../support/settled.js";

const DAYS_30 = 30 * 86_400;
/** Long enough for an overflowed timer (1 ms) to have fired many times over. */
const SETTLE_MS = 60;

/** What `promise` did within SETTLE_MS: "pending", or how it settled. */
function stateAfterAWhile(promise: PromiseLike<unknown>): Promise<string> {
  return stateAfter(promise, SETTLE_MS);
}

test("Thread.join(30 days) waits for the thread (no overflow)", async () => {
  const gate = new Event();
  const t = new Thread({ target: (gate: Event) => gate.wait(10), args: [gate] });
  t.start();
  try {
    const joined = t.join(DAYS_30);
    assert.equal(await stateAfterAWhile(joined), "pending");
    assert.equal(t.isAlive(), true);
    gate.set();
    await joined;
    assert.equal(t.isAlive(), false);
  } finally {
    gate.set();
  }
});

test("Lock.acquireAsync(30 days) waits, for the head of the line and for those behind it", async () => {
  const lock = new Lock();
  assert.equal(lock.acquire(), true);
  const first = lock.acquireAsync(DAYS_30);
  const second = lock.acquireAsync(DAYS_30); // behind the first: its own timer
  try {
    assert.equal(await stateAfterAWhile(first), "pending");
    assert.equal(await stateAfterAWhile(second), "pending");
    lock.release();
    assert.equal(await first, true);
    lock.release();
    assert.equal(await second, true);
  } finally {
    // Hands the lock to each waiter still in line, then frees it: nothing is left waiting.
    while (lock.locked()) lock.release();
  }
});
